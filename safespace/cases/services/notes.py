"""Champions' notes: adding one, and changing one while keeping what it said before."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, Note, NoteVersion
from safespace.cases.services.sealed import NOTE, NOTE_VERSION, by_key, note_row
from safespace.keystore import crypto


def add_note(case: Case, author: User, body: str, shared_with_raiser: bool) -> Note:
    with transaction.atomic():
        note = Note(case=case, author=author, shared_with_raiser=shared_with_raiser)
        note.body = crypto.seal(case.code, NOTE, body, note_row(note))
        note.save()
        audit_case(author, AuditAction.NOTE_ADD, case)
    return note


def edit_note(note: Note, editor: User, body: str, shared_with_raiser: bool) -> None:
    """Change a note, keeping what it said before.

    What it said is sealed again into the version's own row, so neither can stand in for the
    other: an older version copied over the note, or over a newer version, does not open.
    """
    case = note.case
    with transaction.atomic():
        version = NoteVersion.objects.create(note=note, shared_with_raiser=note.shared_with_raiser)
        if note.body:
            before = crypto.unseal(case.code, NOTE, bytes(note.body), note_row(note))
            version.body = crypto.seal(case.code, NOTE_VERSION, before, by_key(version))
            version.save(update_fields=["body"])
        note.body = crypto.seal(case.code, NOTE, body, note_row(note))
        note.shared_with_raiser = shared_with_raiser
        note.edited = timezone.now()
        note.save(update_fields=["body", "shared_with_raiser", "edited"])
        audit_case(editor, AuditAction.NOTE_EDIT, note.case)
