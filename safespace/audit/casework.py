"""The audit event of each step of casework, and the role its actor acted in.

The audit trail sits below cases, so it takes a case as anything shaped like one (`Audited`).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar, Protocol

from django.db import models
from django.utils import timezone

from safespace.audit.actions import AuditAction
from safespace.audit.chain import record

RAISER = "raiser"


class Actor(Protocol):
    @property
    def code(self) -> uuid.UUID: ...

    def strongest_role(self, network_id: int | None = None) -> str: ...


class Audited(Protocol):
    objects: ClassVar[models.Manager[Any]]
    updated: datetime.datetime

    @property
    def pk(self) -> Any: ...

    @property
    def code(self) -> uuid.UUID: ...

    @property
    def network_id(self) -> int: ...

    def raised_by(self, user: Any) -> bool: ...


def role_for(user: Actor | None, case: Audited | None = None) -> str:
    """The role someone acts in, for the audit trail: their strongest role in the case's network."""
    if user is None:
        return "anonymous"
    if case is not None and case.raised_by(user):
        return RAISER
    return user.strongest_role(case.network_id if case is not None else None)


def audit_case(
    user: Actor | None, action: AuditAction, case: Audited, role: str | None = None
) -> None:
    if not action.endswith(".read"):
        # Every change is activity: the case lists show the last one.
        case.updated = timezone.now()
        type(case).objects.filter(pk=case.pk).update(updated=case.updated)
    record(
        actor_code=str(user.code) if user else "",
        actor_role=role or role_for(user, case),
        action=action,
        object_type="case",
        object_code=str(case.code),
    )
