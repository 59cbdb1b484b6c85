"""The insight figures' summary: per network and day, how many of each thing.

A page over three years of a million concerns cannot count the rows of its period: it sums
`Tally` rows instead, a few for each day, whatever the number of concerns behind them.

What each measure counts, on the day named:

- concerns raised that day (held ones not at all, as figures._concerns says): `channel`,
  `stage` (where they are now), `directorate` (keyed by id, "" for none), `anonymous`,
  `themes` (keyed by the ids of the concern's themes together, "" for none),
  `contact` (`made`, `in_time`: first
  contact, as figures.first_contact defines it);
- closings that day that still stand: `outcome`, and `took` (whole days from raising);
- time logged that day: `minutes`, and `timecase`: the concerns given time that day, keyed by
  the day they were last given time before ("" if never), so that the concerns given time in a
  period are those of its days keyed before its start;
- actions due that day: `action`, keyed "owner id:state", the state from the scorecard
  without the date (open, on_time, late, not_done): an open action is overdue once its day
  has passed, which the reader works out;
- feedback given that month (the day is the month's first): `heard` and `again`;
- check-ins answered that day: `harm`, each kind reported and `any`;
- HR alerts raised that day: `alert`, by the kind of HR event.

Keeping them (safespace/insights/keeping.py): any change to a row a measure counts marks its
network's day in `Recount`, in the same transaction. A figure counts a marked day from the rows
as it reads, so it is exact at every moment; the worker recounts marked days into `Tally` every
hour, so what is counted from the rows stays a few days. `rebuild` counts everything afresh.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from safespace.accounts.models import Network
from safespace.actions.models import Action, ActionStatus
from safespace.aftercare.models import CheckIn, Closure, Detriment, FeedbackAnswer
from safespace.cases.models import Activity, Case, Channel, Message, Stage, TimeEntry
from safespace.insights.models import MonthTally, Recount, Tally
from safespace.tripwire.models import Alert

# One tally: network id, day, measure, key, how many.
Row = tuple[int, datetime.date, str, str, int]
# The days to count: every day from the first to the last, or just these.
Days = tuple[datetime.date, datetime.date] | frozenset[datetime.date]

# Time logged as one of these is a conversation with the person who raised the concern.
CONTACT_ACTIVITIES = (Activity.LISTENING, Activity.MEETING)
OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
# Far enough apart for every row there is, near enough for every database's dates.
EVER = (datetime.date(2000, 1, 1), datetime.date(2199, 12, 31))
# Marks of one day cleared at a time: few enough for every database's parameter limit.
MARKS = 900
# Above this many concerns, their earlier days of logged time are read by network instead.
BY_CASE = 500


def midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _on(field: str, days: Days, *, moment: bool) -> Q:
    """Rows whose `field` falls on these days; a moment's day is in the service's time zone."""
    if isinstance(days, tuple):
        first, last = days
        if moment:
            until = midnight(last + datetime.timedelta(days=1))
            return Q(**{f"{field}__gte": midnight(first), f"{field}__lt": until})
        return Q(**{f"{field}__gte": first, f"{field}__lte": last})
    return Q(**{f"{field}__date__in" if moment else f"{field}__in": sorted(days)})


def _concerns(ids: Collection[int], days: Days) -> Iterator[Row]:
    raised = (
        Case.objects.filter(network_id__in=ids)
        .filter(_on("created", days, moment=True))
        .exclude(stage=Stage.HELD)
        .annotate(on=TruncDate("created"))
    )
    grouped = raised.values("network_id", "on", "channel", "stage", "anonymous").annotate(
        n=Count("pk")
    )
    for row in grouped.order_by():
        network, day, n = row["network_id"], row["on"], row["n"]
        yield network, day, "channel", row["channel"], n
        yield network, day, "stage", row["stage"], n
        if row["anonymous"]:
            yield network, day, "anonymous", "", n
    rows = raised.values("network_id", "on", "directorates_concerned").annotate(
        n=Count("pk", distinct=True)
    )
    for row in rows.order_by():
        key = row["directorates_concerned"]
        yield row["network_id"], row["on"], "directorate", "" if key is None else str(key), row["n"]
    # Each concern's themes together, so that a reader can count a concern once for each
    # name, or each element of the return, however many of its themes carry it.
    themes: dict[tuple[int, datetime.date, int], list[int]] = defaultdict(list)
    for network, created, case, theme in raised.values_list(
        "network_id", "created", "pk", "themes"
    ).iterator(chunk_size=2000):
        found = themes[network, timezone.localdate(created), case]
        if theme is not None:
            found.append(theme)
    counted: Counter[tuple[int, datetime.date, str, str]] = Counter()
    for (network, day, _), ids_ in themes.items():
        counted[network, day, "themes", ",".join(map(str, sorted(ids_)))] += 1
    yield from _rows(counted)
    yield from _contact(raised)


def _contact(raised: QuerySet[Any]) -> Iterator[Row]:
    """First contact made, and made in time, as figures.first_contact defines them."""
    messaged = Message.objects.filter(case=OuterRef("pk"), from_raiser=False)
    listened = TimeEntry.objects.filter(case=OuterRef("pk"), activity__in=CONTACT_ACTIVITIES)
    recorded = ~Q(channel=Channel.ONLINE)
    due = OuterRef("first_contact_due")
    rows = (
        raised.filter(first_contact_due__isnull=False)
        .values("network_id", "on")
        .annotate(
            made=Count("pk", filter=recorded | Exists(messaged) | Exists(listened)),
            in_time=Count(
                "pk",
                filter=(recorded & Q(created__date__lte=F("first_contact_due")))
                | Exists(messaged.annotate(day=TruncDate("sent")).filter(day__lte=due))
                | Exists(listened.filter(day__lte=due)),
            ),
        )
    )
    for row in rows.order_by():
        for key in ("made", "in_time"):
            if row[key]:
                yield row["network_id"], row["on"], "contact", key, row[key]


def _closings(ids: Collection[int], days: Days) -> Iterator[Row]:
    closings = Closure.objects.filter(
        _on("closed_at", days, moment=True),
        case__network_id__in=ids,
        reopened_at__isnull=True,
    ).values_list("case__network_id", "closed_at", "outcome", "case__created")
    counted: Counter[tuple[int, datetime.date, str, str]] = Counter()
    for network, closed_at, outcome, created in closings.iterator(chunk_size=2000):
        day = timezone.localdate(closed_at)
        counted[network, day, "outcome", outcome] += 1
        counted[network, day, "took", str((closed_at - created).days)] += 1
    yield from _rows(counted)


def _time(ids: Collection[int], days: Days) -> Iterator[Row]:
    logged = TimeEntry.objects.filter(_on("day", days, moment=False), case__network_id__in=ids)
    for row in logged.values("case__network_id", "day").annotate(m=Sum("minutes")).order_by():
        yield row["case__network_id"], row["day"], "minutes", "", row["m"]
    given = set(logged.values_list("case__network_id", "case_id", "day").distinct())
    if not given:
        return
    cases = {case for _, case, _ in given}
    last = max(day for _, _, day in given)
    earlier = TimeEntry.objects.filter(day__lte=last)
    if len(cases) > BY_CASE:
        earlier = earlier.filter(case__network_id__in=ids)
    else:
        earlier = earlier.filter(case_id__in=cases)
    days_of: dict[int, list[datetime.date]] = defaultdict(list)
    for case, day in earlier.values_list("case_id", "day").distinct().order_by("day"):
        days_of[case].append(day)
    counted: Counter[tuple[int, datetime.date, str, str]] = Counter()
    for network, case, day in given:
        before = [d for d in days_of[case] if d < day]
        counted[network, day, "timecase", before[-1].isoformat() if before else ""] += 1
    yield from _rows(counted)


def action_state(status: str, due: datetime.date, done_at: datetime.datetime | None) -> str:
    """Where an action stands, apart from whether its day has passed (scorecard.counts)."""
    if status in OPEN:
        return "open"
    if status == ActionStatus.DONE:
        # Done with no recorded time (from before times were kept) counts as on time.
        on_time = done_at is None or timezone.localdate(done_at) <= due
        return "on_time" if on_time else "late"
    return status


def _actions(ids: Collection[int], days: Days) -> Iterator[Row]:
    actions = Action.objects.filter(_on("due", days, moment=False), case__network_id__in=ids)
    counted: Counter[tuple[int, datetime.date, str, str]] = Counter()
    rows = actions.values_list("case__network_id", "due", "owner_id", "status", "done_at")
    for network, due, owner, status, done_at in rows.iterator(chunk_size=2000):
        counted[network, due, "action", f"{owner}:{action_state(status, due, done_at)}"] += 1
    yield from _rows(counted)


def _feedback(ids: Collection[int], days: Days) -> Iterator[Row]:
    answers = FeedbackAnswer.objects.filter(_on("month", days, moment=False), network_id__in=ids)
    for measure, field in (("heard", "felt_heard"), ("again", "speak_up_again")):
        for row in answers.values("network_id", "month", field).annotate(n=Count("pk")).order_by():
            yield row["network_id"], row["month"], measure, str(row[field]), row["n"]


def _check_ins(ids: Collection[int], days: Days) -> Iterator[Row]:
    answered = CheckIn.objects.filter(
        _on("answered_at", days, moment=True), case__network_id__in=ids
    ).values_list("case__network_id", "answered_at", "happened")
    counted: Counter[tuple[int, datetime.date, str, str]] = Counter()
    for network, answered_at, happened in answered.iterator(chunk_size=2000):
        day = timezone.localdate(answered_at)
        for kind in Detriment:
            if kind.value in happened:
                counted[network, day, "harm", kind.value] += 1
        if happened:
            counted[network, day, "harm", "any"] += 1
    yield from _rows(counted)


def _alerts(ids: Collection[int], days: Days) -> Iterator[Row]:
    alerts = (
        Alert.objects.filter(_on("created", days, moment=True), case__network_id__in=ids)
        .annotate(on=TruncDate("created"))
        .values("case__network_id", "on", "event__kind")
        .annotate(n=Count("pk"))
    )
    for row in alerts.order_by():
        yield row["case__network_id"], row["on"], "alert", row["event__kind"], row["n"]


def _rows(counted: Counter[tuple[int, datetime.date, str, str]]) -> Iterator[Row]:
    for (network, day, measure, key), n in counted.items():
        yield network, day, measure, key, n


COUNTERS: tuple[Callable[[Collection[int], Days], Iterable[Row]], ...] = (
    _concerns,
    _closings,
    _time,
    _actions,
    _feedback,
    _check_ins,
    _alerts,
)


# The counter of each measure, for a reading of only some measures (Summed's `measures`).
COUNTER_OF: dict[str, Callable[[Collection[int], Days], Iterable[Row]]] = {
    **dict.fromkeys(
        ("channel", "stage", "directorate", "anonymous", "themes", "contact"), _concerns
    ),
    **dict.fromkeys(("outcome", "took"), _closings),
    **dict.fromkeys(("minutes", "timecase"), _time),
    "action": _actions,
    **dict.fromkeys(("heard", "again"), _feedback),
    "harm": _check_ins,
    "alert": _alerts,
}


def count(ids: Collection[int], days: Days) -> Iterator[Row]:
    """Every tally of these networks on these days, counted from the rows, each once."""
    return count_by(COUNTERS, ids, days)


def count_by(
    counters: Iterable[Callable[[Collection[int], Days], Iterable[Row]]],
    ids: Collection[int],
    days: Days,
) -> Iterator[Row]:
    """The tallies these counters count of these networks on these days, each once."""
    counted: Counter[tuple[int, datetime.date, str, str]] = Counter()
    for counter in counters:
        for network, day, measure, key, n in counter(ids, days):
            counted[network, day, measure, key] += n
    yield from _rows(counted)


# Keeping them ---------------------------------------------------------------------------


def mark(marks: Iterable[tuple[int, datetime.date]]) -> None:
    """Say these days of these networks changed: in the caller's transaction, one insert."""
    rows = [Recount(network_id=n, day=d) for n, d in sorted(set(marks))]
    if rows:
        Recount.objects.bulk_create(rows)


