"""A case's meetings and its action plan, for the champion working the case.

Every page sits under the case's own address (/cases/<code>/meetings/…) and answers only to
someone who may read or work that case; the invited managers' own view of a meeting and the
owners' action pages are the actions part's (safespace/actions/views.py).
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safespace.accounts import roles
from safespace.accounts.models import User
from safespace.accounts.who import last_changed_by
from safespace.actions import services
from safespace.actions.forms import ActionForm, MeetingForm, MinutesForm, WhenWhereForm
from safespace.actions.models import ActionStatus, Meeting
from safespace.audit.actions import AuditAction
from safespace.cases.models import Case
from safespace.lib import versions
from safespace.lib.confidential import confidential
from safespace.policy import Action as Do
from safespace.policy import can, get_case_or_404


def _managers(case: Case) -> list[User]:
    return list(roles.senior_managers(case.network_id).order_by("full_name"))


def _meeting_or_404(request: HttpRequest, code: UUID, meeting: UUID, need: Do) -> Meeting:
    case = get_case_or_404(request, code, need)
    found = case.meetings.filter(code=meeting).select_related("case").first()
    if found is None:
        raise Http404
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
        messages.success(request, _("The meeting is scheduled and the invitations have been sent"))
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
                if current.cancelled:
                    changed = _("Someone else cancelled this meeting while you had this page open.")
                else:
                    changed = ngettext(
                        "Someone else changed this meeting while you had this page open. It is "
                        "now on %(day)s at %(time)s, for %(minutes)s minute, at %(place)s.",
                        "Someone else changed this meeting while you had this page open. It is "
                        "now on %(day)s at %(time)s, for %(minutes)s minutes, at %(place)s.",
                        current.minutes_long,
                    ) % {
                        "day": date_format(when, "j F Y"),
                        "time": time_format(when, "H:i"),
                        "minutes": current.minutes_long,
                        "place": current.place,
                    }
                context.update(meeting=current, version=_version(current), changed=changed)
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
        messages.success(request, _("The meeting has moved and everyone's calendar is updated"))
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
        messages.success(request, _("The meeting is cancelled and everyone has been told"))
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
            _(
                "The minutes can be recorded once the meeting has taken place, from "
                "%(day)s at %(time)s"
            )
            % {"day": date_format(when, "j F Y"), "time": time_format(when, "H:i")},
        )
        return redirect("meetings:detail", code=found.case.code, meeting=found.code)
    form = MinutesForm(request.POST if request.method == "POST" else None)
    version = versions.of(found.minutes_recorded)
    context = {"meeting": found, "form": form, "version": version}
    if request.method == "POST" and versions.changed_since_read(request, version):
        # Minutes saved from another tab meanwhile: saving these would replace them unseen.
        form.is_valid()
        who = last_changed_by("case", found.case.code, AuditAction.MINUTES_RECORD)
        context["changed"] = _(
            "%(who)s saved minutes for this meeting while you had this page open. Read them on "
            "the meeting's page before you replace them with what you typed."
        ) % {"who": who}
        return render(request, "actions/minutes.html", context, status=versions.STATUS)
    if request.method == "POST" and form.is_valid():
        services.record_minutes(
            found,
            cast(User, request.user),
            form.cleaned_data["minutes"],
            form.cleaned_data["shared_with_raiser"] == "yes",
        )
        messages.success(request, _("The minutes have been saved"))
        return redirect("meetings:detail", code=found.case.code, meeting=found.code)
    return render(request, "actions/minutes.html", context)


@confidential
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = _meeting_or_404(request, code, meeting, Do.WORK_CASE)
    if not found.held:
        messages.warning(request, _("Record the meeting's minutes first: a plan follows a meeting"))
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
        messages.success(request, _("The action has been added to the plan and its owner told"))
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
    messages.success(request, _("You have confirmed the action is done"))
    return redirect("meetings:detail", code=case.code, meeting=found.meeting.code)
