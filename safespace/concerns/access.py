""" "Who has opened your concern": the raiser's access list, in words they can read."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from safespace.accounts import roles
from safespace.accounts.models import Network, User
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, ChampionProfile, Stage
from safespace.cases.services import sealed as case_sealed

ACCESS_WORDS = {
    "case.create": "raised the concern",
    "case.read": "read your concern",
    "case.assign": "assigned a champion",
    "messages.read": "read your messages",
    "actions.read": "saw the actions on your plan they may see",
    "assignments.read": "saw who your champions are",
    "check_ins.read": "read your answers to the check-ins after closing",
    "closure.read": "read how your concern was closed",
    "minutes.read": "read the minutes of a meeting",
    # An invited senior manager or the Director on their own page for the meeting: when,
    # where, who, and only what the raiser agreed to share with them.
    "meeting.read": "saw the meeting details",
    "people.read": "saw the people named in your concern",
    "preferences.read": "read what you asked for in a champion",
    "hr_alerts.read": "saw that an HR process had started",
    "message.send": "sent a message",
    "notes.read": "read the notes on your concern",
    "note.add": "added a note",
    "note.edit": "changed a note",
    "case.decline": "handed your concern back to be reassigned",
    "time.log": "recorded time spent on your concern",
    "consent.change": "changed who may see your concern",
    "case.withdraw": "withdrew the concern",
    "case.hold": "held the concern until someone else raises the same person or team",
    "case.release.match": (
        "released your concern to the lead champion: someone else raised a concern about the "
        "same person or team"
    ),
    "case.release.raiser": "released the concern to the lead champion",
    "tripwire.alert": "noticed an HR process had started, and told your champion and the lead",
    "tripwire.stop": "stopped watching for an HR process starting against you",
    "attention.acknowledge.dispute": "saw that you do not think an action is done",
    "attention.acknowledge.detriment": "saw what you said has happened since you spoke up",
    "attention.acknowledge.hr_alert": "saw that an HR process had started",
    "themes.change": "changed what your concern is recorded as being about",
    "people.change": "changed who your concern is recorded as naming",
    "meeting.schedule": "arranged a meeting",
    "meeting.reschedule": "changed when or where a meeting is",
    "meeting.cancel": "cancelled a meeting",
    "minutes.record": "recorded the minutes of a meeting",
    "minutes.respond": "commented on the minutes of a meeting",
    "action.add": "added an action to the plan",
    "action.update": "recorded progress on an action",
    "action.confirm": "confirmed that an action is done",
    "action.dispute": "said that an action is not done",
    "case.close": "closed the concern",
    "case.reopen": "reopened the concern",
    "feedback.give": "gave feedback after the concern closed",
    "check_in.answer": "answered a check-in after the concern closed",
    "case.shred": "destroyed the concern's key, so nothing of it can be read again",
    "case.discard": "discarded the held concern before anyone read it",
}


ROLE_WORDS = {
    "raiser": "You",
    "champion": "Your champion",
    "lead": "A lead champion",
    "director": "The Director of Wellbeing",
    "manager": "A senior manager",
    "system": "Safe Space",
    "anonymous": "Safe Space",
}


# The raiser's own look at their page: each visit reads the case, messages and notes. They are
# counted rather than listed, so they never crowd out an access by anyone else.
OWN_VISIT = "case.read"
OWN_READS = {OWN_VISIT, "messages.read", "notes.read"}


def words(action: str) -> str:
    if action.startswith("stage."):
        return f"moved your concern to “{Stage(action.removeprefix('stage.')).label}”"
    return ACCESS_WORDS.get(action, "opened your concern")


def case_events(case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="case", object_code=str(case.code))


def champion_backgrounds(network: Network) -> list[str]:
    """How the network's champions describe themselves, where they chose to: no names."""
    shared = ChampionProfile.objects.filter(user__in=roles.champions(network)).exclude(
        background=""
    )
    return sorted(set(shared.values_list("background", flat=True)))


def access_list(case: Case) -> list[tuple[str, str, Any]]:
    """Every audit event on this case but the raiser's own reads, newest first, in plain words.

    Each person's reads of one kind on one day are one line with a count ("read your concern,
    3 times on 3 December"), so a champion at work does not bury everything else; every read
    is still its own event in the audit trail. Changes are listed one by one.
    """
    events = case_events(case).exclude(actor_role=case_sealed.RAISER, action__in=OWN_READS)
    named = managers_named(case)
    rows: list[list[Any]] = []  # [who, what, newest time, how many]
    by_reader: dict[tuple[str, str, str, datetime.date], list[Any]] = {}
    for e in events.order_by("-seq").only("actor_code", "actor_role", "action", "at"):
        who, what = ROLE_WORDS.get(e.actor_role, "Someone"), words(e.action)
        if e.actor_role == "manager" and e.actor_code in named:
            who = named[e.actor_code]
        if e.action == "actions.read" and e.actor_role == "manager":
            what = "saw only the actions they are responsible for, not your concern"
        if not e.action.endswith(".read"):
            rows.append([who, what, e.at, 1])
            continue
        key = (e.actor_code, e.actor_role, e.action, timezone.localdate(e.at))
        if key in by_reader:
            by_reader[key][3] += 1
        else:
            by_reader[key] = [who, what, e.at, 1]
            rows.append(by_reader[key])
    return [
        (who, what if n == 1 else f"{what}, {n} times on {timezone.localtime(at):%-d %B}", at)
        for who, what, at, n in rows
    ]


def managers_named(case: Case) -> dict[str, str]:
    """The senior managers brought into this case by name, by their code.

    A manager is invited to a meeting, or given an action, as a named person: the raiser is
    told who they are, not only "a senior manager", so they know exactly who has seen what.
    """
    brought_in = User.objects.filter(
        Q(meetings_invited__case=case) | Q(actions_owned__case=case)
    ).distinct()
    return {str(code): name for code, name in brought_in.values_list("code", "full_name")}


def own_visits(case: Case) -> tuple[int, datetime.datetime | None]:
    """How many times the raiser opened their concern, and when they last did."""
    visits = case_events(case).filter(actor_role=case_sealed.RAISER, action=OWN_VISIT)
    last = visits.order_by("-seq").values_list("at", flat=True).first()
    return visits.count(), last
