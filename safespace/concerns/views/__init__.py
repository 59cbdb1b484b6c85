"""The pages of raising a concern, coming back to it, and the raiser's own page."""
