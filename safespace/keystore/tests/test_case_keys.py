"""Per-case keys: round trips, binding to case, field and row, rotation, and crypto-shredding."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from safespace.cases.models import Case
from safespace.cases.services import shred
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KeystoreRouter
from safespace.lib.fields import EncryptedField
from tests.helpers import SEALED, DatabaseCopy, case_with_every_sealed_field

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

OLD = "old:" + base64.b64encode(b"o" * 32).decode()
NEW = "new:" + base64.b64encode(b"n" * 32).decode()


ROW = (uuid.UUID(int=1),)


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
    blob = crypto.seal(case_code, "case.narrative", text, ROW)
    assert crypto.unseal(case_code, "case.narrative", blob, ROW) == text


def test_a_blob_opens_only_for_its_own_case_and_field(code) -> None:
    other = uuid.uuid4()
    crypto.create_case_key(other)
    blob = crypto.seal(code, "case.narrative", "secret words", ROW)
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(code, "note.body", blob, ROW)
    with pytest.raises((crypto.DecryptionFailed, crypto.KeyDestroyed)):
        crypto.unseal(other, "case.narrative", blob, ROW)


def test_a_tampered_byte_is_refused(code) -> None:
    blob = bytearray(crypto.seal(code, "case.narrative", "secret words", ROW))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(code, "case.narrative", bytes(blob), ROW)


def test_the_same_text_seals_differently_each_time(code) -> None:
    assert crypto.seal(code, "f", "same", ROW) != crypto.seal(code, "f", "same", ROW)


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
        blob = crypto.seal(case_code, "case.narrative", "kept across rotation", ROW)
    with override_settings(SAFESPACE_MASTER_KEY=f"{NEW},{OLD}"):
        call_command("rotate_master_key")
        assert "Re-wrapped 1 case keys under key new" in capsys.readouterr().out
        call_command("rotate_master_key")
        assert "Re-wrapped 0 case keys" in capsys.readouterr().out
    with override_settings(SAFESPACE_MASTER_KEY=NEW):
        assert crypto.unseal(case_code, "case.narrative", blob, ROW) == "kept across rotation"
    key = CaseKey.objects.using("keys").get(case_code=case_code)
    assert key.kek_id == "new" and key.rotated is not None


def test_a_key_under_an_unlisted_master_key_is_reported_clearly(code) -> None:
    from django.core.exceptions import ImproperlyConfigured

    blob = crypto.seal(code, "f", "x", ROW)
    with (
        override_settings(SAFESPACE_MASTER_KEY=NEW),
        pytest.raises(ImproperlyConfigured, match="does not list"),
    ):
        crypto.unseal(code, "f", blob, ROW)


@pytest.mark.parametrize(
    "value", ["", "nocolon", "id:not-base64!", "id:" + base64.b64encode(b"short").decode()]
)
def test_malformed_master_keys_are_refused_with_a_reason(value: str) -> None:
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(SAFESPACE_MASTER_KEY=value), pytest.raises(ImproperlyConfigured):
        crypto.keyring()


def test_every_sealed_column_of_a_case_is_in_the_shredding_test() -> None:
    """Whichever app seals something with a case's key, shredding must be shown to reach it."""
    declared = {
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.fields
        if isinstance(field, EncryptedField)
    }
    assert declared == set(SEALED)


def sealed_in(copy: DatabaseCopy, case: Case) -> list[tuple[str, str, bytes, crypto.Row]]:
    """Each sealed value of this case that the copy holds: (column, field name, ciphertext,
    the row it is bound to)."""

    def rows(table: str) -> list[dict[str, Any]]:
        if table == "cases_case":
            return [r for r in copy.rows(table) if r["id"] == case.pk]
        if table == "cases_noteversion":
            notes = {r["id"] for r in rows("cases_note")}
            return [r for r in copy.rows(table) if r["note_id"] in notes]
        if table == "actions_actionupdate":
            acts = {r["id"] for r in rows("actions_action")}
            return [r for r in copy.rows(table) if r["action_id"] in acts]
        return [r for r in copy.rows(table) if r["case_id"] == case.pk]

    return [
        (f"{table}.{column}", field, bytes(row[column]), bound_to(row))
        for (table, column), (field, bound_to) in SEALED.items()
        for row in rows(table)
        if row[column] is not None
    ]


def test_a_copy_of_the_case_database_is_unreadable_after_shredding(
    make_user, network, tmp_path
) -> None:
    case, words = case_with_every_sealed_field(make_user, network)
    copy = DatabaseCopy("default", tmp_path)
    sealed = sealed_in(copy, case)
    assert {column for column, _, _, _ in sealed} == {f"{t}.{c}" for t, c in SEALED}
    # Until the key goes, the copy opens with the live key store: it really holds the case.
    opened = {crypto.unseal(case.code, field, blob, row) for _, field, blob, row in sealed}
    assert opened == words
    if copy.path is not None:
        backup = copy.path.read_bytes()
        assert case.reference.encode() in backup
        assert not [w for w in words if w.encode() in backup]

    shred.shred_case(case, actor=None)

    assert not CaseKey.objects.using("keys").filter(case_code=case.code).exists()
    still_readable = []
    for column, field, blob, row in sealed:
        try:
            crypto.unseal(case.code, field, blob, row)
        except crypto.KeyDestroyed:
            continue
        still_readable.append(column)
    assert still_readable == []
