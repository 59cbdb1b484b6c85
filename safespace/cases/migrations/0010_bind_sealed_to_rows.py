"""Seal every case's narrative, names, messages, notes and reasons again, bound to their rows.

Before this, a value's associated data named only its case and field, so two messages (or a
note and one of its earlier versions) could be swapped in the database and both still open.
Field names are written out here, as they were when this ran.
"""

from functools import partial
from typing import Any

from django.db import migrations

from safespace.keystore.reseal import Column, Sealed, by_code, by_key, reseal


def message_row(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["code"], "raiser" if values["from_raiser"] else "champion")


TABLES = [
    Sealed(
        "cases.Case",
        "code",
        ("code",),
        by_code,
        (
            Column("narrative", "case.narrative"),
            Column("contact_details", "case.contact"),
            Column("raiser_name", "case.raiser_name"),
            Column("champion_preferences", "case.preferences"),
            Column("people_named", "case.people_named"),
        ),
    ),
    Sealed(
        "cases.Assignment",
        "case__code",
        (),
        by_key,
        (
            Column("override_reason", "assignment.override_reason"),
            Column("decline_reason", "assignment.decline_reason"),
        ),
    ),
    Sealed(
        "cases.Message",
        "case__code",
        ("code", "from_raiser"),
        message_row,
        (Column("body", "message.body"),),
    ),
    Sealed("cases.Note", "case__code", ("code",), by_code, (Column("body", "note.body"),)),
    Sealed(
        "cases.NoteVersion",
        "note__case__code",
        (),
        by_key,
        (Column("body", "note_version.body", legacy_field="note.body"),),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_acknowledgement")]

    operations = [migrations.RunPython(partial(reseal, tables=TABLES), migrations.RunPython.noop)]
