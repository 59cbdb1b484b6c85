"""Seal closing summaries, feedback and check-in answers again, bound to their rows.

Before this, a value's associated data named only its case and field, so one closing's
summary could be copied over another's and still open. Field names are written out as they were.
"""

from functools import partial

from django.db import migrations

from safespace.keystore.reseal import Column, Sealed, by_key, reseal

TABLES = [
    Sealed(
        "aftercare.Closure",
        "case__code",
        (),
        by_key,
        (Column("summary", "closure.summary"), Column("reopen_reason", "closure.reopen_reason")),
    ),
    Sealed(
        "aftercare.FeedbackGiven",
        "case__code",
        (),
        by_key,
        (Column("anything_else", "feedback.anything_else"),),
    ),
    Sealed("aftercare.CheckIn", "case__code", (), by_key, (Column("details", "check_in.details"),)),
]


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0002_check_in_notified")]

    operations = [migrations.RunPython(partial(reseal, tables=TABLES), migrations.RunPython.noop)]
