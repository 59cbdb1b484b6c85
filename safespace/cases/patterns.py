"""Patterns: two or more people raising concerns about the same manager or the same team.

Each concern's named people become keyed hashes (one for the person, one for their team), so
matching needs no decryption and reveals nobody. When a mark is shared by concerns from
different raisers within the window, the network's leads are told the case references.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac

from safespace.cases.models import Case, NamedMark, Stage
from safespace.directory.models import StaffMember

SALT = "safespace.cases.patterns"


def _mark(value: str) -> str:
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()


def marks_for(staff_ids: Iterable[int]) -> set[str]:
    marks = set()
    for pk, directorate_id, service in StaffMember.objects.filter(
        pk__in=list(staff_ids)
    ).values_list("pk", "directorate_id", "service"):
        marks.add(_mark(f"person:{pk}"))
        if service.strip():
            marks.add(_mark(f"team:{directorate_id}:{service.strip().lower()}"))
    return marks


def since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=30 * settings.SAFESPACE_PATTERN_MONTHS)


def record(case: Case, staff_ids: Iterable[int]) -> list[Case]:
    """Replace the case's marks; answer the other recent concerns that share one with it."""
    marks = marks_for(staff_ids)
    NamedMark.objects.filter(case=case).delete()
    NamedMark.objects.bulk_create(NamedMark(case=case, mark=m) for m in sorted(marks))
    others = (
        Case.objects.filter(
            named_marks__mark__in=marks, network_id=case.network_id, created__gte=since()
        )
        .exclude(pk=case.pk)
        .exclude(stage=Stage.WITHDRAWN)
        .distinct()
    )
    # The same person raising twice is not a pattern.
    return [o for o in others if case.raiser_id is None or o.raiser_id != case.raiser_id]


def patterns(network_ids: Iterable[int]) -> list[list[Case]]:
    """Groups of recent concerns that name the same person or team, in two queries."""
    recent = NamedMark.objects.filter(
        case__network_id__in=list(network_ids), case__created__gte=since()
    ).exclude(case__stage=Stage.WITHDRAWN)
    shared = recent.values("mark").annotate(n=Count("case", distinct=True)).filter(n__gte=2)
    groups: dict[str, dict[int, Case]] = defaultdict(dict)
    for mark in recent.filter(mark__in=shared.values("mark")).select_related("case"):
        groups[mark.mark][mark.case_id] = mark.case
    distinct = {tuple(sorted(g)): list(g.values()) for g in groups.values()}
    return sorted(
        (sorted(cases, key=lambda c: c.created) for cases in distinct.values()),
        key=lambda cases: cases[0].created,
    )
