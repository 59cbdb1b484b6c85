"""Every insight figure, counted exactly by the database for one period and set of networks.

Each function asks for aggregates (GROUP BY and COUNT, SUM or MIN), so it costs the same
few queries for seven cases as for seventy thousand, and none reads sealed content. What
comes back is exact: `Counts` tables and bare numbers, for `disclosure` to turn into what a
viewer may see.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, ngettext

from safespace.accounts.models import Directorate, Network, Theme
from safespace.actions import scorecard
from safespace.actions.models import Action
from safespace.aftercare.models import (
    CheckIn,
    Closure,
    Detriment,
    FeedbackAnswer,
    Outcome,
    SpeakUpAgain,
)
from safespace.cases.models import Activity, Case, Channel, Message, Stage, TimeEntry
from safespace.insights.disclosure import (
    WITHHELD,
    median_figure,
    percentage,
    publish,
    threshold_setting,
)
from safespace.insights.tables import Counts, Figure, Published
from safespace.tripwire.models import Alert, EventKind

# Labels are kept in English where written and translated as each table is counted.
NOT_RECORDED = gettext_noop("Not recorded")

# The answers to "did you feel heard?", as the feedback form words them, most heard first.
FELT_HEARD = (
    (5, gettext_noop("Yes, completely")),
    (4, gettext_noop("Mostly")),
    (3, gettext_noop("Partly")),
    (2, gettext_noop("Not really")),
    (1, gettext_noop("Not at all")),
)

# Time logged as one of these is a conversation with the person who raised the concern.
CONTACT_ACTIVITIES = (Activity.LISTENING, Activity.MEETING)


@dataclass(frozen=True)
class Scope:
    """Which networks, over which days (both inclusive). Concerns count by the day they were
    raised unless a figure says otherwise."""

    networks: tuple[Network, ...]
    start: datetime.date
    end: datetime.date

    @property
    def threshold(self) -> int:
        """The disclosure threshold its figures keep: the strictest of its networks'."""
        return max((n.disclosure_threshold for n in self.networks), default=threshold_setting())

    @property
    def first_contact_days(self) -> list[int]:
        """The first-contact targets its networks promise, smallest first."""
        return sorted({n.first_contact_days for n in self.networks})

    @property
    def since(self) -> datetime.datetime:
        """The first moment of the first day, in the service's time zone."""
        return _midnight(self.start)

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the last day: periods are compared as since <= t < until."""
        return _midnight(self.end + datetime.timedelta(days=1))


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _concerns(scope: Scope) -> QuerySet[Case]:
    """The concerns raised in the period. A held concern is not among them: its raiser asked
    that nobody know of it until someone else raises the same person, and a count is knowing.
    Once released it is counted from the day it was raised."""
    return Case.objects.filter(
        network__in=scope.networks, created__gte=scope.since, created__lt=scope.until
    ).exclude(stage=Stage.HELD)


def _closings(scope: Scope) -> QuerySet[Closure]:
    """Closings in the period that still stand: a reopened case's earlier outcome is not one."""
    return Closure.objects.filter(
        case__network__in=scope.networks,
        closed_at__gte=scope.since,
        closed_at__lt=scope.until,
        reopened_at__isnull=True,
    )


def _one_way(
    key: str,
    title: str,
    row_heading: str,
    column: str,
    labels: Iterable[tuple[Any, str]],
    counted: Mapping[Any, int],
    *,
    additive: bool = True,
    description: str = "",
) -> Counts:
    """A single-column table with a row for every label, counted or not, in the given order.

    Rows with no count still show (as 0): a row that appears only when someone is in it would
    itself tell something.
    """
    labels = list(labels)
    known = {value for value, _ in labels}
    # Anything counted under a value the labels do not know is shown, never silently dropped.
    labels += [(value, str(value)) for value in counted if value not in known]
    return Counts(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=tuple(label for _, label in labels),
        columns=(column,),
        cells=tuple((counted.get(value, 0),) for value, _ in labels),
        additive=additive,
        description=description,
    )


