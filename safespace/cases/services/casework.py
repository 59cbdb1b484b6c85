"""The champion's own record of a case: its themes and the time spent on it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from safespace.accounts.models import Theme, User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, TimeEntry


def refine_themes(case: Case, themes: Iterable[Theme], actor: User) -> None:
    """The champion's view of what the concern is about, once they have listened."""
    with transaction.atomic():
        case.themes.set(list(themes))
        audit_case(actor, AuditAction.THEMES_CHANGE, case)


def log_time(
    case: Case, champion: User, day: datetime.date, minutes: int, activity: str
) -> TimeEntry:
    with transaction.atomic():
        entry = TimeEntry.objects.create(
            case=case, champion=champion, day=day, minutes=minutes, activity=activity
        )
        audit_case(champion, AuditAction.TIME_LOG, case)
    return entry
