"""Sealed values are bound to their rows: swapped or copied ciphertext fails to open, kindly."""

from __future__ import annotations

import uuid

import pytest

from safespace.accounts.models import Role
from safespace.cases.models import Case, Message, Note, NoteVersion
from safespace.cases.services import assign, create, messages, notes, reads, sealed
from safespace.keystore import crypto
from tests.helpers import raiser_client, seal_the_old_way, sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

BROKEN = "Part of this concern could not be opened safely"


@pytest.fixture
def code() -> uuid.UUID:
    case_code = uuid.uuid4()
    crypto.create_case_key(case_code)
    return case_code


def test_a_blob_opens_only_in_its_own_row(code) -> None:
    row = (uuid.uuid4(),)
    blob = crypto.seal(code, sealed.NOTE, "my words", row)
    assert crypto.unseal(code, sealed.NOTE, blob, row) == "my words"
    elsewhere: list[crypto.Row] = [(uuid.uuid4(),), (1,), (*row, "raiser"), ("x",)]
    for other in elsewhere:
        with pytest.raises(crypto.DecryptionFailed):
            crypto.unseal(code, sealed.NOTE, blob, other)


def test_a_message_opens_only_on_the_side_it_came_from(code) -> None:
    message = uuid.uuid4()
    blob = crypto.seal(code, sealed.MESSAGE, "hello", (message, sealed.RAISER))
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(code, sealed.MESSAGE, blob, (message, sealed.CHAMPION))


def test_a_key_and_a_code_never_name_the_same_row(code) -> None:
    blob = crypto.seal(code, "f", "x", (12,))
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(code, "f", blob, ("12",))


def test_a_value_sealed_the_old_way_never_opens_outside_the_upgrade(code) -> None:
    row = (uuid.uuid4(),)
    old = seal_the_old_way(code, sealed.NOTE, "old words")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(code, sealed.NOTE, old, row)
    relabelled = crypto.VERSION + old[1:]
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(code, sealed.NOTE, relabelled, row)
    resealed = crypto.reseal_legacy(code, sealed.NOTE, old, row)
    assert resealed is not None
    assert crypto.unseal(code, sealed.NOTE, resealed, row) == "old words"
    assert crypto.reseal_legacy(code, sealed.NOTE, resealed, row) is None


def test_it_refuses_to_seal_into_a_row_that_has_no_key_yet() -> None:
    with pytest.raises(ValueError, match="Save the row"):
        sealed.by_key(NoteVersion())


@pytest.fixture
def conversation(make_user, network) -> tuple[Case, Message, Message]:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    case = create.create_case(create.NewConcern(network=network, narrative="what happened"))
    assign.assign_champion(case, champion, actor=lead)
    mine = messages.send_message(case, "raiser words", from_raiser=True, author=None)
    theirs = messages.send_message(case, "champion words", from_raiser=False, author=champion)
    return case, mine, theirs


def swap_bodies(first: Message, second: Message) -> None:
    """What someone who can write the case database, and nothing else, can do."""
    Message.objects.filter(pk=first.pk).update(body=second.body)
    Message.objects.filter(pk=second.pk).update(body=first.body)


def test_messages_swapped_in_the_database_do_not_open(conversation) -> None:
    case, mine, theirs = conversation
    assert [m.body for m in reads.read_messages(case, None)] == [
        "raiser words",
        "champion words",
    ]
    swap_bodies(mine, theirs)
    with pytest.raises(crypto.DecryptionFailed) as failed:
        reads.read_messages(case, None)
    assert failed.value.case_code == case.code
    assert failed.value.field == sealed.MESSAGE


def test_a_champion_is_told_plainly_and_shown_neither_message(client, conversation, caplog) -> None:
    case, mine, theirs = conversation
    champion = theirs.author
    assert champion is not None
    swap_bodies(mine, theirs)
    sign_in(client, champion)
    response = client.get(f"/cases/{case.code}/")
    page = response.content.decode()
    assert response.status_code == 409
    assert BROKEN in page
    assert "raiser words" not in page and "champion words" not in page
    assert f"case {case.code}, field {sealed.MESSAGE}" in caplog.text
    assert "raiser words" not in caplog.text


def test_the_raiser_is_told_plainly_too(conversation) -> None:
    case, mine, theirs = conversation
    swap_bodies(mine, theirs)
    response = raiser_client(case).get("/track/concern/")
    assert response.status_code == 409
    assert BROKEN in response.content.decode()


@pytest.fixture
def edited_note(make_user, network) -> tuple[Case, Note]:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    case = create.create_case(create.NewConcern(network=network, narrative="what happened"))
    assign.assign_champion(case, champion, actor=lead)
    note = notes.add_note(case, champion, "first words", shared_with_raiser=False)
    notes.edit_note(note, champion, "second words", shared_with_raiser=False)
    notes.edit_note(note, champion, "third words", shared_with_raiser=False)
    return case, Note.objects.get(pk=note.pk)


def test_earlier_versions_open_as_they_were(edited_note) -> None:
    case, _ = edited_note
    (shown,) = reads.read_notes(case, None)
    assert shown.body == "third words"
    assert shown.earlier == ["first words", "second words"]


def test_an_older_version_copied_over_a_newer_one_does_not_open(edited_note) -> None:
    case, note = edited_note
    older, newer = note.versions.order_by("pk")
    NoteVersion.objects.filter(pk=newer.pk).update(body=older.body)
    with pytest.raises(crypto.DecryptionFailed):
        reads.read_notes(case, None)


def test_an_older_version_copied_over_the_note_does_not_open(edited_note) -> None:
    case, note = edited_note
    older = note.versions.order_by("pk").first()
    assert older is not None
    Note.objects.filter(pk=note.pk).update(body=older.body)
    with pytest.raises(crypto.DecryptionFailed):
        reads.read_notes(case, None)


def test_a_note_whose_words_were_replaced_cannot_be_edited_either(edited_note) -> None:
    _, note = edited_note
    older = note.versions.order_by("pk").first()
    assert older is not None
    Note.objects.filter(pk=note.pk).update(body=older.body)
    note.refresh_from_db()
    assert note.author is not None
    with pytest.raises(crypto.DecryptionFailed):
        notes.edit_note(note, note.author, "fourth words", shared_with_raiser=False)
    assert note.versions.count() == 2
