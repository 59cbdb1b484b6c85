"""The raiser's own page of their concern (/track/concern/) and what they can do there."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safespace.actions import services as meetings
from safespace.actions.forms import DisputeForm, MinutesResponseForm
from safespace.aftercare import services as aftercare
from safespace.audit.actions import AuditAction
from safespace.cases.forms.messages import MessageForm
from safespace.cases.models import Case, ChampionProfile, ConsentChange, Stage
from safespace.cases.services import consent as case_consent
from safespace.cases.services import hold as case_hold
from safespace.cases.services import messages as case_messages
from safespace.cases.services import reads as case_reads
from safespace.cases.services import sealed as case_sealed
from safespace.cases.services import stages
from safespace.concerns.access import access_list, case_events, own_visits
from safespace.concerns.copy import conversation
from safespace.concerns.forms import SharingForm
from safespace.lib import versions
from safespace.lib.confidential import confidential
from safespace.policy import RAISER_CASE, RAISER_SINCE, raiser_page

NEXT_STEP = {
    Stage.HELD: (
        _(
            "Nobody will read your concern until someone else raises a concern about the same "
            "person or team. You can release it or withdraw it at any time."
        ),
        _("Nobody yet"),
    ),
    Stage.NEW: (_("A lead champion will choose a champion for you."), _("The lead champion")),
    Stage.ASSIGNED: (_("Your champion will contact you to listen."), _("Your champion")),
    Stage.LISTENING: (
        _("Your champion is listening and will agree next steps with you."),
        _("Your champion"),
    ),
    Stage.DECIDING: (
        _("You and your champion decide together what to do."),
        _("You and your champion"),
    ),
    Stage.MEETING: (_("A meeting with senior management is being arranged."), _("Your champion")),
    Stage.ACTION_PLAN: (_("The actions agreed are being followed up."), _("The action owners")),
    Stage.CLOSED: (_("Your concern is closed. We will check in with you later."), _("Safe Space")),
    Stage.WATCHING: (
        _("We will check in with you to make sure nothing has happened since."),
        _("Safe Space"),
    ),
    Stage.WITHDRAWN: (_("You withdrew this concern. Nothing more will happen."), _("Nobody")),
}


@confidential
@require_GET
@raiser_page
def case_page(request: HttpRequest, case: Case) -> HttpResponse:
    content = case_reads.read_content(case, None, role=case_sealed.RAISER)
    context = {
        "case": case,
        "content": content,
        "themes": list(case.themes.all()),
        "next_step": NEXT_STEP[Stage(case.stage)],
        "conversation": conversation(case),
        "message_form": MessageForm(),
        "sharing_form": SharingForm(
            anonymous=case.anonymous,
            initial={
                "share_with_director": case.share_with_director,
                "share_with_manager": case.share_with_manager,
            },
        ),
        "sharing_version": _sharing_version(case),
        "consent_history": list(case.consent_changes.all()),
        "accesses": access_list(case),
        "own_visits": own_visits(case),
        "notes": case_reads.read_notes(case, None, raiser_view=True),
        "can_withdraw": stages.can_withdraw(case),
        "released_by_match": case_events(case)
        .filter(action=AuditAction.CASE_RELEASE_MATCH)
        .values_list("at", flat=True)
        .first(),
        "meetings": [
            m
            for m in meetings.read_meetings(case, None, raiser_view=True)
            if not m.meeting.cancelled
        ],
        "actions": (actions := meetings.read_actions(case, None, raiser_view=True)),
        "still_monitored": [
            shown
            for shown in actions
            if shown.action.status in ("not_started", "in_progress") or shown.action.disputed_at
        ],
        "closures": aftercare.read_closures(case, None, raiser_view=True),
        "may_give_feedback": aftercare.may_give_feedback(case),
        "check_in_due": aftercare.due_check_in(case),
        # Someone who asked for a champion of a particular background sees how theirs
        # describes themselves, if they chose to say.
        "champion_backgrounds": (
            list(
                ChampionProfile.objects.filter(
                    user__assignments__case=case, user__assignments__ended_at__isnull=True
                )
                .exclude(background="")
                .values_list("background", flat=True)
            )
            if content.preferences
            else []
        ),
    }
    return render(request, "concerns/case.html", context)


@confidential
@require_POST
@raiser_page
def send_message(request: HttpRequest, case: Case) -> HttpResponse:
    form = MessageForm(request.POST)
    if case.stage == Stage.WITHDRAWN:
        raise Http404
    if form.is_valid():
        case_messages.send_message(case, form.cleaned_data["body"], from_raiser=True, author=None)
        messages.success(request, _("Your message has been sent"))
        return redirect("concerns:case")
    return render(request, "concerns/message_error.html", {"form": form}, status=200)


def _given(request: HttpRequest, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(request.POST.get(name) or request.GET.get(name, ""))
    except ValueError as bad:
        raise Http404 from bad


@confidential
@require_http_methods(["GET", "POST"])
@raiser_page
def reply_to_minutes(request: HttpRequest, case: Case) -> HttpResponse:
    """The raiser agrees with shared minutes, or says what they would add."""
    meeting = case.meetings.filter(
        code=_given(request, "meeting"), minutes_shared_with_raiser=True
    ).first()
    if meeting is None or case.stage == Stage.WITHDRAWN:
        raise Http404
    form = MinutesResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        agree = form.cleaned_data["agree"] == "yes"
        meetings.respond_to_minutes(meeting, agree=agree, comment=form.cleaned_data["comment"])
        messages.success(request, _("Thank you. Your champion has been told"))
        return redirect("concerns:case")
    return render(request, "concerns/reply.html", {"form": form, "meeting": meeting})


@confidential
@require_http_methods(["GET", "POST"])
@raiser_page
def dispute_action(request: HttpRequest, case: Case) -> HttpResponse:
    """ "I don't think this is done": flagged to the champion to look at again."""
    action = case.actions.filter(code=_given(request, "action"), shared_with_raiser=True).first()
    if action is None or case.stage == Stage.WITHDRAWN:
        raise Http404
    form = DisputeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        meetings.dispute(action, form.cleaned_data["words"])
        messages.success(request, _("Your champion has been told you do not think this is done"))
        return redirect("concerns:case")
    return render(request, "concerns/dispute.html", {"form": form, "action": action})


@confidential
@require_POST
@raiser_page
def change_sharing(request: HttpRequest, case: Case) -> HttpResponse:
    form = SharingForm(request.POST, anonymous=case.anonymous)
    if versions.changed_since_read(request, _sharing_version(case)):
        # Changed in another window since this page was drawn: say what they are now.
        form.is_valid()  # what was chosen here is shown again as it was chosen
        changed = _(
            "Your choices were changed in another window while this page was open. Now the "
            "Director of Wellbeing: “%(director)s”; the senior manager: "
            "“%(manager)s”."
        ) % {
            "director": _(case.get_share_with_director_display()),
            "manager": _(case.get_share_with_manager_display()),
        }
        context = {"form": form, "changed": changed, "sharing_version": _sharing_version(case)}
        return render(request, "concerns/sharing_error.html", context, status=versions.STATUS)
    if form.is_valid():
        case_consent.change_consent(
            case, ConsentChange.With.DIRECTOR, form.cleaned_data["share_with_director"]
        )
        case_consent.change_consent(
            case, ConsentChange.With.MANAGER, form.cleaned_data["share_with_manager"]
        )
        messages.success(request, _("Your choices about sharing have been saved"))
        return redirect("concerns:case")
    context = {"form": form, "sharing_version": _sharing_version(case)}
    return render(request, "concerns/sharing_error.html", context)


def _sharing_version(case: Case) -> str:
    return versions.of(case.share_with_director, case.share_with_manager)


@confidential
@require_http_methods(["GET", "POST"])
@raiser_page
def withdraw(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method == "POST" and case.stage == Stage.HELD:
        # Nobody has read it and nobody ever will: it is deleted, and the receipt opens nothing.
        case_hold.discard_held(case)
        request.session.pop(RAISER_CASE, None)
        request.session.pop(RAISER_SINCE, None)
        return render(request, "concerns/discarded.html")
    if request.method == "POST" and stages.can_withdraw(case):
        aftercare.withdraw(case)
        messages.success(request, _("Your concern has been withdrawn"))
        return redirect("concerns:case")
    return render(
        request,
        "concerns/withdraw.html",
        {"case": case, "can_withdraw": stages.can_withdraw(case)},
    )


@confidential
@require_http_methods(["GET", "POST"])
@raiser_page
def release(request: HttpRequest, case: Case) -> HttpResponse:
    """The raiser lets their held concern go to the lead champion without waiting for a match."""
    if request.method == "POST" and case.stage == Stage.HELD:
        case_hold.release(case, case_hold.BY_RAISER)
        messages.success(request, _("Your concern has been sent to the lead champion"))
        return redirect("concerns:case")
    return render(request, "concerns/release.html", {"case": case})