def recount(network_id: int, day: datetime.date) -> None:
    """Count one marked day into its tallies, unless another worker is counting it."""
    while True:  # a day with more marks than MARKS clears them a batch at a time
        with transaction.atomic():
            # One recount of a network at a time, so its months are summed from settled days;
            # a writer only inserts marks, which this lock does not hold up.
            Network.objects.select_for_update(no_key=True).filter(pk=network_id).first()
            seen = list(
                Recount.objects.select_for_update(skip_locked=True)
                .filter(network_id=network_id, day=day)
                .values_list("pk", flat=True)[:MARKS]
            )
            if not seen:
                return
            _replace(network_id, day, count([network_id], (day, day)))
            _roll_up(network_id, day.replace(day=1))
            # Only the marks seen: one made since keeps the day marked for the next run.
            Recount.objects.filter(pk__in=seen).delete()
        if len(seen) < MARKS:
            return


def _replace(network_id: int, day: datetime.date, rows: Iterable[Row]) -> None:
    Tally.objects.filter(network_id=network_id, day=day).delete()
    Tally.objects.bulk_create(
        Tally(network_id=n, day=d, measure=m, key=k, n=v) for n, d, m, k, v in rows if v
    )


def month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _roll_up(network_id: int, month: datetime.date) -> None:
    """Sum the month's day tallies into its month tallies."""
    MonthTally.objects.filter(network_id=network_id, month=month).delete()
    days = Tally.objects.filter(network_id=network_id, day__gte=month, day__lte=month_end(month))
    MonthTally.objects.bulk_create(
        MonthTally(network_id=network_id, month=month, measure=m, key=k, n=n)
        for m, k, n in days.values("measure", "key")
        .annotate(n=Sum("n"))
        .values_list("measure", "key", "n")
    )


