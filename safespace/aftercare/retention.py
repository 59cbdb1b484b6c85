"""How long a closed or withdrawn concern is kept, and forgetting it when that time is up.

Each network keeps a concern for `Network.retention_months` after it was last closed (or
withdrawn). When that time has come, the worker's nightly job destroys the concern's key, so
nothing of it can be read again in any copy, backups included; its case row stays, without
words, for the anonymous figures the insight pages count. The lead champion sees what is due in
the next 30 days and may keep a concern for longer, with a reason and until a date: a decision
that expires by itself, and is audited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case as Choose
from django.db.models import DateTimeField, F, OuterRef, Subquery, When
from django.utils import timezone

from safespace.accounts.models import Network, User
from safespace.aftercare.models import Closure, RetentionHold
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, Stage
from safespace.cases.services.shred import shred_case
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from safespace.lib.dates import add_months

# What the lead champion sees coming, and how long one decision may keep a concern.
LOOK_AHEAD_DAYS = 30
HOLD_MONTHS = (3, 6, 12)
ENDED_STAGES = (Stage.CLOSED, Stage.WATCHING, Stage.WITHDRAWN)


@dataclass(frozen=True)
class Due:
    """A concern whose retention period ends on `due`, and the hold keeping it, if any."""

    case: Case
    ended: datetime.datetime
    due: datetime.date
    hold: RetentionHold | None

    @property
    def kept_until(self) -> datetime.date | None:
        return self.hold.until if self.hold else None


def _ended_before(
    network: Network, moment: datetime.datetime
) -> list[tuple[Case, datetime.datetime]]:
    """The network's closed and withdrawn concerns that ended before `moment`, each with when
    it last closed (a closing undone by reopening does not count) or was withdrawn."""
    last_closed = Subquery(
        Closure.objects.filter(case=OuterRef("pk"), reopened_at__isnull=True)
        .order_by("-closed_at")
        .values("closed_at")[:1]
    )
    ended = Choose(
        When(stage=Stage.WITHDRAWN, then=F("withdrawn_at")),
        default=last_closed,
        output_field=DateTimeField(),
    )
    cases = Case.objects.filter(network=network, stage__in=ENDED_STAGES).alias(ended=ended)
    found = cases.filter(ended__lt=moment).annotate(end=ended)
    return [(case, case.end) for case in found]


def due_by(network: Network, day: datetime.date, today: datetime.date | None = None) -> list[Due]:
    """The network's concerns, not yet shredded, whose retention period ends on or before
    `day`, soonest first, each with the hold that keeps it on `today`, if one does."""
    today = today or timezone.localdate()
    # A concern that ended after this cannot be due by `day`: a few days' margin covers the
    # months that are shorter than others; the exact dates are compared below.
    latest_end = timezone.make_aware(
        datetime.datetime.combine(add_months(day, -network.retention_months), datetime.time.min)
        + datetime.timedelta(days=4)
    )
    candidates = _ended_before(network, latest_end)
    keyed = set(
        CaseKey.objects.using(KEYS)
        .filter(case_code__in=[case.code for case, _ in candidates])
        .values_list("case_code", flat=True)
    )
    holds = {
        hold.case_id: hold  # ordered by date, so the one that runs longest wins
        for hold in RetentionHold.objects.filter(
            case__in=[case.pk for case, _ in candidates], until__gte=today
        ).order_by("until", "pk")
    }
    found = []
    for case, ended in candidates:
        due = add_months(timezone.localtime(ended).date(), network.retention_months)
        if case.code in keyed and due <= day:
            found.append(Due(case, ended, due, holds.get(case.pk)))
    return sorted(found, key=lambda entry: (entry.due, entry.case.reference))


def coming_up(network: Network) -> list[Due]:
    """What the lead champion sees: what is due in the next 30 days, and what is overdue and
    kept by a hold."""
    return due_by(network, timezone.localdate() + datetime.timedelta(days=LOOK_AHEAD_DAYS))


def due_of(case: Case) -> Due | None:
    """This concern's entry in what the lead champion sees, or None if it is not there."""
    return next((due for due in coming_up(case.network) if due.case.pk == case.pk), None)


class AlreadyShredded(Exception):
    """The concern was shredded before the decision to keep it arrived."""


def _forget_unless_kept(case: Case, today: datetime.date) -> bool:
    """Shred the concern (its key destroyed, its receipt cleared, audited), unless a hold
    placed a moment ago keeps it; whether it was shredded."""
    with transaction.atomic():
        # The lead's `keep` takes the same lock: a hold and the shredding never cross.
        Case.objects.select_for_update().get(pk=case.pk)
        if RetentionHold.objects.filter(case=case, until__gte=today).exists():
            return False
        shred_case(case, None)
    return True


def shred_past_retention() -> int:
    """Shred every concern, in every network, whose retention period has ended and which no
    hold keeps; returns how many. Running it again shreds nothing twice."""
    today = timezone.localdate()
    shredded = 0
    for network in Network.objects.all():
        for due in due_by(network, today, today):
            if due.hold is None and _forget_unless_kept(due.case, today):
                shredded += 1
    return shredded


def hold_until(due: datetime.date, months: int) -> datetime.date:
    """A hold runs `months` from the later of today and the date it would have been shredded."""
    return add_months(max(due, timezone.localdate()), months)


def keep(case: Case, actor: User, *, months: int, reason: str, due: datetime.date) -> RetentionHold:
    """The lead's decision to keep a concern for longer: recorded, audited, and expiring."""
    if months not in HOLD_MONTHS:
        raise ValueError(f"A hold is for {HOLD_MONTHS} months, not {months}")
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        if not CaseKey.objects.using(KEYS).filter(case_code=case.code).exists():
            raise AlreadyShredded
        hold = RetentionHold.objects.create(
            case=case, until=hold_until(due, months), reason=reason, placed_by=actor
        )
        audit_case(actor, AuditAction.CASE_RETENTION_HOLD, case)
    return hold
