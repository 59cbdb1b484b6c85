"""Which champions may take a case, best first: never one with a conflict.

A champion is conflicted when they work in the raiser's directorate, in a directorate the
concern is about, or in the directorate the raiser asked their champion not to come from, or
when they are in the reporting line of anyone the concern names (the staff directory says who
manages whom). Among the rest, those with capacity left and not away are suggested: first
those whose self-described background matches what the raiser asked for, then most capacity.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from safespace.accounts import roles
from safespace.accounts.models import User
from safespace.cases.models import OPEN_STAGES, Assignment, Case
from safespace.directory.reporting import chain_above, staff_ids_for_users

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULT_CAPACITY = 3


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    directorate_id: int | None
    capacity: int
    open_cases: int
    away_until: datetime.date | None = None
    # Only a champion who has accepted the Terms of Reference in force may take a new case.
    accepted_terms: bool = True
    background: str = ""
    # Their place in the staff directory and every manager above them, for reporting lines.
    staff_id: int | None = None
    managers: frozenset[int] = frozenset()

    @property
    def capacity_left(self) -> int:
        return max(0, self.capacity - self.open_cases)


@dataclass(frozen=True)
class Needs:
    raiser_directorate_id: int | None
    concerned_directorate_ids: frozenset[int]
    avoid_directorate_id: int | None
    # Everyone the concern names, each with every manager above them.
    named: Mapping[int, frozenset[int]] = field(default_factory=dict)
    # Words from the raiser's champion preferences ("someone who is Black British", say).
    preference_words: frozenset[str] = frozenset()


class Conflict(StrEnum):
    RAISER_DIRECTORATE = "raiser_directorate"
    CONCERNED_DIRECTORATE = "concerned_directorate"
    AVOIDED_DIRECTORATE = "avoided_directorate"
    REPORTING_LINE = "reporting_line"


# Each conflict said of a champion, to the lead choosing one ("Ada (works in …)").
THEIRS: dict[Conflict, StrOrPromise] = {
    Conflict.RAISER_DIRECTORATE: _("works in the raiser's directorate"),
    Conflict.CONCERNED_DIRECTORATE: _("works in a directorate the concern is about"),
    Conflict.AVOIDED_DIRECTORATE: _("is from the directorate the raiser asked to avoid"),
    Conflict.REPORTING_LINE: _("is in the reporting line of someone the concern names"),
}
# Each conflict said to the champion themselves, recording a concern for someone.
YOURS: dict[Conflict, StrOrPromise] = {
    Conflict.RAISER_DIRECTORATE: _("you work in the person's directorate"),
    Conflict.CONCERNED_DIRECTORATE: _("you work in a directorate the concern is about"),
    Conflict.AVOIDED_DIRECTORATE: _("you are from the directorate the person asked to avoid"),
    Conflict.REPORTING_LINE: _("you are in the reporting line of someone the concern names"),
}


def conflicts_of(candidate: Candidate, needs: Needs) -> list[Conflict]:
    """Each conflict this champion has with the case; empty when there is none."""
    found = []
    directorate = candidate.directorate_id
    if directorate is not None and directorate == needs.raiser_directorate_id:
        found.append(Conflict.RAISER_DIRECTORATE)
    if directorate is not None and directorate in needs.concerned_directorate_ids:
        found.append(Conflict.CONCERNED_DIRECTORATE)
    if directorate is not None and directorate == needs.avoid_directorate_id:
        found.append(Conflict.AVOIDED_DIRECTORATE)
    me = candidate.staff_id
    if me is not None and any(
        me == person or me in above or person in candidate.managers
        for person, above in needs.named.items()
    ):
        found.append(Conflict.REPORTING_LINE)
    return found


def conflicts(candidate: Candidate, needs: Needs) -> list[StrOrPromise]:
    """Why this champion must not take the case, in words; empty when there is no conflict."""
    return [THEIRS[conflict] for conflict in conflicts_of(candidate, needs)]


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[\w'-]+", text.lower()) if len(w) > 3)


def preference_match(candidate: Candidate, needs: Needs) -> int:
    return len(words(candidate.background) & needs.preference_words)


def blockers(candidate: Candidate) -> list[StrOrPromise]:
    """Why this champion cannot take any case yet, whatever the lead's reason."""
    if not candidate.accepted_terms:
        return [_("has not accepted the current Terms of Reference")]
    return []


def available(candidates: Iterable[Candidate], today: datetime.date) -> list[Candidate]:
    """Those who could take a new case today, whatever the case: terms accepted, room for one
    more, and not away. A page suggesting for many cases asks this once, not once a case."""
    return [
        c
        for c in candidates
        if not blockers(c)
        and c.capacity_left > 0
        and (c.away_until is None or c.away_until < today)
    ]


def suggest(candidates: Iterable[Candidate], needs: Needs, today: datetime.date) -> list[Candidate]:
    free = [c for c in available(candidates, today) if not conflicts_of(c, needs)]
    return sorted(free, key=lambda c: (-preference_match(c, needs), -c.capacity_left, c.name))


