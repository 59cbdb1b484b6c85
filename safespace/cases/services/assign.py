"""Giving a case to a champion, and a champion handing it back."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safespace.accounts import roles
from safespace.accounts.models import Role, User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Assignment, Case, Stage
from safespace.cases.services.sealed import DECLINE, OVERRIDE, by_key
from safespace.cases.services.stages import move
from safespace.keystore import crypto
from safespace.notifications.mail import notify


def assign_champion(
    case: Case, champion: User, actor: User | None, override_reason: str = ""
) -> Assignment:
    # Each network's concerns go to its own champions only, whatever a form let through.
    pool = roles.people_in(case.network_id, champions=True, leads=True, active_only=False)
    if not pool.filter(pk=champion.pk).exists():
        raise ValueError(
            f"{champion} is not a champion of the network this concern was raised with"
        )
    with transaction.atomic():
        assignment = Assignment.objects.create(case=case, champion=champion)
        if override_reason:
            assignment.override_reason = crypto.seal(
                case.code, OVERRIDE, override_reason, by_key(assignment)
            )
            assignment.save(update_fields=["override_reason"])
        if case.stage == Stage.NEW:
            move(case, Stage.ASSIGNED)
        audit_case(actor, AuditAction.CASE_ASSIGN, case, role=None if actor else "system")
        transaction.on_commit(
            lambda: notify([champion.email], _("A concern has been assigned to you"))
        )
    return assignment


def decline(case: Case, champion: User, reason: str) -> None:
    """A champion hands a case back (a conflict they know of, no time); it returns to triage."""
    with transaction.atomic():
        assignment = case.assignments.select_for_update().get(
            champion=champion, ended_at__isnull=True
        )
        assignment.ended_at = timezone.now()
        assignment.decline_reason = crypto.seal(case.code, DECLINE, reason, by_key(assignment))
        assignment.save(update_fields=["ended_at", "decline_reason"])
        if not case.assignments.filter(ended_at__isnull=True).exists():
            move(case, Stage.NEW)
        audit_case(champion, AuditAction.CASE_DECLINE, case, role=Role.CHAMPION.value)
