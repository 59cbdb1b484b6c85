"""The slow hash behind receipts: never below OWASP's floor, and older hashes still open concerns."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from safespace.cases.models import Case
from safespace.cases.services import create, lookup
from safespace.lib import receipts

pytestmark = pytest.mark.receipt_hash_cost

CODE = "0123456789ABCDEF"
PASSPHRASE = "violet harbour trellis"
# What receipts were hashed with before decision 0006.
EARLIER = PasswordHasher(time_cost=2, memory_cost=65536, parallelism=1)


def test_the_hash_is_argon2id_at_or_above_owasps_minimum() -> None:
    made = extract_parameters(receipts.slow_hash(PASSPHRASE))
    assert made.type is Type.ID
    # OWASP's Password Storage Cheat Sheet: 19 MiB with 2 passes, or more memory for fewer.
    assert made.memory_cost * made.time_cost >= 19 * 1024 * 2
    assert made.memory_cost >= 19 * 1024
    assert made.salt_len >= 16


def test_a_hash_made_with_the_earlier_settings_still_checks() -> None:
    earlier = EARLIER.hash(PASSPHRASE)
    assert receipts.check(PASSPHRASE, earlier)
    assert not receipts.check("violet harbour trellis!", earlier)


def test_an_earlier_hash_is_refreshed_to_the_current_settings() -> None:
    fresh = receipts.refreshed(PASSPHRASE, EARLIER.hash(PASSPHRASE))
    assert fresh is not None
    assert extract_parameters(fresh) == extract_parameters(receipts.slow_hash("anything else"))
    assert receipts.check(PASSPHRASE, fresh)


@pytest.mark.parametrize("hashed", ["current", "not a hash", ""])
def test_a_current_or_unreadable_hash_is_left_alone(hashed: str) -> None:
    stored = receipts.slow_hash(PASSPHRASE) if hashed == "current" else hashed
    assert receipts.refreshed(PASSPHRASE, stored) is None


@pytest.mark.django_db(databases=["default", "keys"])
def test_a_concern_with_earlier_hashes_still_opens_with_its_receipt(network) -> None:
    case = create.create_case(
        create.NewConcern(network=network, receipt=CODE, passphrase=PASSPHRASE)
    )
    Case.objects.filter(pk=case.pk).update(
        receipt_hash=EARLIER.hash(CODE), passphrase_hash=EARLIER.hash(PASSPHRASE)
    )
    assert lookup.find_by_receipt(CODE, "violet harbour trellis!") is None
    unchanged = Case.objects.get(pk=case.pk)
    assert extract_parameters(unchanged.receipt_hash).memory_cost == 65536, "not on a failure"
    assert lookup.find_by_receipt(CODE, PASSPHRASE) == case
    # The successful check moved both hashes to today's settings, and they still open it.
    moved = Case.objects.get(pk=case.pk)
    for hashed in (moved.receipt_hash, moved.passphrase_hash):
        assert extract_parameters(hashed) == extract_parameters(receipts.HASHER.hash("x"))
    assert lookup.find_by_receipt(CODE, PASSPHRASE) == case
