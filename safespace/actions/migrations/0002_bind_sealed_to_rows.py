"""Seal meeting minutes, actions and their updates again, bound to their rows.

Before this, a value's associated data named only its case and field, so one action's words
could be copied over another's and still open. Field names are written out as they were.
"""

from functools import partial

from django.db import migrations

from safespace.keystore.reseal import Column, Sealed, by_code, by_key, reseal

TABLES = [
    Sealed(
        "actions.Meeting",
        "case__code",
        ("code",),
        by_code,
        (Column("minutes", "meeting.minutes"), Column("raiser_comment", "meeting.raiser_comment")),
    ),
    Sealed(
        "actions.Action",
        "case__code",
        ("code",),
        by_code,
        (Column("description", "action.description"), Column("dispute", "action.dispute")),
    ),
    Sealed(
        "actions.ActionUpdate",
        "action__case__code",
        (),
        by_key,
        (Column("note", "action.update"),),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]

    operations = [migrations.RunPython(partial(reseal, tables=TABLES), migrations.RunPython.noop)]
