"""Every insight figure, exact, for one period and set of networks.

Each function sums the summary's tallies over the days of the period
(safespace/insights/summaries.py), so it costs the same few queries for seven cases as for a
million, and none reads sealed content. What comes back is exact: `Counts` tables and bare
numbers, for `disclosure` to turn into what a viewer may see.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, ngettext

from safespace.accounts.models import Directorate, Network, Theme, User
from safespace.actions import scorecard
from safespace.aftercare.models import (
    Detriment,
    Outcome,
    SpeakUpAgain,
)
from safespace.cases.models import Channel, Stage
from safespace.insights import summaries
from safespace.insights.disclosure import (
    WITHHELD,
    median_figure,
    percentage,
    publish,
    threshold_setting,
)
from safespace.insights.tables import Counts, Figure, Published
from safespace.tripwire.models import EventKind

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


@dataclass(frozen=True)
class Scope:
    """Which networks, over which days (both inclusive). Concerns count by the day they were
    raised unless a figure says otherwise.

    A scope is one look at the figures: it reads the summary once, the first time a figure
    asks, and every figure of it is from that reading. To look again, make a new one."""

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

    # Count every figure from the rows rather than the summary (see summaries.Summed).
    from_rows: bool = False
    # Read only these measures of the summary (every one if none): for a look at one figure
    # over a long period, such as the accountability page's actions over all of history.
    measures: tuple[str, ...] = ()

    @cached_property
    def tallies(self) -> summaries.Summed:
        """The summary's tallies over the period, read once for every figure of it."""
        return self._summed(self.start)

    @cached_property
    def month_tallies(self) -> summaries.Summed:
        """The same from the first of its first month, for what is kept by month."""
        return self._summed(self.start.replace(day=1))

    def _summed(self, first: datetime.date) -> summaries.Summed:
        return summaries.summed(
            self.networks, first, self.end, from_rows=self.from_rows, measures=self.measures
        )

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


def summed(scope: Scope, *, whole_months: bool = False) -> summaries.Summed:
    """The period's tallies; from the first of its first month, for what is kept by month."""
    return scope.month_tallies if whole_months else scope.tallies


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
    counted: Counter[datetime.date] = Counter()
    for month, n in summed(scope).by_month("channel").items():
        counted[month] += n
    return _one_way(
        "by-month",
        gettext("Concerns by month raised"),
        gettext("Month"),
        gettext("Concerns"),
        ((month, date_format(month, "F Y")) for month in months(scope.start, scope.end)),
        counted,
    )


def theme_counts(
    combinations: Mapping[str, int], counted_as: Callable[[set[str]], Iterable[Any]]
) -> dict[Any, int]:
    """Concerns for each thing `counted_as` makes of their themes' names, each concern once.

    The summary keeps each day's concerns by their themes together ("3,7"), so a concern with
    two themes of one name, or one element, still counts once for it; none is keyed None.
    """
    ids = {int(i) for key in combinations for i in key.split(",") if i}
    names = dict(Theme.objects.filter(pk__in=ids).values_list("pk", "name"))
    counted: Counter[Any] = Counter()
    for key, n in combinations.items():
        if not key:
            counted[None] += n
            continue
        for each in set(counted_as({names[int(i)] for i in key.split(",") if int(i) in names})):
            counted[each] += n
    return dict(counted)


def _by_name(model: type[Directorate], totals: Mapping[str, int]) -> dict[str | None, int]:
    """Tallies keyed by id, counted by name (None for none recorded)."""
    names = dict(
        model.objects.filter(pk__in=[int(k) for k in totals if k]).values_list("pk", "name")
    )
    counted: Counter[str | None] = Counter()
    for key, n in totals.items():
        counted[names.get(int(key)) if key else None] += n
    return dict(counted)


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
        theme_counts(summed(scope).totals("themes"), lambda names: names),
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
        _by_name(Directorate, summed(scope).totals("directorate")),
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
        summed(scope).totals("channel"),
    )


def by_stage(scope: Scope) -> Counts:
    return _one_way(
        "by-stage",
        gettext("Concerns by stage now"),
        gettext("Stage"),
        gettext("Concerns"),
        _translated((value, label) for value, label in Stage.choices if value != Stage.HELD),
        summed(scope).totals("stage"),
        description=gettext("Where the concerns raised in the period are today."),
    )


