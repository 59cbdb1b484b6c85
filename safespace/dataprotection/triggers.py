"""The officer's record of searches and erasures is kept as written: the database itself refuses
to change or delete a row, as it does for the audit trail."""

from __future__ import annotations

from safespace.lib import triggers

GUARDS = [
    triggers.append_only(
        "dataprotection_search", "dp_search", "the record of searches is append-only"
    ),
    triggers.append_only(
        "dataprotection_erasure", "dp_erasure", "the record of erasures is append-only"
    ),
]
