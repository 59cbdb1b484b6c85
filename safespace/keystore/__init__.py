"""The wrapped case keys, kept in their own database apart from the cases they open."""
