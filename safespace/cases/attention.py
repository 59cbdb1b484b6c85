"""What needs someone to look at a case: a disputed action, a detriment, an HR process.

Each flags its case on the case lists and the triage page until someone working the case
acknowledges it; anything newer flags it again. The lists ask for what the flags are worked out
from as columns of their one query for cases (subqueries, never a query a row), and an HR
process is only ever flagged to those who may read HR alerts.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Case as Choose
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.expressions import BaseExpression
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Acknowledgement, Attention, Case
from safespace.lib import versions
from safespace.policy import Action, can

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The audit event acknowledging each kind. The HR one is left out of the timeline for readers
# who may not know of HR alerts (safespace/cases/timeline.py).
EVENTS = {kind: AuditAction(f"attention.acknowledge.{kind}") for kind in Attention}


@dataclass(frozen=True)
class Source:
    """Where the events of one kind are recorded: every such event on any case, and the field
    saying when each happened."""

    events: Callable[[], QuerySet[Any]]
    when: str


# The parts that record each kind (actions, aftercare, the tripwire) sit above cases, so each
# says where its events are when the service starts (its AppConfig.ready), through `record_in`.
SOURCES: dict[Attention, Source] = {}


def record_in(kind: Attention, events: Callable[[], QuerySet[Any]], when: str) -> None:
    SOURCES[kind] = Source(events, when)


def _events(kind: Attention) -> QuerySet[Any]:
    """Every event of this kind, on any case."""
    return SOURCES[kind].events()


def _latest(kind: Attention, case: Any) -> QuerySet[Any]:
    """When the newest event of this kind happened on the case (one value, or none)."""
    when = SOURCES[kind].when
    return _events(kind).filter(case=case).order_by(f"-{when}").values(when)[:1]


def _seen(kind: Attention, case: Any) -> QuerySet[Any]:
    """The newest event of this kind that someone acknowledged (one value, or none)."""
    return Acknowledgement.objects.filter(case=case, kind=kind).order_by("-upto").values("upto")[:1]


def _flag(kind: Attention) -> Q:
    """The flag as a condition on an annotated case, for lists of flagged cases only."""
    latest, seen = f"_latest_{kind}", f"_seen_{kind}"
    return Q(**{f"{latest}__isnull": False}) & (
        Q(**{f"{seen}__isnull": True}) | Q(**{f"{latest}__gt": F(seen)})
    )


def _is_up(latest: datetime.datetime | None, seen: datetime.datetime | None) -> bool:
    """The same rule as `_flag`, on the columns of a case already read."""
    return latest is not None and (seen is None or latest > seen)


@functools.cache
def _columns() -> dict[str, Subquery]:
    """Each kind's latest and acknowledged columns as subqueries of a case, built once a
    process: they ask the same whoever reads, and Django copies an expression before it puts it
    in a query, so one built here is never changed by a page that uses it."""
    return {
        **{f"_latest_{kind}": Subquery(_latest(kind, OuterRef("pk"))) for kind in Attention},
        **{f"_seen_{kind}": Subquery(_seen(kind, OuterRef("pk"))) for kind in Attention},
    }


def annotate(cases: QuerySet[Case], hr: Q | None) -> QuerySet[Case]:
    """Each case with when each kind last happened on it and when someone last acknowledged it,
    as columns; when an HR process happened only where `hr` holds (None: the reader may know
    of HR processes on every case given, so it is not asked of each). `flags_of` reads the flags
    from these, so the query carries six subqueries: given as SQL conditions as well, each
    was sent three times, and building and compiling them was a fifth of the case list's time
    at 100,000 cases (docs/performance.md)."""
    columns: dict[str, BaseExpression] = dict(_columns())
    if hr is not None:
        hr_latest = f"_latest_{Attention.HR_ALERT}"
        columns[hr_latest] = Choose(When(hr, then=columns[hr_latest]), default=None)
    return cases.annotate(**columns)


def with_latest(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with when each kind last happened on it, as columns: the case page reads them
    with the case, and asks no more unless something has happened."""
    return cases.annotate(
        **{f"_latest_{kind}": _columns()[f"_latest_{kind}"] for kind in Attention}
    )


_UNREAD = object()


