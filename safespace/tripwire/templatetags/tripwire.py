"""The HR processes noticed since someone spoke up, for the raiser's and the staff case pages."""

from __future__ import annotations

from django.conf import settings
from django.template import Context, defaulttags

from safespace.cases import attention
from safespace.cases.models import Attention, Case
from safespace.policy import Action, can
from safespace.tripwire.services import ShownAlert, read_alerts

# Our own tag register, of the same kind as the one behind Django's built-in tags.
register = type(defaulttags.register)()


@register.simple_tag(takes_context=True)
def hr_alerts(context: Context, case: Case, raiser_view: bool = False) -> list[ShownAlert] | None:
    """The alerts, or None for a reader who may not know of them (the section is left out).

    Only ever given a case the page has already been allowed to show.
    """
    user = context["request"].user
    if raiser_view:
        return read_alerts(case, None, raiser_view=True)
    if not user.is_authenticated or not can(user, Action.READ_HR_ALERTS, case):
        return None
    if attention.never_happened(case, Attention.HR_ALERT):
        return []  # the page read the case with its newest alert: there is none to read
    return read_alerts(case, user)


@register.simple_tag
def tripwire_months() -> int:
    return int(settings.SAFESPACE_TRIPWIRE_MONTHS)
