"""Who last made a change: the name a "changed while you had this page open" page gives."""

from __future__ import annotations

from django.utils.translation import gettext

from safespace.accounts.models import User
from safespace.audit.models import AuditEvent


def last_changed_by(object_type: str, code: object, action_prefix: str) -> str:
    """The name of whoever last made a change of this kind to the object, or "Someone else"."""
    actor = (
        AuditEvent.objects.filter(
            object_type=object_type, object_code=str(code), action__startswith=action_prefix
        )
        .order_by("-seq")
        .values_list("actor_code", flat=True)
        .first()
    )
    name = (
        User.objects.filter(code=actor).values_list("full_name", flat=True).first()
        if actor
        else None
    )
    return name or gettext("Someone else")
