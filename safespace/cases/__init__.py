"""Concerns raised through the clinic, and who is working on them."""
