"""The senior manager's own actions and their view of a meeting they are invited to. The
champion's meeting pages are in safespace/actions/meetings/; the Director's accountability
page, which reads insight's summary of actions, is in safespace/insights/."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from safespace.accounts.models import Role, User
from safespace.actions import services
from safespace.actions.forms import ProgressForm
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record_many
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from safespace.lib import paging, versions
from safespace.lib.confidential import confidential
from safespace.policy import Action as Do
from safespace.policy import can


def _owned_action_or_404(request: HttpRequest, code: UUID) -> Action:
    """An action its owner may update; anyone else's answers as if it did not exist."""
    action = Action.objects.filter(code=code).select_related("case", "owner").first()
    if action is None or not can(request.user, Do.UPDATE_ACTION, action):
        raise Http404
    if not CaseKey.objects.using(KEYS).filter(case_code=action.case.code).exists():
        raise Http404  # shredded: nothing of its case can be read any more
    return action


def _attended_meeting_or_404(request: HttpRequest, meeting: UUID) -> Meeting:
    """A meeting that invites this senior manager or Director; any other answers as missing."""
    found = Meeting.objects.filter(code=meeting).select_related("case").first()
    if found is None or not can(request.user, Do.ATTEND_MEETING, found):
        raise Http404
    if not CaseKey.objects.using(KEYS).filter(case_code=found.case.code).exists():
        raise Http404  # shredded: nothing of its case can be read any more
    return found


@confidential
@require_GET
def attendee_meeting(request: HttpRequest, meeting: UUID) -> HttpResponse:
    """An invited senior manager's or Director's own view of a meeting: when, where, who, and
    only what the raiser agreed to share with them. Never the concern's own words."""
    found = _attended_meeting_or_404(request, meeting)
    user = cast(User, request.user)
    context = {
        "seen": services.read_as_attendee(found, user),
        "can_update": can(user, Do.UPDATE_ACTION),
    }
    return render(request, "actions/attendee_meeting.html", context)


# How many actions a page of the list shows.
PAGE = 25
STILL_OPEN = Q(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])


def _finished_only(request: HttpRequest) -> bool:
    """The list's filter: the finished actions instead of those still to do."""
    return request.GET.get("finished") == "yes"


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    """A senior manager's own actions, with only the context the raiser agreed to share.

    Those still to do, soonest due first; or, one link away, the finished ones, most recently
    due first; a page at a time. One audit event per case, written together, and every case
    key unwrapped in one query: a page costs the same whether they own three actions or three
    hundred.
    """
    user = cast(User, request.user)
    finished = _finished_only(request)
    mine = Action.objects.filter(owner=user)
    # Index action_owner_due; the id breaks ties, so an action never shows on two pages.
    listed = (
        mine.exclude(STILL_OPEN).order_by("-due", "-created", "-id")
        if finished
        else mine.filter(STILL_OPEN).order_by("due", "created", "id")
    )
    paged = paging.page_of(
        request,
        listed.select_related("case", "meeting").prefetch_related("case__themes", "updates"),
        per_page=PAGE,
    )
    # An action whose concern was shredded (erased, or past its retention) is gone with it.
    live = set(
        CaseKey.objects.using(KEYS)
        .filter(case_code__in={a.case.code for a in paged.rows})
        .values_list("case_code", flat=True)
    )
    owned = [a for a in paged.rows if a.case.code in live]
    cases = {action.case_id: action.case for action in owned}
    record_many(
        actor_code=str(user.code),
        actor_role=Role.MANAGER.value,
        action=AuditAction.ACTIONS_READ,
        object_type="case",
        object_codes=[str(c.code) for c in cases.values()],
    )
    with crypto.case_keys(c.code for c in cases.values()):
        rows = [(services.shown(a), services.manager_context(a.case)) for a in owned]
    context = {"rows": rows, "finished": finished, "paged": paged}
    return render(request, "actions/list.html", context)


@confidential
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    """The owner records progress and evidence."""
    found = _owned_action_or_404(request, code)
    user = cast(User, request.user)
    form = ProgressForm(
        request.POST if request.method == "POST" else None, initial={"status": found.status}
    )
    changed = ""
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            current = Action.objects.select_for_update().get(pk=found.pk)
            if not versions.changed_since_read(request, _progress_version(current)):
                services.update_action(
                    current,
                    user,
                    form.cleaned_data["status"],
                    form.cleaned_data["note"],
                    Role.MANAGER,
                )
                messages.success(request, _("Your update has been recorded"))
                return redirect("actions:list")
        found = current
        changed = _what_changed(found)
    (shown,) = [
        a
        for a in services.read_actions(found.case, user, owner=user, role=Role.MANAGER.value)
        if a.action.pk == found.pk
    ]
    context = {
        "shown": shown,
        "form": form,
        "about": services.manager_context(found.case),
        "version": _progress_version(found),
        "changed": changed,
    }
    return render(
        request, "actions/action.html", context, status=versions.STATUS if changed else 200
    )


def _progress_version(action: Action) -> str:
    latest = action.updates.order_by("-pk").values_list("pk", flat=True).first()
    return versions.of(action.status, action.confirmed_at, latest)


def _what_changed(action: Action) -> str:
    update = action.updates.select_related("author").order_by("-pk").first()
    who = update.author.full_name if update and update.author else _("Someone else")
    status = _(ActionStatus(action.status).label)
    if action.confirmed_at:
        return _("This action was confirmed as done while you had this page open.")
    return _("%(who)s updated this action to “%(status)s” while you had this page open.") % {
        "who": who,
        "status": status,
    }
