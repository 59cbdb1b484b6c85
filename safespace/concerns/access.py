""" "Who has opened your concern": the raiser's access list, in words they can read."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from safespace.accounts import roles
from safespace.accounts.models import Network, User
from safespace.audit.actions import TO_RAISER, AuditAction
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, ChampionProfile
from safespace.cases.services import sealed as case_sealed

ROLE_WORDS = {
    "raiser": _("You"),
    "champion": _("Your champion"),
    "lead": _("A lead champion"),
    "director": _("The Director of Wellbeing"),
    "manager": _("A senior manager"),
    "dpo": _("The data protection officer"),
    "system": _("Safe Space"),
    "anonymous": _("Safe Space"),
}


# The raiser's own look at their page: each visit reads the case, messages and notes. They are
# counted rather than listed, so they never crowd out an access by anyone else.
OWN_VISIT = AuditAction.CASE_READ
OWN_READS = {
    OWN_VISIT,
    AuditAction.MESSAGES_READ,
    AuditAction.NOTES_READ,
    AuditAction.CASE_COPY_READ,
}


def words(action: str) -> str:
    """What the raiser reads about a recorded action (every action on a case has its words)."""
    return str(TO_RAISER.get(action, _("opened your concern")))


def case_events(case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="case", object_code=str(case.code))


def champion_backgrounds(network: Network) -> list[str]:
    """How the network's champions describe themselves, where they chose to: no names."""
    shared = ChampionProfile.objects.filter(user__in=roles.champions(network)).exclude(
        background=""
    )
    return sorted(set(shared.values_list("background", flat=True)))


def access_list(case: Case) -> list[tuple[str, str, Any]]:
    """Every audit event on this case but the raiser's own reads, newest first, in plain words
    of the language being shown: who, what they did, when.

    Each person's reads of one kind on one day are one line with a count ("read your concern,
    3 times on 3 December"), so a champion at work does not bury everything else; every read
    is still its own event in the audit trail. Changes are listed one by one.
    """
    events = case_events(case).exclude(actor_role=case_sealed.RAISER, action__in=OWN_READS)
    named = managers_named(case)
    rows: list[list[Any]] = []  # [who, what, newest time, how many]
    by_reader: dict[tuple[str, str, str, datetime.date], list[Any]] = {}
    for e in events.order_by("-seq").only("actor_code", "actor_role", "action", "at"):
        who, what = str(ROLE_WORDS.get(e.actor_role, _("Someone"))), words(e.action)
        if e.actor_role == "manager" and e.actor_code in named:
            who = named[e.actor_code]
        if e.action == AuditAction.ACTIONS_READ and e.actor_role == "manager":
            what = gettext("saw only the actions they are responsible for, not your concern")
        if not e.action.endswith(".read"):
            rows.append([who, what, e.at, 1])
            continue
        key = (e.actor_code, e.actor_role, e.action, timezone.localdate(e.at))
        if key in by_reader:
            by_reader[key][3] += 1
        else:
            by_reader[key] = [who, what, e.at, 1]
            rows.append(by_reader[key])
    return [(who, what if n == 1 else _times(what, n, at), at) for who, what, at, n in rows]


def _times(what: str, n: int, at: datetime.datetime) -> str:
    day = date_format(timezone.localtime(at), "j F")
    return ngettext(
        "%(what)s, %(count)s time on %(day)s", "%(what)s, %(count)s times on %(day)s", n
    ) % {"what": what, "count": n, "day": day}


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
