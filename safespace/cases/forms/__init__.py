"""One form module per casework action."""
