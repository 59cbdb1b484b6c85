"""Finding a concern by its receipt: the same Argon2 work whatever was typed."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client

from safespace.cases.services import create, lookup
from safespace.lib import receipts

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

CODE = "0123456789ABCDEF"
PASSPHRASE = "violet harbour trellis"


@pytest.fixture
def case(network):
    return create.create_case(
        create.NewConcern(network=network, receipt=CODE, passphrase=PASSPHRASE)
    )


def checks_made(code: str, passphrase: str) -> tuple[int, object]:
    with mock.patch.object(receipts, "check", wraps=receipts.check) as check:
        found = lookup.find_by_receipt(code, passphrase)
    return check.call_count, found


def test_it_does_the_same_argon2_work_whether_or_not_the_code_exists(case) -> None:
    attempts = {
        "the right pair": (CODE, PASSPHRASE),
        "a wrong passphrase": (CODE, "wrong wrong wrong"),
        "an unknown code": ("ZZZZZZZZZZZZZZZZ", PASSPHRASE),
        "a code that could not be read": ("", PASSPHRASE),
    }
    made = {name: checks_made(*attempt) for name, attempt in attempts.items()}
    assert {name: count for name, (count, _) in made.items()} == dict.fromkeys(attempts, 2)
    assert made["the right pair"][1] == case
    assert all(found is None for name, (_, found) in made.items() if name != "the right pair")


def test_track_does_the_same_work_for_a_code_it_cannot_read(case) -> None:
    counts = []
    for typed in ["hello", "ZZZZ-ZZZZ-ZZZZ-ZZZZ", receipts.format_code(CODE)]:
        with mock.patch.object(receipts, "check", wraps=receipts.check) as check:
            Client().post("/track/", {"receipt": typed, "passphrase": "wrong wrong wrong"})
        counts.append(check.call_count)
    assert counts == [2, 2, 2]
