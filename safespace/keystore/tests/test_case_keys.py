"""Per-case keys: round trips, binding to case and field, rotation, and crypto-shredding."""

from __future__ import annotations

import base64
import uuid

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from safespace.cases import services
from safespace.cases.models import Case
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KeystoreRouter
from safespace.lib import crypto

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

OLD = "old:" + base64.b64encode(b"o" * 32).decode()
NEW = "new:" + base64.b64encode(b"n" * 32).decode()


@pytest.fixture
def code() -> uuid.UUID:
    case_code = uuid.uuid4()
    crypto.create_case_key(case_code)
    return case_code


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=3000))
def test_any_text_round_trips(text: str) -> None:
    case_code = uuid.uuid4()
    crypto.create_case_key(case_code)
    assert (
        crypto.unseal(case_code, "case.narrative", crypto.seal(case_code, "case.narrative", text))
        == text
    )


def test_a_blob_opens_only_for_its_own_case_and_field(code) -> None:
    other = uuid.uuid4()
    crypto.create_case_key(other)
    blob = crypto.seal(code, "case.narrative", "secret words")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(code, "note.body", blob)
    with pytest.raises((crypto.DecryptionFailed, crypto.KeyDestroyed)):
        crypto.unseal(other, "case.narrative", blob)


def test_a_tampered_byte_is_refused(code) -> None:
    blob = bytearray(crypto.seal(code, "case.narrative", "secret words"))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(code, "case.narrative", bytes(blob))


def test_the_same_text_seals_differently_each_time(code) -> None:
    assert crypto.seal(code, "f", "same") != crypto.seal(code, "f", "same")


def test_keys_live_in_the_key_store_not_the_case_database(code) -> None:
    assert CaseKey.objects.using("keys").filter(case_code=code).exists()
    default_tables = connections["default"].introspection.table_names()
    assert "keystore_casekey" not in default_tables
    assert "keystore_casekey" in connections["keys"].introspection.table_names()
    router = KeystoreRouter()
    assert router.db_for_write(CaseKey) == "keys"
    assert router.db_for_write(Case) == "default"
    assert router.allow_migrate("keys", "keystore") and not router.allow_migrate(
        "default", "keystore"
    )
    assert router.allow_migrate("default", "cases") and not router.allow_migrate("keys", "cases")


def test_rotation_rewraps_keys_without_touching_ciphertext(capsys) -> None:
    with override_settings(SAFESPACE_MASTER_KEY=OLD):
        case_code = uuid.uuid4()
        crypto.create_case_key(case_code)
        blob = crypto.seal(case_code, "case.narrative", "kept across rotation")
    with override_settings(SAFESPACE_MASTER_KEY=f"{NEW},{OLD}"):
        call_command("rotate_master_key")
        assert "Re-wrapped 1 case keys under key new" in capsys.readouterr().out
        call_command("rotate_master_key")
        assert "Re-wrapped 0 case keys" in capsys.readouterr().out
    with override_settings(SAFESPACE_MASTER_KEY=NEW):
        assert crypto.unseal(case_code, "case.narrative", blob) == "kept across rotation"
    key = CaseKey.objects.using("keys").get(case_code=case_code)
    assert key.kek_id == "new" and key.rotated is not None


def test_a_key_under_an_unlisted_master_key_is_reported_clearly(code) -> None:
    from django.core.exceptions import ImproperlyConfigured

    blob = crypto.seal(code, "f", "x")
    with (
        override_settings(SAFESPACE_MASTER_KEY=NEW),
        pytest.raises(ImproperlyConfigured, match="does not list"),
    ):
        crypto.unseal(code, "f", blob)


@pytest.mark.parametrize(
    "value", ["", "nocolon", "id:not-base64!", "id:" + base64.b64encode(b"short").decode()]
)
def test_malformed_master_keys_are_refused_with_a_reason(value: str) -> None:
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(SAFESPACE_MASTER_KEY=value), pytest.raises(ImproperlyConfigured):
        crypto.keyring()


def test_a_copy_of_the_case_database_is_unreadable_after_shredding() -> None:
    from safespace.accounts.models import Network

    network = Network.objects.create(name="Race Equality Network", slug="ren")
    case = services.create_case(services.NewConcern(network=network, narrative="shred me please"))
    # Take the copy someone might hold: every column of the case's row, as a backup has it.
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case WHERE id = %s", [case.pk])
        row = cursor.fetchone()
        columns = [c[0] for c in cursor.description]
    backup = dict(zip(columns, row, strict=True))
    narrative = backup["narrative"]
    narrative = bytes(narrative)
    assert b"shred me please" not in narrative
    assert crypto.unseal(case.code, services.NARRATIVE, narrative) == "shred me please"

    services.shred_case(case, actor=None)

    with pytest.raises(crypto.KeyDestroyed):
        crypto.unseal(case.code, services.NARRATIVE, narrative)
    assert not CaseKey.objects.using("keys").filter(case_code=case.code).exists()
