"""The tamper-evident audit trail: every read and write of case content, hash-chained."""