def _latest_of(case: Case, kind: Attention) -> Any:
    """When this kind last happened on the case, if the case was read `with_latest`."""
    return getattr(case, f"_latest_{kind}", _UNREAD)


def never_happened(case: Case, kind: Attention) -> bool:
    """True when the case was read `with_latest` and nothing of this kind has happened on it."""
    return _latest_of(case, kind) is None


# How many cases with events `needing` sends to the database as values, at most.
MOST_LISTED = 5000


def needing(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Only the annotated cases with at least one flag up.

    Only cases with any such event at all are looked at closely: few cases of a large network
    have one, so the flags are worked out for those few rather than for every case. Those
    cases are found first, in a query of their own: given them as a subquery, PostgreSQL
    worked out every case's flags before asking whether it had any event (0.85 s for triage's
    list at 100,000 cases, none of them flagged).
    """
    first, *rest = [
        _events(kind).order_by().values_list("case_id", flat=True) for kind in Attention
    ]
    happened = set(first.union(*rest))
    if not happened:
        return cases.none()
    flagged = Q()
    for kind in Attention:
        flagged |= _flag(kind)
    if len(happened) > MOST_LISTED:
        # Too many to send as values (PostgreSQL takes at most 65,535 in one query): asked as
        # subqueries again, slower but within every database's limits.
        return cases.filter(pk__in=first.union(*rest)).filter(flagged)
    return cases.filter(pk__in=sorted(happened)).filter(flagged)


def flags_of(case: Case) -> list[str]:
    """The words for each flag up on an annotated case, in a fixed order."""
    return [
        kind.label
        for kind in Attention
        if _is_up(getattr(case, f"_latest_{kind}"), getattr(case, f"_seen_{kind}"))
    ]


@dataclass(frozen=True)
class Item:
    """One kind of thing on one case page: when it last happened, and who saw it when."""

    kind: Attention
    latest: datetime.datetime
    needs_attention: bool
    acknowledged_by: str
    acknowledged_at: datetime.datetime | None

    @property
    def words(self) -> StrOrPromise:
        return WORDS[self.kind]


# What each kind of item says on the case page.
WORDS: dict[Attention, StrOrPromise] = {
    Attention.DISPUTE: _("The person who raised it does not think an action is done"),
    Attention.DETRIMENT: _(
        "The person who raised it said something has happened to them since they spoke up"
    ),
    Attention.HR_ALERT: _("An HR process has started against the person who raised it"),
}


def kinds_for(user: User, case: Case) -> list[Attention]:
    """What this reader of the case may be told needs attention on it."""
    kinds = [Attention.DISPUTE, Attention.DETRIMENT]
    if can(user, Action.READ_HR_ALERTS, case):
        kinds.append(Attention.HR_ALERT)
    return kinds


def items(case: Case, kinds: list[Attention]) -> list[Item]:
    """Each of these kinds that has happened on the case at all, in a fixed order."""
    found = []
    for kind in kinds:
        when = _latest_of(case, kind)
        if when is _UNREAD:
            latest = _latest(kind, case).first()
            when = next(iter(latest.values())) if latest is not None else None
        if when is None:
            continue
        last = (
            Acknowledgement.objects.filter(case=case, kind=kind)
            .select_related("by")
            .order_by("-upto", "-at")
            .first()
        )
        if last is None:
            found.append(Item(kind, when, True, "", None))
            continue
        # Someone whose account has since gone is still someone who saw it.
        who = last.by.full_name if last.by else gettext("someone no longer on Safe Space")
        found.append(Item(kind, when, when > last.upto, who, last.at))
    return found


def version(shown: list[Item]) -> str:
    """What the page showed, so an acknowledgement never covers something that came later."""
    return versions.of(*[(item.kind, item.latest) for item in shown])


def acknowledge(case: Case, user: User, shown: list[Item]) -> list[Attention]:
    """Record that this person saw each flagged item; one audit event for each kind."""
    done = []
    with transaction.atomic():
        for item in shown:
            if not item.needs_attention:
                continue
            Acknowledgement.objects.create(case=case, kind=item.kind, by=user, upto=item.latest)
            audit_case(user, EVENTS[item.kind], case)
            done.append(item.kind)
    return done