def _grouped(queryset: QuerySet[Any], field: str) -> dict[Any, int]:
    """How many rows for each value of one field: one GROUP BY query."""
    rows = queryset.values(field).annotate(n=Count("pk", distinct=True)).order_by()
    return {row[field]: row["n"] for row in rows}


def _named(names: Iterable[str]) -> list[tuple[str | None, str]]:
    """Names as (value, label) rows, each once, then the row for "none recorded"."""
    unique = list(dict.fromkeys(names))
    return [*((name, name) for name in unique), (None, gettext(NOT_RECORDED))]


def _translated(choices: Iterable[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """Choice labels, written in English, in the reader's language."""
    return [(value, gettext(label)) for value, label in choices]


# Concerns -------------------------------------------------------------------------------


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of each month the period touches, in order."""
    first, found = start.replace(day=1), []
    while first <= end:
        found.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return found


def by_month(scope: Scope) -> Counts:
    raised = (
        _concerns(scope)
        .annotate(month=TruncMonth("created", output_field=DateField()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counted = {row["month"]: row["n"] for row in raised}
    return _one_way(
        "by-month",
        gettext("Concerns by month raised"),
        gettext("Month"),
        gettext("Concerns"),
        ((month, date_format(month, "F Y")) for month in months(scope.start, scope.end)),
        counted,
    )


def by_theme(scope: Scope) -> Counts:
    # Networks name their own themes; the same name in two networks is one row.
    names = (
        Theme.objects.filter(network__in=scope.networks)
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
    return _one_way(
        "by-theme",
        gettext("Concerns by theme"),
        gettext("Theme"),
        gettext("Concerns"),
        _named(names),
        _grouped(_concerns(scope), "themes__name"),
        additive=False,
        description=gettext(
            "A concern can be about more than one theme, so the rows do not add up "
            "to the number of concerns."
        ),
    )


def by_directorate(scope: Scope) -> Counts:
    """The directorates a concern is about, not the one the person raising it works in."""
    names = Directorate.objects.order_by("name").values_list("name", flat=True)
    return _one_way(
        "by-directorate",
        gettext("Concerns by directorate concerned"),
        gettext("Directorate"),
        gettext("Concerns"),
        _named(names),
        _grouped(_concerns(scope), "directorates_concerned__name"),
        additive=False,
        description=gettext(
            "A concern can be about more than one directorate, so the rows do not add "
            "up to the number of concerns."
        ),
    )


def by_channel(scope: Scope) -> Counts:
    return _one_way(
        "by-channel",
        gettext("Concerns by how they were raised"),
        gettext("How raised"),
        gettext("Concerns"),
        _translated(Channel.choices),
        _grouped(_concerns(scope), "channel"),
    )


def by_stage(scope: Scope) -> Counts:
    return _one_way(
        "by-stage",
        gettext("Concerns by stage now"),
        gettext("Stage"),
        gettext("Concerns"),
        _translated((value, label) for value, label in Stage.choices if value != Stage.HELD),
        _grouped(_concerns(scope), "stage"),
        description=gettext("Where the concerns raised in the period are today."),
    )


def by_outcome(scope: Scope) -> Counts:
    return _one_way(
        "by-outcome",
        gettext("Concerns closed, by outcome"),
        gettext("Outcome"),
        gettext("Concerns closed"),
        _translated(Outcome.choices),
        _grouped(_closings(scope), "outcome"),
        description=gettext(
            "Concerns closed in the period, whenever they were raised. A concern "
            "reopened since is not counted."
        ),
    )


# Timeliness -----------------------------------------------------------------------------


def first_contact(scope: Scope) -> tuple[int, int]:
    """(first contact within target, first contact made) for the concerns raised in the period.

    First contact is the earliest of: a champion's first message to the person who raised the
    concern, the first time logged listening to them or meeting them, and, for a concern a
    champion recorded after a phone call or a conversation, the day it was recorded. The
    target is the day first contact was due, set when the concern arrived.

    The earliest is within target exactly when any of them is, so each count asks whether such
    a contact exists (EXISTS, which stops at the first row its index finds) rather than working
    out the earliest day for every concern: a fifth of the time at a million cases.
    """
    messaged = Message.objects.filter(case=OuterRef("pk"), from_raiser=False)
    listened = TimeEntry.objects.filter(case=OuterRef("pk"), activity__in=CONTACT_ACTIVITIES)
    recorded = ~Q(channel=Channel.ONLINE)
    due = OuterRef("first_contact_due")
    counted = (
        _concerns(scope)
        .filter(first_contact_due__isnull=False)
        .aggregate(
            made=Count("pk", filter=recorded | Exists(messaged) | Exists(listened)),
            in_time=Count(
                "pk",
                filter=(recorded & Q(created__date__lte=F("first_contact_due")))
                | Exists(messaged.annotate(day=TruncDate("sent")).filter(day__lte=due))
                | Exists(listened.filter(day__lte=due)),
            ),
        )
    )
    return counted["in_time"], counted["made"]


def median_days_to_close(scope: Scope) -> tuple[float | None, int]:
    """(median whole days from raising to closing, how many closings) for the period's closings.

    Two small queries whatever the size: how many, then only the middle one or two, in order.
    """
    closings = _closings(scope).annotate(
        took=ExpressionWrapper(F("closed_at") - F("case__created"), output_field=DurationField())
    )
    n = closings.count()
    if n == 0:
        return None, 0
    middle = closings.order_by("took", "pk").values_list("took", flat=True)[
        (n - 1) // 2 : n // 2 + 1
    ]
    days = [took.days for took in middle]
    return sum(days) / len(days), n


# Champions' time ------------------------------------------------------------------------

HOURS = gettext_noop("Hours given")
CASES_WITH_TIME = gettext_noop("Concerns with time logged")


def champion_hours(scope: Scope) -> Counts:
    """Time champions logged in the period, whenever the concern was raised.

    Hours are rounded to the nearest whole hour, a half hour up; hours per concern is
    HOURS / CASES_WITH_TIME.
    """
    logged = TimeEntry.objects.filter(
        case__network__in=scope.networks, day__gte=scope.start, day__lte=scope.end
    ).aggregate(minutes=Coalesce(Sum("minutes"), 0), cases=Count("case", distinct=True))
    return Counts(
        key="champion-hours",
        title=gettext("Champions' time"),
        row_heading=gettext("Measure"),
        rows=(gettext(HOURS), gettext(CASES_WITH_TIME)),
        columns=(gettext("Total"),),
        cells=(((logged["minutes"] + 30) // 60,), (logged["cases"],)),
        additive=False,
        description=gettext("Time champions logged in the period, on concerns raised at any time."),
    )


# Accountability -------------------------------------------------------------------------

SCORECARD = tuple(outcome.heading for outcome in scorecard.OUTCOMES)


def accountability(scope: Scope) -> Counts:
    """Actions due in the period, by the directorate of their owner, and where each stands today.

    Each action is in exactly one column, so a row's total is the actions due.
    """
    columns = scorecard.counts(timezone.localdate())
    rows = (
        Action.objects.filter(
            case__network__in=scope.networks, due__gte=scope.start, due__lte=scope.end
        )
        .values("owner__directorate__name")
        .annotate(**columns)
        .order_by()
    )
    counted = {row.pop("owner__directorate__name"): row for row in rows}
    labels = _named(Directorate.objects.order_by("name").values_list("name", flat=True))
    labels += [(name, str(name)) for name in counted if name not in {v for v, _ in labels}]
    empty = dict.fromkeys(columns, 0)
    keys = [outcome.key for outcome in scorecard.OUTCOMES]
    return Counts(
        key="accountability",
        title=gettext("Actions due, by the owner's directorate"),
        row_heading=gettext("Directorate"),
        rows=tuple(label for _, label in labels),
        columns=tuple(gettext(str(heading)) for heading in SCORECARD),
        cells=tuple(tuple(counted.get(name, empty)[key] for key in keys) for name, _ in labels),
        description=gettext(
            "Actions agreed at meetings and due in the period, and where each stands "
            "today. A done action is on time if it was done by its due date."
        ),
    )


# What people said afterwards ------------------------------------------------------------


def _feedback(scope: Scope) -> QuerySet[FeedbackAnswer]:
    """Feedback keeps only its network and month, so the period is widened to whole months."""
    return FeedbackAnswer.objects.filter(
        network__in=scope.networks, month__gte=scope.start.replace(day=1), month__lte=scope.end
    )


FEEDBACK_NOTE = gettext_noop(
    "Answers are kept without any link to the concern, only the month they were given, so "
    "they are counted for every month the period touches."
)


def felt_heard(scope: Scope) -> Counts:
    return _one_way(
        "felt-heard",
        gettext("Did people feel heard?"),
        gettext("Answer"),
        gettext("People"),
        _translated(FELT_HEARD),
        _grouped(_feedback(scope), "felt_heard"),
        description=gettext(FEEDBACK_NOTE),
    )


def speak_up_again(scope: Scope) -> Counts:
    return _one_way(
        "speak-up-again",
        gettext("Would people speak up again?"),
        gettext("Answer"),
        gettext("People"),
        _translated(SpeakUpAgain.choices),
        _grouped(_feedback(scope), "speak_up_again"),
        description=gettext(FEEDBACK_NOTE),
    )


# Detriment ------------------------------------------------------------------------------

# One row per kind of harm, each with what people reported at check-ins (Detriment) and
# what the HR system sent (EventKind), where the two name the same thing.
DETRIMENT_ROWS: tuple[tuple[str, Detriment | None, EventKind | None], ...] = (
    (gettext_noop("Capability or performance process"), Detriment.CAPABILITY, EventKind.CAPABILITY),
    (
        gettext_noop("Probation extended, failed or reviewed"),
        Detriment.PROBATION,
        EventKind.PROBATION_REVIEW,
    ),
    (gettext_noop("Disciplinary process"), Detriment.DISCIPLINARY, EventKind.DISCIPLINARY),
    (gettext_noop("Grievance against the person"), None, EventKind.GRIEVANCE),
    (gettext_noop("Dismissal"), None, EventKind.DISMISSAL),
    (gettext_noop("Change to duties, hours or pay"), Detriment.DUTIES, None),
    (gettext_noop("Excluded or ignored"), Detriment.EXCLUDED, None),
    (gettext_noop("Something else"), Detriment.OTHER, None),
)


def detriment(scope: Scope) -> Counts:
    """Harm reported at check-ins answered in the period, and HR alerts raised in it, by kind."""
    # A check-in's answer is a JSON list of kinds. Matching the quoted kind in its text is
    # the one way to count inside it that SQLite and PostgreSQL share; no kind is a part of
    # another, quotes included.
    answers = CheckIn.objects.filter(
        case__network__in=scope.networks,
        answered_at__gte=scope.since,
        answered_at__lt=scope.until,
    ).alias(text=Cast("happened", TextField()))
    reported = answers.aggregate(
        **{
            kind.value: Count("pk", filter=Q(text__contains=f'"{kind.value}"'))
            for kind in Detriment
        }
    )
    alerts = _grouped(
        Alert.objects.filter(
            case__network__in=scope.networks,
            created__gte=scope.since,
            created__lt=scope.until,
        ),
        "event__kind",
    )
    return Counts(
        key="detriment",
        title=gettext("Detriment reported since speaking up"),
        row_heading=gettext("What happened"),
        rows=tuple(gettext(label) for label, _, _ in DETRIMENT_ROWS),
        columns=(gettext("Reported at a check-in"), gettext("HR process alerts")),
        cells=tuple(
            (reported[said.value] if said else 0, alerts.get(sent.value, 0) if sent else 0)
            for _, said, sent in DETRIMENT_ROWS
        ),
        additive=False,
        description=gettext(
            "What people reported at check-ins after their concern closed (one answer "
            "can name several things), and HR processes started against someone who asked to "
            "be watched for them."
        ),
    )


# Every table, in the order the dashboard shows them, by the key its export address uses.
TABLES: dict[str, Callable[[Scope], Counts]] = {
    "by-month": by_month,
    "by-theme": by_theme,
    "by-directorate": by_directorate,
    "by-channel": by_channel,
    "by-stage": by_stage,
    "by-outcome": by_outcome,
    "champion-hours": champion_hours,
    "accountability": accountability,
    "felt-heard": felt_heard,
    "speak-up-again": speak_up_again,
    "detriment": detriment,
}


# Key figures ----------------------------------------------------------------------------

KEY_FIGURES = "key-figures"


def key_figures(
    scope: Scope,
    *,
    exact: bool,
    hours: Counts | None = None,
    contact: tuple[int, int] | None = None,
) -> Published:
    """First contact in time, median days to close and hours per concern, as one table.

    Each is a rate or an average, so each goes through disclosure control as one: withheld
    when too few people are behind it. `hours` is champion_hours(scope) and `contact`
    first_contact(scope), if already counted.
    """
    in_time, made = contact or first_contact(scope)
    median, closed = median_days_to_close(scope)
    hours = hours or champion_hours(scope)
    threshold = scope.threshold
    published_hours = publish(hours, exact=exact, threshold=threshold)
    (given,), (cases,) = hours.cells
    if published_hours.any_withheld:
        # Hours per concern and the number of concerns would give back a hidden total.
        per_case = Figure(None, gettext(WITHHELD))
    else:
        per_case = median_figure(
            given / cases if cases else None, cases, exact=exact, threshold=threshold, unit="hours"
        )
    return Published(
        key=KEY_FIGURES,
        title=gettext("Key figures"),
        row_heading=gettext("Measure"),
        columns=(gettext("Figure"),),
        rows=(
            (
                gettext("First contact within target"),
                (percentage(in_time, made, exact=exact, threshold=threshold),),
            ),
            (
                gettext("Median time from raising a concern to closing it"),
                (median_figure(median, closed, exact=exact, threshold=threshold, unit="days"),),
            ),
            (gettext("Champion hours per concern"), (per_case,)),
        ),
        description=_key_figures_note(scope.first_contact_days),
        exact=exact,
    )


def _key_figures_note(targets: list[int]) -> str:
    """What the key figures measure, naming the first-contact target ("2 working days"), or
    each network's own target when they differ."""
    if len(targets) == 1:
        return ngettext(
            "First contact is due within %(days)s working day of a concern arriving; the "
            "percentage is of concerns raised in the period that have had first contact. The "
            "median is of concerns closed in the period. Hours per concern are the hours logged "
            "in the period over the concerns they were given to.",
            "First contact is due within %(days)s working days of a concern arriving; the "
            "percentage is of concerns raised in the period that have had first contact. The "
            "median is of concerns closed in the period. Hours per concern are the hours logged "
            "in the period over the concerns they were given to.",
            targets[0],
        ) % {"days": targets[0]}
    return gettext(
        "First contact is due within each network's own target (%(days)s working days) of a "
        "concern arriving; the percentage is of concerns raised in the period that have had "
        "first contact. The median is of concerns closed in the period. Hours per concern are "
        "the hours logged in the period over the concerns they were given to."
    ) % {"days": ", ".join(map(str, targets))}
