"""The raiser's choices about what may be shared, and with whom."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, ConsentChange, Sharing
from safespace.cases.services.sealed import RAISER


def change_consent(case: Case, with_whom: str, level: str) -> None:
    """The raiser changes what may be shared; the change and its time are kept."""
    column = {
        ConsentChange.With.DIRECTOR: "share_with_director",
        ConsentChange.With.MANAGER: "share_with_manager",
    }[ConsentChange.With(with_whom)]
    with transaction.atomic():
        if getattr(case, column) == level:
            return
        setattr(case, column, Sharing(level))
        case.updated = timezone.now()
        case.save(update_fields=[column, "updated"])
        ConsentChange.objects.create(case=case, with_whom=with_whom, level=level)
        audit_case(None, AuditAction.CONSENT_CHANGE, case, role=RAISER)
