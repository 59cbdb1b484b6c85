"""Where a case may go from each stage, and moving it there."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from safespace.accounts import roles, who
from safespace.accounts.models import Network, User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, Stage
from safespace.cases.services.sealed import RAISER
from safespace.lib.workdays import add_working_days


def first_contact_due(start: datetime.datetime, network: Network) -> datetime.date:
    """The day a champion should have made contact by, on the network's own promise."""
    return add_working_days(timezone.localdate(start), network.first_contact_days)


def lead_emails(network_id: int) -> list[str]:
    return list(roles.lead_champions(network_id).values_list("email", flat=True))


# Where a case may go from each stage. Anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    Stage.HELD: {Stage.NEW, Stage.WITHDRAWN},
    Stage.NEW: {Stage.ASSIGNED, Stage.WITHDRAWN},
    Stage.ASSIGNED: {Stage.LISTENING, Stage.NEW, Stage.WITHDRAWN},
    Stage.LISTENING: {Stage.DECIDING, Stage.CLOSED, Stage.WITHDRAWN},
    Stage.DECIDING: {Stage.MEETING, Stage.CLOSED, Stage.WITHDRAWN},
    Stage.MEETING: {Stage.ACTION_PLAN, Stage.CLOSED, Stage.WITHDRAWN},
    Stage.ACTION_PLAN: {Stage.CLOSED, Stage.WITHDRAWN},
    Stage.CLOSED: {Stage.WATCHING, Stage.LISTENING},
    Stage.WATCHING: {Stage.CLOSED, Stage.LISTENING},
    Stage.WITHDRAWN: set(),
}


def manual_stages(case: Case) -> set[str]:
    """Where a champion may move a case by hand. Closing needs an outcome and reopening a
    reason (safespace/aftercare); withdrawing is the raiser's alone."""
    stages = TRANSITIONS[case.stage] - {Stage.NEW, Stage.CLOSED, Stage.WITHDRAWN}
    if case.stage in (Stage.CLOSED, Stage.WATCHING):
        stages.discard(Stage.LISTENING)
    return stages


class TransitionRefused(Exception):
    pass


def move(case: Case, stage: str) -> None:
    if stage not in TRANSITIONS[case.stage]:
        raise TransitionRefused(f"A case cannot go from {case.stage} to {stage}.")
    if stage == Stage.ACTION_PLAN and not case.actions.exists():
        # Every meeting ends in an action plan, and a plan only follows a held meeting.
        raise TransitionRefused("A case reaches its action plan when a held meeting has one.")
    case.stage = stage
    case.updated = timezone.now()
    case.save(update_fields=["stage", "updated"])


def last_changed_by(case: Case, action_prefix: str) -> str:
    """The name of whoever last made a change of this kind to the case, for "X moved it"."""
    return who.last_changed_by("case", case.code, action_prefix)


def change_stage(case: Case, stage: str, actor: User) -> None:
    with transaction.atomic():
        move(case, stage)
        audit_case(actor, AuditAction(f"stage.{stage}"), case)


def can_withdraw(case: Case) -> bool:
    return Stage.WITHDRAWN in TRANSITIONS[case.stage]


def withdraw(case: Case) -> None:
    with transaction.atomic():
        move(case, Stage.WITHDRAWN)
        case.withdrawn_at = timezone.now()
        case.save(update_fields=["withdrawn_at"])
        case.assignments.filter(ended_at__isnull=True).update(ended_at=case.withdrawn_at)
        audit_case(None, AuditAction.CASE_WITHDRAW, case, role=RAISER)
