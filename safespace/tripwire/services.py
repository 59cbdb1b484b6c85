"""The tripwire: which imported HR events are about a raiser who is watched, and who is told."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from safespace.accounts import roles
from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, Stage
from safespace.cases.services import sealed
from safespace.lib.dates import add_months
from safespace.notifications.mail import notify
from safespace.tripwire.models import Alert, EventKind, HREvent

# How the raiser and the staff read each kind: "… started on 14 March 2026".
RAISER_WORDS = {
    EventKind.CAPABILITY: gettext_noop("a capability process"),
    EventKind.PROBATION_REVIEW: gettext_noop("a probation review"),
    EventKind.DISCIPLINARY: gettext_noop("a disciplinary process"),
    EventKind.GRIEVANCE: gettext_noop("a grievance against you"),
    EventKind.DISMISSAL: gettext_noop("a dismissal process"),
}
STAFF_WORDS = {
    **RAISER_WORDS,
    EventKind.GRIEVANCE: gettext_noop("a grievance against them"),
}
# Enough keys per query for any import, few enough for every database's parameter limit.
CHUNK = 500


def watched_on(case: Case, day: datetime.date) -> bool:
    """Whether an HR process starting on this day counts against this case's raiser.

    From the day they spoke up, while the concern is open and for SAFESPACE_TRIPWIRE_MONTHS
    after it last closed. Never for a concern they withdrew: they chose that nothing more
    should happen.
    """
    if not case.hr_watch or case.stage == Stage.WITHDRAWN:
        return False
    if day < timezone.localdate(case.created):
        return False
    if case.is_open:
        return True
    closure = case.closures.filter(reopened_at__isnull=True).order_by("closed_at").last()
    closed = closure.closed_at if closure is not None else case.updated
    return day <= add_months(timezone.localdate(closed), settings.SAFESPACE_TRIPWIRE_MONTHS)


def look_back_on_release(sender: object, case: Case, **kwargs: object) -> None:
    """HR events imported while the concern was held, matched now that someone may be told."""
    if not case.hr_watch:
        return
    for event in HREvent.objects.filter(key=case.hr_watch_key).order_by("date"):
        if watched_on(case, event.date):
            raise_alert(case, event)


def match_import(batch: uuid.UUID) -> int:
    """Alert on each event of one import that is about a watched raiser; how many alerts."""
    by_key: dict[str, list[HREvent]] = defaultdict(list)
    for event in HREvent.objects.filter(batch=batch):
        by_key[event.key].append(event)
    found = list(by_key)
    made = 0
    for start in range(0, len(found), CHUNK):
        watched = Case.objects.filter(
            hr_watch=True, hr_watch_key__in=found[start : start + CHUNK]
        ).exclude(stage=Stage.WITHDRAWN)
        for case in watched:
            for event in by_key[case.hr_watch_key]:
                if watched_on(case, event.date) and raise_alert(case, event) is not None:
                    made += 1
    return made


def raise_alert(case: Case, event: HREvent) -> Alert | None:
    """Tell the case's lead and champions, and nobody else; once per event.

    Not the Director, even on a concern shared with them: an alert's kind and date beside
    HR's own records name whoever spoke up, which a concern shared "without my name" must not.

    HR systems send the same event in every export, so an event already alerted on (the same
    kind on the same day) is not alerted on again.
    """
    with transaction.atomic():
        if Alert.objects.filter(
            Q(event=event) | Q(event__kind=event.kind, event__date=event.date), case=case
        ).exists():
            return None
        alert = Alert.objects.create(case=case, event=event)
        audit_case(None, AuditAction.TRIPWIRE_ALERT, case, role="system")
        staff = roles.lead_champions(case.network_id).values_list("email", flat=True)
        champions = case.assignments.filter(
            ended_at__isnull=True, champion__is_active=True
        ).values_list("champion__email", flat=True)
        told = sorted({*staff, *champions})
        transaction.on_commit(
            lambda: notify(told, "Someone who spoke up may be facing an HR process")
        )
    return alert


def stop_watching(case: Case) -> None:
    """The raiser withdraws their consent: the keyed hash goes, and no new event can match."""
    with transaction.atomic():
        if not case.hr_watch and not case.hr_watch_key:
            return
        case.hr_watch = False
        case.hr_watch_key = ""
        case.save(update_fields=["hr_watch", "hr_watch_key"])
        audit_case(None, AuditAction.TRIPWIRE_STOP, case, role=sealed.RAISER)


@dataclass(frozen=True)
class ShownAlert:
    what: str
    started: datetime.date
    noticed: datetime.datetime


def read_alerts(case: Case, user: User | None, *, raiser_view: bool = False) -> list[ShownAlert]:
    """The HR processes noticed since the raiser spoke up, oldest first; reading them is audited,
    as it tells the reader something HR recorded about the person who raised the case."""
    words = RAISER_WORDS if raiser_view else STAFF_WORDS
    alerts = [
        ShownAlert(words[EventKind(a.event.kind)], a.event.date, a.created)
        for a in case.hr_alerts.select_related("event").order_by("event__date", "created")
    ]
    if alerts:
        audit_case(
            user, AuditAction.HR_ALERTS_READ, case, role=sealed.RAISER if raiser_view else None
        )
    return alerts


def forget_shredded(sender: object, case: Case, **kwargs: object) -> None:
    """A shredded concern keeps no HR alert: each names the kind and day of an HR process
    about its raiser, and the keyed hash of their employee number through its event."""
    Alert.objects.filter(case=case).delete()
