"""The action scorecard: where each action stands, in exactly one outcome column.

The accountability page (safespace/insights/accountability_views.py) and the insight report
(safespace/insights/figures.py) both show these, under these names, so a row's outcomes always
add up to its number of actions. Both read insight's summary of actions; `counts` counts the
same outcomes from the rows, which the summary must always equal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext_noop

from safespace.actions.models import ActionStatus

# How many actions a row has; the outcome columns add up to it.
ACTIONS = "actions"


@dataclass(frozen=True)
class Outcome:
    key: str  # the column's name in the counted rows
    # Both in English, marked for the catalogue: the accountability page translates them as it
    # shows them, and the insight report's figures and exports keep them as they are.
    heading: str
    meaning: str  # what the column counts, in the words a reader is given


OUTCOMES = (
    Outcome(
        "not_yet_due",
        gettext_noop("Not yet due"),
        gettext_noop("Not started or in progress, and its due date is today or later."),
    ),
    Outcome(
        "on_time",
        gettext_noop("Done on time"),
        gettext_noop("Marked done on or before its due date."),
    ),
    Outcome("late", gettext_noop("Done late"), gettext_noop("Marked done after its due date.")),
    Outcome(
        "overdue",
        gettext_noop("Overdue"),
        gettext_noop("Not started or in progress, and its due date has passed."),
    ),
    Outcome(
        "not_done",
        gettext_noop("Not done"),
        gettext_noop("Its owner recorded that it will not be done."),
    ),
)


def counts(today: datetime.date) -> dict[str, Count]:
    """The aggregates to annotate a grouped query of actions with: the number of actions, then
    each outcome, in the order of OUTCOMES."""
    open_ = Q(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
    done = Q(status=ActionStatus.DONE)
    where = {
        "not_yet_due": open_ & Q(due__gte=today),
        # Done with no recorded time (from before times were kept) counts as on time.
        "on_time": done & (Q(done_at__isnull=True) | Q(done_at__date__lte=F("due"))),
        "late": done & Q(done_at__date__gt=F("due")),
        "overdue": open_ & Q(due__lt=today),
        "not_done": Q(status=ActionStatus.NOT_DONE),
    }
    return {
        ACTIONS: Count("pk"),
        **{outcome.key: Count("pk", filter=where[outcome.key]) for outcome in OUTCOMES},
    }