def by_outcome(scope: Scope) -> Counts:
    return _one_way(
        "by-outcome",
        gettext("Concerns closed, by outcome"),
        gettext("Outcome"),
        gettext("Concerns closed"),
        _translated(Outcome.choices),
        summed(scope).totals("outcome"),
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

    The earliest is within target exactly when any of them is (summaries._contact counts it).
    """
    counted = summed(scope).totals("contact")
    return counted.get("in_time", 0), counted.get("made", 0)


def median_days_to_close(scope: Scope) -> tuple[float | None, int]:
    """(median whole days from raising to closing, how many closings) for the period's closings.

    The summary keeps how many closings took each number of days, so the middle one or two
    are found among a few hundred numbers, whatever the number of concerns.
    """
    took = sorted((int(days), n) for days, n in summed(scope).totals("took").items())
    n = sum(count for _, count in took)
    if n == 0:
        return None, 0
    days = [_nth(took, (n - 1) // 2), _nth(took, n // 2)]
    return sum(days) / len(days), n


def _nth(counted: list[tuple[int, int]], index: int) -> int:
    """The value at this place (from 0) in the list the (value, how many) pairs stand for."""
    for value, n in counted:
        if index < n:
            return value
        index -= n
    raise IndexError(index)


# Champions' time ------------------------------------------------------------------------

HOURS = gettext_noop("Hours given")
CASES_WITH_TIME = gettext_noop("Concerns with time logged")


def champion_hours(scope: Scope) -> Counts:
    """Time champions logged in the period, whenever the concern was raised.

    Hours are rounded to the nearest whole hour, a half hour up; hours per concern is
    HOURS / CASES_WITH_TIME.
    """
    tallies = summed(scope)
    logged = {"minutes": tallies.totals("minutes").get("", 0), "cases": tallies.given_time()}
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


def scorecard_by_owner(scope: Scope) -> dict[int, Counter[str]]:
    """Each owner's actions due in the period, by where each stands today: the key of its
    outcome in scorecard.OUTCOMES. Every action is under exactly one outcome."""
    # An open action is overdue once its day has passed, and not yet due until then.
    before, later = summed(scope).split("action")
    by_owner: dict[int, Counter[str]] = {}
    for open_is, totals in (("overdue", before), ("not_yet_due", later)):
        for key, n in totals.items():
            owner_id, state = key.split(":")
            outcomes = by_owner.setdefault(int(owner_id), Counter())
            outcomes[open_is if state == "open" else state] += n
    return by_owner


def accountability(scope: Scope) -> Counts:
    """Actions due in the period, by the directorate of their owner, and where each stands today.

    Each action is in exactly one column, so a row's total is the actions due.
    """
    by_owner = scorecard_by_owner(scope)
    directorate_of: dict[int, str | None] = dict(
        User.objects.filter(pk__in=by_owner).values_list("pk", "directorate__name")
    )
    keys = [outcome.key for outcome in scorecard.OUTCOMES]
    counted: dict[str | None, dict[str, int]] = {}
    for owner, outcomes in by_owner.items():
        row = counted.setdefault(directorate_of.get(owner), dict.fromkeys(keys, 0))
        for state, n in outcomes.items():
            row[state] += n
    labels = _named(Directorate.objects.order_by("name").values_list("name", flat=True))
    labels += [(name, str(name)) for name in counted if name not in {v for v, _ in labels}]
    empty = dict.fromkeys(keys, 0)
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


def _feedback(scope: Scope, measure: str) -> dict[str, int]:
    """Feedback keeps only its network and month, so the period is widened to whole months."""
    return summed(scope, whole_months=True).totals(measure)


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
        {int(key): n for key, n in _feedback(scope, "heard").items()},
        description=gettext(FEEDBACK_NOTE),
    )


def speak_up_again(scope: Scope) -> Counts:
    return _one_way(
        "speak-up-again",
        gettext("Would people speak up again?"),
        gettext("Answer"),
        gettext("People"),
        _translated(SpeakUpAgain.choices),
        _feedback(scope, "again"),
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
    tallies = summed(scope)
    reported, alerts = tallies.totals("harm"), tallies.totals("alert")
    return Counts(
        key="detriment",
        title=gettext("Detriment reported since speaking up"),
        row_heading=gettext("What happened"),
        rows=tuple(gettext(label) for label, _, _ in DETRIMENT_ROWS),
        columns=(gettext("Reported at a check-in"), gettext("HR process alerts")),
        cells=tuple(
            (reported.get(said.value, 0) if said else 0, alerts.get(sent.value, 0) if sent else 0)
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