def recount_marked() -> int:
    """Count every marked day into its tallies; returns how many days were counted."""
    marked = list(
        Recount.objects.order_by("day", "network_id").values_list("network_id", "day").distinct()
    )
    for network_id, day in marked:
        recount(network_id, day)
    return len(marked)


def rebuild() -> int:
    """Count every tally afresh from the rows; returns how many tallies there are."""
    with transaction.atomic():
        Recount.objects.all().delete()
        MonthTally.objects.all().delete()
        Tally.objects.all().delete()
        for network in Network.objects.order_by("pk").values_list("pk", flat=True):
            Tally.objects.bulk_create(
                (
                    Tally(network_id=n, day=d, measure=m, key=k, n=v)
                    for n, d, m, k, v in count([network], EVER)
                    if v
                ),
                batch_size=5000,
            )
        months = (
            Tally.objects.annotate(month=TruncMonth("day"))
            .values("network_id", "month", "measure", "key")
            .annotate(n=Sum("n"))
            .values_list("network_id", "month", "measure", "key", "n")
            .order_by()
        )
        MonthTally.objects.bulk_create(
            (
                MonthTally(network_id=n, month=m, measure=ms, key=k, n=v)
                for n, m, ms, k, v in months
            ),
            batch_size=5000,
        )
        return Tally.objects.count()


