"""A case's history for the staff who work it, drawn from the audit trail: who did what, when."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Stage

ROLE_WORDS = {
    "raiser": "The person who raised it",
    "anonymous": "The person who raised it",
    "champion": "A champion",
    "lead": "The lead champion",
    "director": "The Director of Wellbeing",
    "manager": "A senior manager",
    "system": "Safe Space",
    "staff": "A member of staff",
}

WHAT_WORDS = {
    "case.create": "raised the concern",
    "case.assign": "assigned a champion",
    "case.decline": "handed the case back to be reassigned",
    "case.withdraw": "withdrew the concern",
    "case.hold": "asked to hold the concern until someone else raises the same person",
    "case.release.match": "released the held concern: another concern named the same person or team",
    "case.release.raiser": "released their held concern",
    "message.send": "sent a message",
    "note.add": "added a note",
    "note.edit": "changed a note",
    "time.log": "recorded time",
    "themes.change": "refined the themes",
    "case.close": "closed the case",
    "case.reopen": "reopened the case",
    "feedback.give": "gave feedback",
    "check_in.answer": "answered a check-in",
    "people.change": "changed who the concern names, for conflict checks",
    "consent.change": "changed who may see the concern",
    "tripwire.alert": "noticed an HR process starting against the person who raised it",
    "tripwire.stop": "stopped the watch for an HR process starting against them",
    "attention.acknowledge.dispute": "acknowledged that an action is disputed",
    "attention.acknowledge.detriment": "acknowledged the detriment reported",
    "attention.acknowledge.hr_alert": "acknowledged the HR process noticed",
}


@dataclass(frozen=True)
class Entry:
    who: str
    what: str
    at: datetime.datetime


def _what(action: str) -> str | None:
    if action.startswith("stage."):
        stage = action.removeprefix("stage.")
        label = Stage(stage).label if stage in Stage.values else stage
        return f"moved the case to “{label}”"
    return WHAT_WORDS.get(action)


# Events whose date alone could name the raiser to someone who may not know who spoke up.
HR_ALERT_EVENTS = ("tripwire.alert", "attention.acknowledge.hr_alert")


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
            entries.append(Entry(ROLE_WORDS.get(event.actor_role, "Someone"), what, at))
    return entries
