"""The staff home page, and opening a concern one raised under one's own name."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safespace.accounts.models import Membership, User
from safespace.actions import services as meetings
from safespace.cases.models import Case
from safespace.cases.raisers import link_for
from safespace.policy import Action, can, enter_case


def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    memberships = list(Membership.objects.filter(user=user).select_related("network"))
    context = {
        "memberships": memberships,
        # Every link is offered by the same policy that guards the page behind it.
        "can_cases": can(user, Action.LIST_CASES),
        "can_actions": can(user, Action.LIST_ACTIONS),
        "can_insights": can(user, Action.VIEW_INSIGHTS),
        "can_accountability": can(user, Action.VIEW_ACCOUNTABILITY),
        "can_pool": can(user, Action.MANAGE_POOL),
        "can_directory": can(user, Action.CONFIGURE),
        "can_hr_import": can(user, Action.IMPORT_HR_EVENTS),
        "can_find_person": can(user, Action.FIND_PERSON),
        "can_configure": can(user, Action.CONFIGURE),
        "raised": list(Case.objects.filter(raiser_link=link_for(user.code)).order_by("-created")),
        "meetings": meetings.your_meetings(user) if can(user, Action.ATTEND_MEETING) else None,
    }
    return render(request, "staff/home.html", context)


@require_POST
def open_concern(request: HttpRequest, code: UUID) -> HttpResponse:
    """Open a concern this person raised under their name, as their receipt would."""
    try:
        user = cast(User, request.user)
        case = Case.objects.get(code=code, raiser_link=link_for(user.code))
    except Case.DoesNotExist as missing:
        raise Http404 from missing
    enter_case(request, case)
    return redirect("concerns:case")
