"""Which champions may take a case, best first: never one with a conflict.

A champion is conflicted when they work in the raiser's directorate, in a directorate the
concern is about, or in the directorate the raiser asked their champion not to come from.
Among the rest, those with capacity left and not away are suggested, most capacity first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from safespace.accounts.models import Role, User
from safespace.cases.models import OPEN_STAGES, Case

DEFAULT_CAPACITY = 3


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    directorate_id: int | None
    capacity: int
    open_cases: int
    away_until: datetime.date | None = None

    @property
    def capacity_left(self) -> int:
        return max(0, self.capacity - self.open_cases)


@dataclass(frozen=True)
class Needs:
    raiser_directorate_id: int | None
    concerned_directorate_ids: frozenset[int]
    avoid_directorate_id: int | None


def conflicts(candidate: Candidate, needs: Needs) -> list[str]:
    """Why this champion must not take the case; empty when there is no conflict."""
    reasons = []
    directorate = candidate.directorate_id
    if directorate is not None and directorate == needs.raiser_directorate_id:
        reasons.append("works in the raiser's directorate")
    if directorate is not None and directorate in needs.concerned_directorate_ids:
        reasons.append("works in a directorate the concern is about")
    if directorate is not None and directorate == needs.avoid_directorate_id:
        reasons.append("is from the directorate the raiser asked to avoid")
    return reasons


def suggest(candidates: Iterable[Candidate], needs: Needs, today: datetime.date) -> list[Candidate]:
    free = [
        c
        for c in candidates
        if not conflicts(c, needs)
        and c.capacity_left > 0
        and (c.away_until is None or c.away_until < today)
    ]
    return sorted(free, key=lambda c: (-c.capacity_left, c.name))


def needs_of(case: Case) -> Needs:
    return Needs(
        raiser_directorate_id=case.raiser_directorate_id,
        concerned_directorate_ids=frozenset(d.pk for d in case.directorates_concerned.all()),
        avoid_directorate_id=case.avoid_directorate_id,
    )


def candidates_in_id(network_id: int) -> list[Candidate]:
    """Every champion of the network with their open case count, in one query."""
    champions = (
        User.objects.filter(
            is_active=True, memberships__network_id=network_id, memberships__role=Role.CHAMPION
        )
        .select_related("champion_profile")
        .annotate(
            open_cases=Count(
                "assignments",
                filter=Q(
                    assignments__ended_at__isnull=True,
                    assignments__case__stage__in=OPEN_STAGES,
                ),
                distinct=True,
            )
        )
        .order_by("full_name")
    )
    result = []
    for user in champions:
        profile = getattr(user, "champion_profile", None)
        result.append(
            Candidate(
                user_id=user.pk,
                name=user.full_name,
                directorate_id=user.directorate_id,
                capacity=profile.capacity if profile else DEFAULT_CAPACITY,
                open_cases=user.open_cases,
                away_until=profile.away_until if profile else None,
            )
        )
    return result
