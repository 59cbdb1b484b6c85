"""The raiser's side: raising a concern, coming back to it, and staying in control of it."""