def differences(ids: Collection[int]) -> list[str]:
    """Every tally of these networks that differs from its rows, for days not marked."""
    marked = set(Recount.objects.filter(network_id__in=ids).values_list("network_id", "day"))
    kept = {
        (n, d, m, k): v
        for n, d, m, k, v in Tally.objects.filter(network_id__in=ids).values_list(
            "network_id", "day", "measure", "key", "n"
        )
        if (n, d) not in marked
    }
    counted = {(n, d, m, k): v for n, d, m, k, v in count(ids, EVER) if v and (n, d) not in marked}
    months_marked = {(n, d.replace(day=1)) for n, d in marked}
    summed: Counter[tuple[int, datetime.date, str, str]] = Counter()
    for (n, d, m, k), v in kept.items():
        summed[n, d.replace(day=1), m, k] += v
    rolled = {
        (n, mo, m, k): v
        for n, mo, m, k, v in MonthTally.objects.filter(network_id__in=ids).values_list(
            "network_id", "month", "measure", "key", "n"
        )
        if (n, mo) not in months_marked
    }
    summed = Counter({key: v for key, v in summed.items() if (key[0], key[1]) not in months_marked})
    wrong_months = [
        f"network {n} month {mo:%Y-%m} {m} {k!r}: summed {rolled.get((n, mo, m, k), 0)}, "
        f"from its days {summed.get((n, mo, m, k), 0)}"
        for n, mo, m, k in sorted(rolled.keys() | summed.keys())
        if rolled.get((n, mo, m, k), 0) != summed.get((n, mo, m, k), 0)
    ]
    return wrong_months + [
        f"network {n} {d} {m} {k!r}: kept {kept.get((n, d, m, k), 0)}, "
        f"counted {counted.get((n, d, m, k), 0)}"
        for n, d, m, k in sorted(kept.keys() | counted.keys())
        if kept.get((n, d, m, k), 0) != counted.get((n, d, m, k), 0)
    ]


