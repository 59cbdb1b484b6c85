"""Meetings and action plans for champions; the senior manager's own actions; accountability."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safespace.accounts import roles
from safespace.accounts.models import Role, User
from safespace.accounts.who import last_changed_by
from safespace.actions import scorecard, services
from safespace.actions.forms import (
    ActionForm,
    MeetingForm,
    MinutesForm,
    ProgressForm,
    WhenWhereForm,
)
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record_many
from safespace.cases.models import Case
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from safespace.lib import versions
from safespace.lib.confidential import confidential
from safespace.policy import Action as Do
from safespace.policy import can, get_case_or_404, network_ids_where


def _managers(case: Case) -> list[User]:
    return list(roles.senior_managers(case.network_id).order_by("full_name"))


def _meeting_or_404(request: HttpRequest, code: UUID, meeting: UUID, need: Do) -> Meeting:
    case = get_case_or_404(request, code, need)
    found = case.meetings.filter(code=meeting).select_related("case").first()
    if found is None:
        raise Http404
    return found


def _owned_action_or_404(request: HttpRequest, code: UUID) -> Action:
    """An action its owner may update; anyone else's answers as if it did not exist."""
    action = Action.objects.filter(code=code).select_related("case", "owner").first()
    if action is None or not can(request.user, Do.UPDATE_ACTION, action):
        raise Http404
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
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Do.WORK_CASE)
    managers = _managers(case)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        managers=managers,
        initial={"minutes_long": 60, "director_attends": "yes", "raiser_attends": "no"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {int(pk) for pk in data["managers"]}
        with transaction.atomic():
            meeting = services.schedule_meeting(
                case,
                cast(User, request.user),
                starts=form.starts(),
                minutes_long=data["minutes_long"],
                place=data["place"],
                managers=[m for m in managers if m.pk in chosen],
                raiser_attends=data["raiser_attends"] == "yes",
                director_attends=data["director_attends"] == "yes",
            )
        messages.success(request, "The meeting is scheduled and the invitations have been sent")
        return redirect("meetings:detail", code=case.code, meeting=meeting.code)
    return render(request, "actions/meeting_new.html", {"case": case, "form": form})


@confidential
@require_GET
def meeting_detail(request: HttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = _meeting_or_404(request, code, meeting, Do.READ_CASE)
    case = found.case
    user = cast(User, request.user)
    (shown,) = [m for m in services.read_meetings(case, user) if m.meeting.pk == found.pk]
    actions = [a for a in services.read_actions(case, user) if a.action.meeting_id == found.pk]
    context = {
        "case": case,
        "meeting": found,
        "shown": shown,
        "actions": actions,
        "can_work": can(user, Do.WORK_CASE, case),
    }
    return render(request, "actions/meeting.html", context)


@confidential
@require_http_methods(["GET", "POST"])
def meeting_change(request: HttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = _meeting_or_404(request, code, meeting, Do.WORK_CASE)
    if found.cancelled:
        raise Http404
    initial = {
        "day": timezone.localtime(found.starts).date(),
        "time": timezone.localtime(found.starts).strftime("%H:%M"),
        "minutes_long": found.minutes_long,
        "place": found.place,
    }
    form = WhenWhereForm(request.POST if request.method == "POST" else None, initial=initial)
    context: dict[str, Any] = {"meeting": found, "form": form, "version": _version(found)}
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            current = Meeting.objects.select_for_update().get(pk=found.pk)
            if versions.changed_since_read(request, _version(current)):
                when = timezone.localtime(current.starts)
                context.update(
                    meeting=current,
                    version=_version(current),
                    changed=(
                        "Someone else changed this meeting while you had this page open. It is "
                        f"now on {when:%-d %B %Y} at {when:%H:%M}, for {current.minutes_long} "
                        f"minutes, at {current.place}."
                        if not current.cancelled
                        else "Someone else cancelled this meeting while you had this page open."
                    ),
                )
                return render(
                    request, "actions/meeting_change.html", context, status=versions.STATUS
                )
            services.reschedule(
                current,
                cast(User, request.user),
                starts=form.starts(),
                minutes_long=form.cleaned_data["minutes_long"],
                place=form.cleaned_data["place"],
            )
        messages.success(request, "The meeting has moved and everyone's calendar is updated")
        return redirect("meetings:detail", code=found.case.code, meeting=found.code)
    return render(request, "actions/meeting_change.html", context)


def _version(meeting: Meeting) -> str:
    return versions.of(meeting.sequence, meeting.cancelled)


@confidential
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = _meeting_or_404(request, code, meeting, Do.WORK_CASE)
    if request.method == "POST" and found.cancelled is None:
        services.cancel(found, cast(User, request.user))
        messages.success(request, "The meeting is cancelled and everyone has been told")
        return redirect("meetings:detail", code=found.case.code, meeting=found.code)
    return render(request, "actions/meeting_cancel.html", {"meeting": found})


@confidential
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = _meeting_or_404(request, code, meeting, Do.WORK_CASE)
    if found.cancelled:
        raise Http404
    if found.starts > timezone.now():
        when = timezone.localtime(found.starts)
        messages.warning(
            request,
            f"The minutes can be recorded once the meeting has taken place, from "
            f"{when:%-d %B %Y} at {when:%H:%M}",
        )
        return redirect("meetings:detail", code=found.case.code, meeting=found.code)
    form = MinutesForm(request.POST if request.method == "POST" else None)
    version = versions.of(found.minutes_recorded)
    context = {"meeting": found, "form": form, "version": version}
    if request.method == "POST" and versions.changed_since_read(request, version):
        # Minutes saved from another tab meanwhile: saving these would replace them unseen.
        form.is_valid()
        who = last_changed_by("case", found.case.code, AuditAction.MINUTES_RECORD)
        context["changed"] = (
            f"{who} saved minutes for this meeting while you had this page open. Read them on "
            "the meeting's page before you replace them with what you typed."
        )
        return render(request, "actions/minutes.html", context, status=versions.STATUS)
    if request.method == "POST" and form.is_valid():
        services.record_minutes(
            found,
            cast(User, request.user),
            form.cleaned_data["minutes"],
            form.cleaned_data["shared_with_raiser"] == "yes",
        )
        messages.success(request, "The minutes have been saved")
        return redirect("meetings:detail", code=found.case.code, meeting=found.code)
    return render(request, "actions/minutes.html", context)


@confidential
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = _meeting_or_404(request, code, meeting, Do.WORK_CASE)
    if not found.held:
        messages.warning(request, "Record the meeting's minutes first: a plan follows a meeting")
        return redirect("meetings:detail", code=found.case.code, meeting=found.code)
    owners = list(found.managers.all()) or _managers(found.case)
    form = ActionForm(request.POST if request.method == "POST" else None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            services.add_action(
                found,
                cast(User, request.user),
                description=data["description"],
                owner=next(o for o in owners if str(o.pk) == data["owner"]),
                due=data["due"],
                shared_with_raiser=data["shared_with_raiser"] == "yes",
            )
        messages.success(request, "The action has been added to the plan and its owner told")
        return redirect("meetings:detail", code=found.case.code, meeting=found.code)
    return render(request, "actions/action_new.html", {"meeting": found, "form": form})


@require_POST
def action_confirm(request: HttpRequest, code: UUID, action: UUID) -> HttpResponse:
    """The champion confirms an action its owner says is done."""
    case = get_case_or_404(request, code, Do.WORK_CASE)
    found = case.actions.filter(code=action).select_related("case").first()
    if found is None or found.status != ActionStatus.DONE:
        raise Http404
    services.confirm_done(found, cast(User, request.user))
    messages.success(request, "You have confirmed the action is done")
    return redirect("meetings:detail", code=case.code, meeting=found.meeting.code)


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


# How many open actions, and how many finished ones, the list shows at most.
PAGE = 50


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    """A senior manager's own actions, with only the context the raiser agreed to share.

    One audit event per case, written together, and every case key unwrapped in one query:
    the page costs the same whether they own three actions or three hundred.
    """
    user = cast(User, request.user)
    # What still needs doing, then the most recently due of the rest: a page, not a history.
    mine = Action.objects.filter(owner=user)
    still_open = Q(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
    shown = list(
        mine.filter(still_open)
        .select_related("case", "meeting")
        .prefetch_related("case__themes", "updates")
        .order_by("due", "created")[:PAGE]
    )
    finished = list(
        mine.exclude(still_open)
        .select_related("case", "meeting")
        .prefetch_related("case__themes", "updates")
        .order_by("-due", "-created")[:PAGE]
    )
    owned = shown + finished
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
    context = {"rows": rows, "more": mine.count() - len(owned), "page": PAGE}
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
                messages.success(request, "Your update has been recorded")
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
    who = update.author.full_name if update and update.author else "Someone else"
    status = ActionStatus(action.status).label
    if action.confirmed_at:
        return "This action was confirmed as done while you had this page open."
    return f"{who} updated this action to “{status}” while you had this page open."


@require_GET
def accountability(request: HttpRequest) -> HttpResponse:
    """Actions by directorate and by owner. Each action is in exactly one outcome column, so the
    outcomes of a row add up to its number of actions (the definitions are under the table)."""
    user = cast(User, request.user)
    networks = network_ids_where(user, Do.VIEW_ACCOUNTABILITY)
    counts = scorecard.counts(timezone.localdate())
    actions = Action.objects.filter(case__network_id__in=networks)

    def table(field: str, unnamed: str) -> list[tuple[str, int, list[tuple[str, int]]]]:
        """Each row: its name, its number of actions, and each outcome's key and count."""
        rows = actions.values(field).annotate(**counts).order_by(field)
        return [
            (
                row[field] or unnamed,
                row[scorecard.ACTIONS],
                [(outcome.key, row[outcome.key]) for outcome in scorecard.OUTCOMES],
            )
            for row in rows
        ]

    context = {
        "tables": [
            ("By directorate", "Directorate", table("owner__directorate__name", "Not known")),
            ("By owner", "Owner", table("owner__full_name", "")),
        ],
        "outcomes": scorecard.OUTCOMES,
    }
    return render(request, "actions/accountability.html", context)
