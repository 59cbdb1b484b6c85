"""Performance at scale: a realistic fictional load (`seed_scale`) and the bench's own view."""
