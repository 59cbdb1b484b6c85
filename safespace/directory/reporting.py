"""Who is above whom in the staff directory, and the people picker's search."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower

from safespace.accounts.models import User
from safespace.directory.models import StaffMember

# Far deeper than any real organisation; it stops a walk that a bad row has made endless.
MAX_DEPTH = 50


def chain_above(staff_ids: Iterable[int]) -> dict[int, set[int]]:
    """Every manager above each person, all the way up: one query per level, not per person."""
    starts = set(staff_ids)
    manager_of: dict[int, int | None] = {}
    wanted = set(starts)
    for _ in range(MAX_DEPTH + 1):
        if not wanted:
            break
        rows = StaffMember.objects.filter(pk__in=wanted).values_list("pk", "manager_id")
        found = dict(rows)
        for pk in wanted:
            manager_of[pk] = found.get(pk)
        # People already read are not asked for again, so a loop ends the walk.
        wanted = {m for m in found.values() if m is not None and m not in manager_of}

    chains: dict[int, set[int]] = {}
    for start in starts:
        above: set[int] = set()
        node = manager_of.get(start)
        while node is not None and node != start and node not in above:
            if len(above) >= MAX_DEPTH:
                break
            above.add(node)
            node = manager_of.get(node)
        chains[start] = above
    return chains


def staff_ids_for_users(user_ids: Iterable[int] | QuerySet[Any]) -> dict[int, int]:
    """Each signed-in person's place in the directory, matched by email, in one query.

    People with no entry in the directory are left out. `user_ids` may be a query of ids.
    """
    matched = StaffMember.objects.filter(email=Lower(OuterRef("email"))).values("pk")[:1]
    wanted = user_ids if isinstance(user_ids, QuerySet) else list(user_ids)
    rows = (
        User.objects.filter(pk__in=wanted)
        .annotate(staff_id=Subquery(matched))
        .filter(staff_id__isnull=False)
        .values_list("pk", "staff_id")
    )
    return dict(rows)


def in_reporting_line(a_staff_id: int, b_staff_id: int, chains: Mapping[int, set[int]]) -> bool:
    """Whether one person manages the other, at any distance, or they are the same person.

    `chains` is chain_above's answer for both of them.
    """
    return (
        a_staff_id == b_staff_id
        or a_staff_id in chains.get(b_staff_id, set())
        or b_staff_id in chains.get(a_staff_id, set())
    )


def search(query: str, limit: int = 20) -> list[StaffMember]:
    """The people picker: part of a name, or an exact employee number or email address."""
    query = query.strip()
    if not query:
        return []
    matches = (
        StaffMember.objects.filter(
            Q(full_name__icontains=query) | Q(employee_number=query) | Q(email=query.lower())
        )
        .select_related("directorate")
        .order_by("full_name", "employee_number")
    )
    return list(matches[:limit])
