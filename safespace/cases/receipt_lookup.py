"""Finding a concern by its receipt code, through the keyed look-up the case keeps.

Cases raised before the receipt look-up had its own key keep a look-up keyed from SECRET_KEY
(docs/decisions/0008-purpose-keys.md). One query asks for either; a case found by the old one
is given the new one there and then, the only moment its code is known, so after its raiser's
next visit it no longer depends on SECRET_KEY at all.
"""

from __future__ import annotations

from safespace.cases.models import Case
from safespace.lib import receipts


def case_by_receipt(code: str) -> Case | None:
    """The case whose receipt code this is, or None (also for an empty code)."""
    if not code:
        return None
    current = receipts.lookup_key(code)
    candidates = [current, *receipts.legacy_lookup_keys(code)]
    found = Case.objects.filter(receipt_lookup__in=candidates).first()
    if found is not None and found.receipt_lookup != current:
        Case.objects.filter(pk=found.pk).update(receipt_lookup=current)
        found.receipt_lookup = current
    return found