def needs_of(
    case: Case,
    named: Iterable[int] = (),
    preferences: str = "",
    chains: Mapping[int, set[int]] | None = None,
) -> Needs:
    """What a champion for this case must not be, and what the raiser hoped for.

    `named` and `preferences` are sealed case content: the caller opens them (audited).
    A list page passes `chains` worked out once for every case it shows.
    """
    return needs_for(
        case.raiser_directorate_id,
        (d.pk for d in case.directorates_concerned.all()),
        case.avoid_directorate_id,
        named,
        preferences,
        chains,
    )


def needs_for(
    raiser_directorate_id: int | None,
    concerned_directorate_ids: Iterable[int],
    avoid_directorate_id: int | None,
    named: Iterable[int] = (),
    preferences: str = "",
    chains: Mapping[int, set[int]] | None = None,
) -> Needs:
    """What a champion must not be, from a concern's answers: also before it is saved, when a
    champion recording it after a conversation is checked before taking it themselves."""
    people = list(named)
    if chains is None:
        chains = chain_above(people) if people else {}
    return Needs(
        raiser_directorate_id=raiser_directorate_id,
        concerned_directorate_ids=frozenset(concerned_directorate_ids),
        avoid_directorate_id=avoid_directorate_id,
        named={p: frozenset(chains.get(p, ())) for p in people},
        preference_words=words(preferences),
    )


def candidate(user: User) -> Candidate:
    """One member of staff as a candidate, for the conflict checks only (not capacity)."""
    staff = staff_ids_for_users([user.pk]).get(user.pk)
    chains = chain_above([staff]) if staff is not None else {}
    return Candidate(
        user_id=user.pk,
        name=user.full_name,
        directorate_id=user.directorate_id,
        capacity=0,
        open_cases=0,
        staff_id=staff,
        managers=frozenset(chains.get(staff, ()) if staff is not None else ()),
    )


def _everyone_accepted(network_id: int) -> set[int]:
    """Before the champions part says otherwise, every champion counts as having accepted."""
    return set(roles.champions(network_id, active_only=False).values_list("pk", flat=True))


# Who has accepted the Terms of Reference in force. The champions part, which keeps the terms
# and sits above cases, fills this in from its AppConfig.ready, so cases need not import it.
_terms_check: list[Callable[[int], set[int]]] = [_everyone_accepted]


def use_terms_check(check: Callable[[int], set[int]]) -> None:
    """Let the part that keeps the Terms of Reference say who has accepted them."""
    _terms_check[0] = check


def accepted_current_terms(network_id: int) -> set[int]:
    return _terms_check[0](network_id)


def open_cases_of(
    champion_ids: Iterable[int] | QuerySet[Any], network_id: int | None = None
) -> dict[int, int]:
    """How many open cases each of these champions holds now (in one network, if given).

    Given a query of their ids rather than the ids, the database reads them itself: a pool of
    hundreds is then not sent back to it as hundreds of values.

    Counted from the open cases (the index case_open) matched to the current assignments, in
    one query: counting from each champion's assignments visited every case they had ever
    held to learn its stage, which grew with the history (66 ms at 100,000 cases; now 4 ms).
    """
    held = Assignment.objects.filter(
        ended_at__isnull=True,
        champion_id__in=champion_ids if isinstance(champion_ids, QuerySet) else list(champion_ids),
        case__stage__in=OPEN_STAGES,
    )
    if network_id is not None:
        held = held.filter(case__network_id=network_id)
    # Rows, not ids: the partial index assignment_one_active_per_champion (case, champion)
    # then answers alone, with no visit to the table (4 ms at 100,000 cases instead of 11).
    return dict(
        held.order_by().values("champion").annotate(n=Count("*")).values_list("champion", "n")
    )


def candidates_in_id(network_id: int) -> list[Candidate]:
    """Every champion of the network with their open case count.

    Read as the few columns a suggestion needs rather than as people with their profiles: a
    large network has hundreds of champions, and triage reads them all on every view.
    """
    champions = list(
        roles.champions(network_id)
        .order_by("full_name")
        .values_list(
            "pk",
            "full_name",
            "directorate_id",
            "champion_profile__capacity",
            "champion_profile__away_until",
            "champion_profile__background",
        )
    )
    ids = roles.champions(network_id).values("pk")
    open_cases = open_cases_of(ids)
    accepted = accepted_current_terms(network_id)
    staff = staff_ids_for_users(ids)
    chains = chain_above(staff.values())
    return [
        Candidate(
            user_id=pk,
            name=name,
            directorate_id=directorate_id,
            # No profile yet: the default capacity, never away.
            capacity=DEFAULT_CAPACITY if capacity is None else capacity,
            open_cases=open_cases.get(pk, 0),
            away_until=away_until,
            accepted_terms=pk in accepted,
            background=background or "",
            staff_id=staff.get(pk),
            managers=frozenset(chains.get(staff.get(pk, -1), ())),
        )
        for pk, name, directorate_id, capacity, away_until, background in champions
    ]
