"""Patterns: two or more people raising concerns about the same manager or the same team.

Each concern's named people become keyed hashes (one for the person, one for their team), so
matching needs no decryption and reveals nobody. The key is the pattern marks' own
(safespace/lib/keyed.py), never SECRET_KEY, so rotating that never stops a match. When a mark is shared by concerns from
different raisers within the window, the network's leads are told the case references.

A held concern ("only if others speak up") waits for a mark its raiser named to turn up on a
concern from someone else, named there by that raiser or by the lead. It takes no part in the
patterns the lead sees while it waits: nobody may know of it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from safespace.cases.models import Case, NamedMark, Stage
from safespace.directory.models import StaffMember
from safespace.lib import keyed

# What marks were keyed with before they had their own key (salted_hmac under SECRET_KEY).
LEGACY_SALT = "safespace.cases.patterns"


def _mark(value: str) -> str:
    return keyed.digest(keyed.Purpose.PATTERN_MARK, value.encode())


def legacy_marks(value: str) -> list[str]:
    """The marks made before they had their own key, under SECRET_KEY (and any fallbacks).
    Only the migration that re-keys them reads these (cases 0011)."""
    return [
        salted_hmac(LEGACY_SALT, value, secret=secret, algorithm="sha256").hexdigest()
        for secret in keyed.legacy_secrets()
    ]


def person_value(staff_id: int) -> str:
    return f"person:{staff_id}"


def team_value(directorate_id: int, service: str) -> str:
    return f"team:{directorate_id}:{service.strip().lower()}"


def person_mark(staff_id: int) -> str:
    return _mark(person_value(staff_id))


def team_mark(directorate_id: int, service: str) -> str:
    """A team is a service within a directorate, however its name was capitalised."""
    return _mark(team_value(directorate_id, service))


def marks_for(staff_ids: Iterable[int]) -> set[str]:
    marks = set()
    for pk, directorate_id, service in StaffMember.objects.filter(
        pk__in=list(staff_ids)
    ).values_list("pk", "directorate_id", "service"):
        marks.add(person_mark(pk))
        if service.strip():
            marks.add(team_mark(directorate_id, service))
    return marks


def since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=30 * settings.SAFESPACE_PATTERN_MONTHS)


def _from_someone_else(case: Case, others: Iterable[Case]) -> list[Case]:
    # The same person raising twice is not a pattern, nor does it release their own hold.
    return [o for o in others if not case.raiser_link or o.raiser_link != case.raiser_link]


def _recent_others(case: Case, marks: Iterable[str]) -> QuerySet[Case]:
    """Other concerns of the network inside the window, not withdrawn, carrying one of these."""
    return (
        Case.objects.filter(
            named_marks__mark__in=list(marks), network_id=case.network_id, created__gte=since()
        )
        .exclude(pk=case.pk)
        .exclude(stage=Stage.WITHDRAWN)
        .distinct()
    )


def _marks_of(case: Case) -> set[str]:
    return set(case.named_marks.values_list("mark", flat=True))


def sharing(case: Case) -> list[Case]:
    """Other recent concerns, from someone else and not held, sharing a mark with this one."""
    if case.created < since():
        return []
    return _from_someone_else(case, _recent_others(case, _marks_of(case)).exclude(stage=Stage.HELD))


def record(case: Case, staff_ids: Iterable[int]) -> list[Case]:
    """Replace the marks of the lead's picks; answer the other recent concerns sharing one.

    The marks the raiser's own naming left stay: they are what the raiser said.
    """
    marks = marks_for(staff_ids)
    NamedMark.objects.filter(case=case, by_raiser=False).delete()
    NamedMark.objects.bulk_create(NamedMark(case=case, mark=m) for m in sorted(marks))
    return sharing(case)


def record_raiser(case: Case, marks: Iterable[str]) -> None:
    """The marks of the person or team the raiser named, matched in the staff directory."""
    NamedMark.objects.bulk_create(
        NamedMark(case=case, mark=m, by_raiser=True) for m in sorted(set(marks))
    )


def is_matched(case: Case) -> bool:
    """Whether someone else's recent concern names what this held concern's raiser named."""
    if case.created < since():
        return False
    own = case.named_marks.filter(by_raiser=True).values_list("mark", flat=True)
    return bool(_from_someone_else(case, _recent_others(case, own)))


def released_by(case: Case) -> list[Case]:
    """The held concerns, from other raisers, waiting for a mark this concern carries."""
    if case.created < since():
        return []
    held = (
        Case.objects.filter(
            stage=Stage.HELD,
            network_id=case.network_id,
            created__gte=since(),
            named_marks__by_raiser=True,
            named_marks__mark__in=list(_marks_of(case)),
        )
        .exclude(pk=case.pk)
        .distinct()
    )
    return _from_someone_else(case, held)


def patterns(network_ids: Iterable[int]) -> list[list[Case]]:
    """Groups of recent concerns that name the same person or team, in two queries."""
    recent = NamedMark.objects.filter(
        case__network_id__in=list(network_ids), case__created__gte=since()
    ).exclude(case__stage__in=[Stage.WITHDRAWN, Stage.HELD])
    shared = recent.values("mark").annotate(n=Count("case", distinct=True)).filter(n__gte=2)
    groups: dict[str, dict[int, Case]] = defaultdict(dict)
    for mark in recent.filter(mark__in=shared.values("mark")).select_related("case"):
        groups[mark.mark][mark.case_id] = mark.case
    distinct = {tuple(sorted(g)): list(g.values()) for g in groups.values()}
    return sorted(
        (sorted(cases, key=lambda c: c.created) for cases in distinct.values()),
        key=lambda cases: cases[0].created,
    )
