"""A case's history for the staff who work it, drawn from the audit trail: who did what, when."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from safespace.audit.actions import TO_STAFF, AuditAction
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ROLE_WORDS: dict[str, StrOrPromise] = {
    "raiser": _("The person who raised it"),
    "anonymous": _("The person who raised it"),
    "champion": _("A champion"),
    "lead": _("The lead champion"),
    "director": _("The Director of Wellbeing"),
    "manager": _("A senior manager"),
    "system": _("Safe Space"),
    "staff": _("A member of staff"),
}


@dataclass(frozen=True)
class Entry:
    who: StrOrPromise
    what: StrOrPromise
    at: datetime.datetime


def _what(action: str) -> StrOrPromise | None:
    return TO_STAFF.get(action)


# Events whose date alone could name the raiser to someone who may not know who spoke up.
HR_ALERT_EVENTS = (AuditAction.TRIPWIRE_ALERT, AuditAction.ACKNOWLEDGE_HR_ALERT)


def timeline(case: Case, limit: int = 500, *, hr_alerts: bool = True) -> list[Entry]:
    """Everything that changed the case, oldest first; reads are on the raiser's access list.

    `hr_alerts` says whether the reader may see when an HR process was noticed."""
    events = AuditEvent.objects.filter(object_type="case", object_code=str(case.code)).exclude(
        action__endswith=".read"
    )
    if not hr_alerts:
        events = events.exclude(action__in=HR_ALERT_EVENTS)
    entries = []
    for event in events.order_by("seq")[:limit]:
        what = _what(event.action)
        if what is not None:
            # To the second: a <time datetime> with microseconds is not a valid date string.
            at = event.at.replace(microsecond=0)
            entries.append(Entry(ROLE_WORDS.get(event.actor_role, _("Someone")), what, at))
    return entries
