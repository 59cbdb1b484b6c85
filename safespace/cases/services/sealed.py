"""The name each sealed value of a case is kept under, and the row it is bound to."""

from __future__ import annotations

from django.db import models

from safespace.audit import casework
from safespace.cases.models import Case, Message, Note
from safespace.keystore import crypto

NARRATIVE = "case.narrative"
CONTACT = "case.contact"
NAME = "case.raiser_name"
PREFERENCES = "case.preferences"
MESSAGE = "message.body"
NOTE = "note.body"
NOTE_VERSION = "note_version.body"
PEOPLE = "case.people_named"
OVERRIDE = "assignment.override_reason"
DECLINE = "assignment.decline_reason"
RAISER = casework.RAISER
CHAMPION = "champion"


# The row each sealed value is bound to (safespace/keystore/crypto.py): its own immutable id, so
# ciphertext copied from one row to another no longer opens.
def case_row(case: Case) -> crypto.Row:
    return (case.code,)


def message_row(message: Message) -> crypto.Row:
    return (message.code, RAISER if message.from_raiser else CHAMPION)


def note_row(note: Note) -> crypto.Row:
    return (note.code,)


def by_key(row: models.Model) -> crypto.Row:
    """Rows without a code are bound to their primary key, so they are sealed once saved."""
    if row.pk is None:
        raise ValueError("Save the row before sealing into it.")
    return (row.pk,)
