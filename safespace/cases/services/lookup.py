"""Finding the case a receipt code and passphrase open."""

from __future__ import annotations

from safespace.cases.models import Case
from safespace.cases.receipt_lookup import case_by_receipt
from safespace.lib import receipts


def find_by_receipt(code: str, passphrase: str) -> Case | None:
    """The case these two secrets open, or None.

    Always two Argon2 checks, against a stand-in hash when no case has the code (or the code is
    empty because it could not be read), and never cut short: an unknown code, a wrong
    passphrase and a right pair cost the same, so timing tells a guesser nothing.
    """
    case = case_by_receipt(code)
    code_hash = case.receipt_hash if case is not None else receipts.DUMMY_HASH
    passphrase_hash = case.passphrase_hash if case is not None else receipts.DUMMY_HASH
    normalised = receipts.normalise_passphrase(passphrase)
    code_ok = receipts.check(code, code_hash)
    passphrase_ok = receipts.check(normalised, passphrase_hash)
    if case is None or not (code_ok and passphrase_ok):
        return None
    # Hashes made under earlier settings move to the current ones once the pair is proven.
    fresh = {
        field: new_hash
        for field, secret, old_hash in (
            ("receipt_hash", code, code_hash),
            ("passphrase_hash", normalised, passphrase_hash),
        )
        if (new_hash := receipts.refreshed(secret, old_hash))
    }
    if fresh:
        Case.objects.filter(pk=case.pk).update(**fresh)
    return case
