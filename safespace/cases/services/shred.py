"""Destroying a case's key, so nothing of it can be read anywhere again."""

from __future__ import annotations

from django.db import transaction

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case
from safespace.keystore import crypto


def shred_case(case: Case, actor: User | None, role: str | None = None) -> None:
    """Destroy the case's key: its content becomes unreadable everywhere, backups included.

    `role` names who asked when nobody signed in did (the raiser erasing their own concern);
    otherwise it is the signed-in actor's, or the system's."""
    with transaction.atomic():
        crypto.shred_case_key(case.code)
        # The keyed hash of their employee number would still link HR events to this case.
        Case.objects.filter(pk=case.pk).update(hr_watch=False, hr_watch_key="")
        who = role or ("system" if actor is None else None)
        audit_case(actor, AuditAction.CASE_SHRED, case, role=who)
