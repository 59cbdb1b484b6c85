"""The triggers that make the database itself refuse to change or delete audit events."""

from __future__ import annotations

from safespace.lib import triggers

TABLE = "audit_auditevent"

GUARD = triggers.append_only(TABLE, "audit", "audit events are append-only")
install = GUARD.install
remove = GUARD.remove
