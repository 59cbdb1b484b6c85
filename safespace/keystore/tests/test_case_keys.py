"""Per-case keys: round trips, binding to case, field and row, rotation, and crypto-shredding."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from safespace.accounts.models import Directorate, Role
from safespace.actions import services as actions
from safespace.actions.models import ActionStatus, Meeting
from safespace.aftercare import services as aftercare
from safespace.aftercare.models import Outcome
from safespace.cases.models import Case, Stage
from safespace.cases.services import assign, create, hold, messages, shred
from safespace.cases.services import notes as case_notes
from safespace.cases.services import sealed as case_sealed
from safespace.directory.models import StaffMember
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KeystoreRouter
from safespace.lib.fields import EncryptedField
from tests.dump import DatabaseCopy

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


def by_code(row: dict[str, Any]) -> crypto.Row:
    return (uuid.UUID(str(row["code"])),)


def by_key(row: dict[str, Any]) -> crypto.Row:
    return (row["id"],)


def by_side(row: dict[str, Any]) -> crypto.Row:
    side = case_sealed.RAISER if row["from_raiser"] else case_sealed.CHAMPION
    return (*by_code(row), side)


# Every sealed column of a case, with the field name its ciphertext is bound to, and how a
# stored row names the row it is bound to.
SEALED = {
    ("cases_case", "narrative"): (case_sealed.NARRATIVE, by_code),
    ("cases_case", "contact_details"): (case_sealed.CONTACT, by_code),
    ("cases_case", "raiser_name"): (case_sealed.NAME, by_code),
    ("cases_case", "champion_preferences"): (case_sealed.PREFERENCES, by_code),
    ("cases_case", "people_named"): (case_sealed.PEOPLE, by_code),
    ("cases_assignment", "override_reason"): (case_sealed.OVERRIDE, by_key),
    ("cases_assignment", "decline_reason"): (case_sealed.DECLINE, by_key),
    ("cases_message", "body"): (case_sealed.MESSAGE, by_side),
    ("cases_note", "body"): (case_sealed.NOTE, by_code),
    ("cases_noteversion", "body"): (case_sealed.NOTE_VERSION, by_key),
    ("actions_meeting", "minutes"): (actions.MINUTES, by_code),
    ("actions_meeting", "raiser_comment"): (actions.COMMENT, by_code),
    ("actions_action", "description"): (actions.DESCRIPTION, by_code),
    ("actions_action", "dispute"): (actions.DISPUTE, by_code),
    ("actions_actionupdate", "note"): (actions.UPDATE, by_key),
    ("aftercare_closure", "summary"): (aftercare.SUMMARY, by_key),
    ("aftercare_closure", "reopen_reason"): (aftercare.REOPEN, by_key),
    ("aftercare_feedbackgiven", "anything_else"): (aftercare.FEEDBACK, by_key),
    ("aftercare_checkin", "details"): (aftercare.DETAILS, by_key),
}


def test_every_sealed_column_of_a_case_is_in_the_shredding_test() -> None:
    """Whichever app seals something with a case's key, shredding must be shown to reach it."""
    declared = {
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.fields
        if isinstance(field, EncryptedField)
    }
    assert declared == set(SEALED)


def case_with_every_sealed_field(make_user, network) -> tuple[Case, set[str]]:
    """A case with something written in each sealed column, and the words written."""
    words = {
        "narrative words",
        "contact words",
        "name words",
        "preferences words",
        "override words",
        "decline words",
        "raiser message words",
        "champion message words",
        "note words",
        "edited note words",
        "minutes words",
        "minutes comment words",
        "action words",
        "dispute words",
        "progress words",
        "summary words",
        "reopen words",
        "feedback words",
        "check-in words",
    }
    lead = make_user("lead@example.org", (network, Role.LEAD))
    first = make_user("first@example.org", (network, Role.CHAMPION))
    second = make_user("second@example.org", (network, Role.CHAMPION))
    case = create.create_case(
        create.NewConcern(
            network=network,
            narrative="narrative words",
            contact_details="contact words",
            raiser_name="name words",
            preferences="preferences words",
        )
    )
    person = StaffMember.objects.create(
        employee_number="E1",
        full_name="Pat Manager",
        email="pat@example.org",
        directorate=Directorate.objects.create(name="Place"),
    )
    hold.set_people_named(case, [person.pk], lead)
    words.add(json.dumps([person.pk]))
    assign.assign_champion(case, first, actor=lead, override_reason="override words")
    assign.assign_champion(case, second, actor=lead)
    assign.decline(case, second, "decline words")
    messages.send_message(case, "raiser message words", from_raiser=True, author=None)
    messages.send_message(case, "champion message words", from_raiser=False, author=first)
    note = case_notes.add_note(case, first, "note words", shared_with_raiser=False)
    case_notes.edit_note(note, first, "edited note words", shared_with_raiser=False)

    manager = make_user("manager@example.org", (network, Role.MANAGER))
    meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 4")
    actions.record_minutes(meeting, first, "minutes words", shared_with_raiser=True)
    actions.respond_to_minutes(meeting, agree=False, comment="minutes comment words")
    action = actions.add_action(
        meeting,
        first,
        description="action words",
        owner=manager,
        due=timezone.localdate(),
        shared_with_raiser=True,
    )
    actions.update_action(action, manager, ActionStatus.DONE, "progress words", role="manager")
    actions.dispute(action, "dispute words")

    Case.objects.filter(pk=case.pk).update(stage=Stage.ACTION_PLAN)
    case = Case.objects.get(pk=case.pk)
    aftercare.close(
        case, lead, outcome=Outcome.RESOLVED, formal_process="", summary="summary words"
    )
    aftercare.reopen(case, lead, "reopen words")
    case = Case.objects.get(pk=case.pk)
    aftercare.close(case, lead, outcome=Outcome.RESOLVED, formal_process="", summary="")
    aftercare.give_feedback(
        case, felt_heard=4, speak_up_again="yes", anything_else="feedback words"
    )
    check_in = case.check_ins.filter(answered_at__isnull=True).first()
    assert check_in is not None
    aftercare.answer_check_in(check_in, [], "check-in words")
    return Case.objects.get(pk=case.pk), words


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