# Reading them ---------------------------------------------------------------------------


class Summed:
    """The tallies of some networks over a period, with its marked days counted from the rows.

    `first` and `last` are both included. Each whole month of the period is read from
    `MonthTally`, unless it has a marked day or holds today (whose actions change state as the
    day passes); every other day from `Tally`; marked days from the rows. With `from_rows`,
    every day is counted from the rows instead and no tally is read: what the summary must
    always equal (`manage.py rebuild_insight --check`, and the tests).

    With `measures`, only those are read, and a marked day is counted by their counters only:
    for a page that needs one measure over a long period (the accountability page reads
    `action` over all of history), rather than a report that needs them all.
    """

    def __init__(
        self,
        ids: Collection[int],
        first: datetime.date,
        last: datetime.date,
        *,
        from_rows: bool = False,
        measures: Collection[str] = (),
    ) -> None:
        self.ids, self.first, self.last = list(ids), first, last
        self.from_rows = from_rows
        self.measures = frozenset(measures)
        self.counters = tuple(dict.fromkeys(COUNTER_OF[m] for m in sorted(self.measures)))
        self.marked = frozenset(
            ()
            if from_rows
            else Recount.objects.filter(network_id__in=self.ids, day__gte=first, day__lte=last)
            .values_list("day", flat=True)
            .distinct()
        )
        self.today = timezone.localdate()
        self.month_runs = [] if from_rows else self._whole_month_runs()
        self._live: list[Row] | None = None
        self._totals: dict[str, Counter[str]] | None = None
        # Each measure's totals from today on, for what changes when its day passes.
        self._later: dict[str, Counter[str]] = defaultdict(Counter)

    def _whole_month_runs(self) -> list[tuple[datetime.date, datetime.date]]:
        """The period's whole months that have no marked day and do not hold today, as runs of
        consecutive months, the first and last month of each: a few ranges an index reads
        directly, found in as few steps for all of history as for a quarter."""
        first = self.first.replace(day=1)
        if first < self.first:
            first = month_end(first) + datetime.timedelta(days=1)
        last = self.last.replace(day=1)
        if month_end(last) > self.last:
            last = (last - datetime.timedelta(days=1)).replace(day=1)
        runs = []
        for month in sorted({day.replace(day=1) for day in {*self.marked, self.today}}):
            if month < first or last < month:
                continue
            if first < month:
                runs.append((first, (month - datetime.timedelta(days=1)).replace(day=1)))
            first = month_end(month) + datetime.timedelta(days=1)
        if first <= last:
            runs.append((first, last))
        return runs

    def _days_outside(self) -> Iterator[tuple[datetime.date, datetime.date]]:
        """The runs of the period's days that no whole month covers."""
        start = self.first
        for first, last in self.month_runs:
            if start < first:
                yield start, first - datetime.timedelta(days=1)
            start = month_end(last) + datetime.timedelta(days=1)
        if start <= self.last:
            yield start, self.last

    def _sums(self, fields: tuple[str, ...], where: Q | None = None) -> Iterator[dict[str, Any]]:
        """The kept tallies summed, grouped by these of measure, key, month and later (from
        today on): whole months from MonthTally, the other days not marked from Tally."""
        if self.from_rows:
            return
        later = models.Case(
            models.When(day__gte=self.today, then=True),
            default=False,
            output_field=models.BooleanField(),
        )
        # The days outside the whole months, as a few ranges an index reads directly.
        outside = Q(pk__in=[])
        for start, end in self._days_outside():
            outside |= Q(day__gte=start, day__lte=end)
        days = (
            Tally.objects.filter(outside, network_id__in=self.ids)
            .exclude(day__in=self.marked)
            .annotate(month=TruncMonth("day"), later=later)
        )
        later_months = models.Case(
            models.When(month__gt=self.today, then=True),
            default=False,
            output_field=models.BooleanField(),
        )
        in_months = Q(pk__in=[])
        for first, last in self.month_runs:
            in_months |= Q(month__gte=first, month__lte=last)
        months = MonthTally.objects.filter(in_months, network_id__in=self.ids).annotate(
            later=later_months
        )
        for rows in (days, months):
            if where is not None:
                rows = rows.filter(where)
            if self.measures:
                rows = rows.filter(measure__in=sorted(self.measures))
            yield from rows.values(*fields).annotate(n=Sum("n")).order_by()

    def live_rows(self) -> list[Row]:
        """Every tally of the marked days, counted from the rows once."""
        if self._live is None:
            days: Days = (self.first, self.last) if self.from_rows else self.marked
            if not days:
                rows = []
            elif self.counters:
                rows = list(count_by(self.counters, self.ids, days))
            else:
                rows = list(count(self.ids, days))
            wanted = self.measures
            self._live = [row for row in rows if not wanted or row[2] in wanted]
        return self._live

    def totals(self, measure: str) -> dict[str, int]:
        """How many for each key of the measure over the period."""
        return dict(self._every_total().get(measure, {}))

    def _every_total(self) -> dict[str, Counter[str]]:
        """Every measure's totals over the whole period, read once."""
        if self._totals is None:
            self._totals = defaultdict(Counter)
            for row in self._sums(("measure", "key", "later")):
                self._totals[row["measure"]][row["key"]] += row["n"]
                if row["later"]:
                    self._later[row["measure"]][row["key"]] += row["n"]
            for _, day, measure, key, n in self.live_rows():
                self._totals[measure][key] += n
                if day >= self.today:
                    self._later[measure][key] += n
        return self._totals

    def split(self, measure: str) -> tuple[dict[str, int], dict[str, int]]:
        """The measure's totals on the period's days before today, and from today on."""
        every = self._every_total().get(measure, Counter())
        later = self._later.get(measure, Counter())
        return dict(every - later), dict(later)

    def by_month(self, measure: str) -> dict[datetime.date, int]:
        """How many in each month of the period that has any, every key together."""
        summed: Counter[datetime.date] = Counter()
        for row in self._sums(("month",), Q(measure=measure)):
            summed[row["month"]] += row["n"]
        for _, day, each, _, n in self.live_rows():
            if each == measure:
                summed[day.replace(day=1)] += n
        return dict(summed)

    def given_time(self) -> int:
        """Concerns given time in the period: those of its days not given time since its start."""
        start = self.first.isoformat()
        before = Q(measure="timecase") & (Q(key="") | Q(key__lt=start))
        counted = sum(row["n"] for row in self._sums(("measure",), before))
        return counted + sum(
            n
            for _, _, measure, key, n in self.live_rows()
            if measure == "timecase" and (key == "" or key < start)
        )


def summed(
    networks: Iterable[Network],
    first: datetime.date,
    last: datetime.date,
    *,
    from_rows: bool = False,
    measures: Collection[str] = (),
) -> Summed:
    ids = [network.pk for network in networks]
    return Summed(ids, first, last, from_rows=from_rows, measures=measures)
