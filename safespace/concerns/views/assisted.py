"""A champion records a concern for someone after a phone call or a conversation, with the
raise form's own questions (safespace/concerns/assisted.py), and is shown its receipt once."""

from __future__ import annotations

from typing import cast

from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from safespace.accounts.models import User
from safespace.audit.casework import role_for
from safespace.cases import assignment
from safespace.cases.models import Case, Stage
from safespace.cases.services import assign as case_assign
from safespace.cases.services import create
from safespace.concerns import answers
from safespace.concerns.assisted import AssistedReferralForm, Together, questions
from safespace.lib import receipts
from safespace.lib.confidential import confidential
from safespace.policy import Action, can, networks_where

REFERRAL_RECEIPT = "referral_receipt"


@confidential
@require_http_methods(["GET", "POST"])
def assisted_referral(request: HttpRequest) -> HttpResponse:
    """The raise form's questions on one page, for a champion to record a concern for someone.

    What they answered goes through the same directory matching, hold and pattern alert as a
    raised concern. The recording champion becomes its champion only if they have no conflict
    with it; if they have one they are told why, and may pass it to the lead champion instead.
    """
    user = cast(User, request.user)
    network = networks_where(user, Action.RECORD_REFERRAL).first()
    if network is None:
        raise Http404
    post = request.POST if request.method == "POST" else None
    referral = AssistedReferralForm(post, network=network)
    asked = questions(network, post)
    together = Together(referral, *asked.values())
    conflicted: list[str] = []
    if post is not None and together.is_valid():
        data = together.cleaned_data
        receipt, passphrase = receipts.new_code(), receipts.new_passphrase()
        concern = answers.new_concern(
            data,
            network,
            channel=data["channel"],
            receipt=receipt,
            passphrase=passphrase,
            submission=data["submission"],
        )
        conflicted = [] if concern.hold else _conflicts(user, concern)
        if not conflicted or post.get("to_lead") == "yes":
            # A concern they want held is nobody's yet, even if a match releases it at once.
            assign = not conflicted and not concern.hold
            return _record(request, user, concern, receipt, passphrase, assign=assign)
        referral.add_error(
            None,
            gettext(
                "You cannot be their champion: %(reasons)s. Pass it to the lead champion, who "
                "will choose a champion without a conflict"
            )
            % {"reasons": _and(conflicted)},
        )
    context = {
        "form": referral,
        "together": together,
        "conflicted": bool(conflicted),
        # Each page's questions by its name ("what-you-want" as what_you_want).
        **{slug.replace("-", "_"): question for slug, question in asked.items()},
    }
    return render(request, "cases/assisted_referral.html", context)


def _conflicts(user: User, concern: create.NewConcern) -> list[str]:
    """Why the recording champion must not take this concern, in their own voice; the same
    checks a lead's choice of champion meets (assignment.conflicts)."""
    needs = assignment.needs_for(
        concern.raiser_directorate.pk if concern.raiser_directorate else None,
        (d.pk for d in concern.directorates_concerned),
        concern.avoid_directorate.pk if concern.avoid_directorate else None,
        [concern.named_staff] if concern.named_staff is not None else [],
        concern.preferences,
    )
    return [
        str(assignment.YOURS[conflict])
        for conflict in assignment.conflicts_of(assignment.candidate(user), needs)
    ]


def _and(reasons: list[str]) -> str:
    """Each reason in turn, the last joined by "and"."""
    said = reasons[0]
    for reason in reasons[1:]:
        said = gettext("%(first)s and %(then)s") % {"first": said, "then": reason}
    return said


def _record(
    request: HttpRequest,
    user: User,
    concern: create.NewConcern,
    receipt: str,
    passphrase: str,
    *,
    assign: bool,
) -> HttpResponse:
    try:
        with transaction.atomic():
            case = create.create_case(concern, actor=user, actor_role=role_for(user))
            if assign and case.stage == Stage.NEW:
                case_assign.assign_champion(case, user, actor=user)
            # Shown once by the next page, then forgotten, so never in a response that a
            # reload repeats. Saved with the case, so a second send of the form finds it.
            request.session[REFERRAL_RECEIPT] = {
                "case": str(case.code),
                "receipt": receipt,
                "passphrase": passphrase,
            }
            request.session.save()
    except IntegrityError:
        # The same form sent twice: the first one made the case and saved its receipt.
        token = concern.submission
        first = Case.objects.filter(submission=token).first() if token else None
        if first is None:
            raise
        saved = type(request.session)(session_key=request.session.session_key)
        if (saved.get(REFERRAL_RECEIPT) or {}).get("case") == str(first.code):
            request.session[REFERRAL_RECEIPT] = saved[REFERRAL_RECEIPT]
    return redirect("concerns:recorded")


@require_GET
def referral_recorded(request: HttpRequest) -> HttpResponse:
    """The receipt for the concern just recorded, shown once and forgotten as it is shown."""
    shown = request.session.pop(REFERRAL_RECEIPT, None)
    case = Case.objects.filter(code=shown["case"]).first() if shown else None
    user = cast(User, request.user)
    context = {
        "case": case,
        "receipt": receipts.format_code(shown["receipt"]) if case else "",
        "passphrase": shown["passphrase"] if case else "",
        # Held, or passed to the lead because of a conflict: not theirs to open.
        "held": case is not None and case.stage == Stage.HELD,
        "theirs": case is not None
        and case.assignments.filter(champion=user, ended_at__isnull=True).exists(),
        "can_open": case is not None and can(user, Action.READ_CASE, case),
    }
    response = render(request, "cases/referral_recorded.html", context)
    response["Cache-Control"] = "no-store"
    return response
