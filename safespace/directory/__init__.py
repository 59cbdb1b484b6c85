"""The organisation's staff directory: who works where, and who manages whom."""
