"""Closing and reopening a case (champions), and the raiser's feedback and check-ins."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from safespace.accounts.models import User
from safespace.aftercare import retention as retention_rules
from safespace.aftercare import services
from safespace.aftercare.forms import CheckInForm, CloseForm, FeedbackForm, KeepForm, ReopenForm
from safespace.cases.models import Case, Stage
from safespace.cases.services.stages import TRANSITIONS
from safespace.lib import versions
from safespace.lib.confidential import confidential
from safespace.policy import Action, get_case_or_404, networks_where, raiser_page


@confidential
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.WORK_CASE)
    still_open = services.still_open(case, cast(User, request.user))
    form = CloseForm(
        request.POST if request.method == "POST" else None, still_open=bool(still_open)
    )
    if Stage.CLOSED not in TRANSITIONS[case.stage]:
        return _cannot_close(request, case, form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            # Two champions closing at once: the second finds it closed, and is told so.
            case = Case.objects.select_for_update().get(pk=case.pk)
            if Stage.CLOSED not in TRANSITIONS[case.stage]:
                return _cannot_close(request, case, form)
            services.close(
                case,
                cast(User, request.user),
                outcome=data["outcome"],
                formal_process=data["formal_process"],
                summary=data["summary"],
            )
        messages.success(
            request,
            _("%(reference)s is closed; check-ins are scheduled") % {"reference": case.reference},
        )
        return redirect("cases:detail", code=case.code)
    context = {"case": case, "form": form, "still_open": still_open}
    return render(request, "aftercare/close.html", context)


def _cannot_close(request: HttpRequest, case: Case, form: CloseForm) -> HttpResponse:
    """A case closed (or withdrawn) since the page was opened: say by whom, keep the words."""
    closure = case.closures.select_related("closed_by").order_by("-pk").first()
    if case.stage == Stage.CLOSED and closure is not None:
        who = closure.closed_by.full_name if closure.closed_by else _("Someone else")
        when = date_format(timezone.localtime(closure.closed_at), "j F Y")
        changed = _("This concern was already closed by %(who)s on %(when)s.") % {
            "who": who,
            "when": when,
        }
    else:
        changed = _("This concern is now “%(stage)s”, so it cannot be closed.") % {
            "stage": _(case.get_stage_display())
        }
    context = {"case": case, "form": form, "changed": changed, "closed": True}
    status = versions.STATUS if request.method == "POST" else 200
    return render(request, "aftercare/close.html", context, status=status)


@confidential
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.WORK_CASE)
    if case.stage not in (Stage.CLOSED, Stage.WATCHING):
        raise Http404
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.reopen(case, cast(User, request.user), form.cleaned_data["reason"])
        messages.success(request, _("%(reference)s is open again") % {"reference": case.reference})
        return redirect("cases:detail", code=case.code)
    return render(request, "aftercare/reopen.html", {"case": case, "form": form})


@confidential
@require_http_methods(["GET", "POST"])
@raiser_page
def feedback(request: HttpRequest, case: Case) -> HttpResponse:
    if not services.may_give_feedback(case):
        return redirect("concerns:case")
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.give_feedback(case, **form.cleaned_data)
        messages.success(request, _("Thank you for telling us"))
        return redirect("concerns:case")
    return render(request, "aftercare/feedback.html", {"form": form})


@confidential
@require_http_methods(["GET", "POST"])
@raiser_page
def check_in(request: HttpRequest, case: Case) -> HttpResponse:
    due = services.due_check_in(case)
    if due is None:
        return redirect("concerns:case")
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.answer_check_in(due, form.cleaned_data["happened"], form.cleaned_data["details"])
        if form.cleaned_data["happened"]:
            messages.success(
                request, _("Thank you. The lead champion has been told and will be in touch")
            )
        else:
            messages.success(request, _("Thank you for letting us know"))
        return redirect("concerns:case")
    return render(request, "aftercare/check_in.html", {"form": form, "check_in": due})


@require_GET
def retention(request: HttpRequest) -> HttpResponse:
    """What reaches the end of its retention period in the next 30 days, by network."""
    networks = [
        (network, retention_rules.coming_up(network))
        for network in networks_where(request.user, Action.MANAGE_RETENTION)
    ]
    context = {"networks": networks, "look_ahead": retention_rules.LOOK_AHEAD_DAYS}
    return render(request, "aftercare/retention.html", context)


@confidential
@require_http_methods(["GET", "POST"])
def retention_keep(request: HttpRequest, code: UUID) -> HttpResponse:
    try:
        case = get_case_or_404(request, code, Action.MANAGE_RETENTION)
    except Http404:
        return _shredded_meanwhile(request, code)
    due = retention_rules.due_of(case)
    if due is None:
        raise Http404  # not near the end of its retention: nothing to decide
    form = KeepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            hold = retention_rules.keep(
                case,
                cast(User, request.user),
                months=form.cleaned_data["months"],
                reason=form.cleaned_data["reason"],
                due=due.due,
            )
        except retention_rules.AlreadyShredded:
            return _shredded_meanwhile(request, code)
        until = date_format(hold.until, "j F Y")
        messages.success(
            request,
            _("%(reference)s will be kept until %(until)s")
            % {"reference": case.reference, "until": until},
        )
        return redirect("aftercare:retention")
    return render(request, "aftercare/retention_keep.html", {"due": due, "form": form})


def _shredded_meanwhile(request: HttpRequest, code: UUID) -> HttpResponse:
    """A concern of the lead's own network shredded since the page was opened: say so, kindly;
    anything else is a 404 as usual."""
    networks = networks_where(request.user, Action.MANAGE_RETENTION)
    case = Case.objects.filter(code=code, network__in=networks).first()
    if request.method != "POST" or case is None:
        raise Http404
    context = {"reference": case.reference}
    return render(request, "aftercare/retention_gone.html", context, status=versions.STATUS)
