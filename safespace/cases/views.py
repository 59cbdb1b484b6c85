"""Casework pages for champions, lead champions and the Director of Wellbeing."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safespace.accounts.models import Membership, Role, User
from safespace.cases import services
from safespace.cases.forms.assisted_referral import AssistedReferralForm
from safespace.cases.models import Case, Sharing
from safespace.concerns.forms import MessageForm
from safespace.lib import receipts
from safespace.policy import Action, can, get_case_or_404


def visible_cases(user: User) -> Q:
    """The cases a person may see in their list, as one query condition."""
    held = Membership.objects.filter(user=user)
    lead_of = held.filter(role=Role.LEAD).values("network_id")
    director_of = held.filter(role=Role.DIRECTOR).values("network_id")
    return (
        Q(assignments__champion=user, assignments__ended_at__isnull=True)
        | Q(network_id__in=lead_of)
        | (Q(network_id__in=director_of) & ~Q(share_with_director=Sharing.NONE))
    )


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    cases = (
        Case.objects.filter(visible_cases(user))
        .distinct()
        .select_related("network")
        .prefetch_related("themes")
        .order_by("-created")
    )
    now = timezone.now()
    today = timezone.localdate()
    rows = [
        (
            case,
            (now - case.created).days,
            case.stage == "new"
            and case.first_contact_due is not None
            and case.first_contact_due < today,
        )
        for case in cases
    ]
    can_record = Membership.objects.filter(user=user, role__in=[Role.CHAMPION, Role.LEAD]).exists()
    return render(request, "cases/list.html", {"rows": rows, "can_record": can_record})


@require_GET
def case_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code)
    user = cast(User, request.user)
    context = {
        "case": case,
        "content": services.read_content(case, user),
        "themes": list(case.themes.all()),
        "conversation": services.read_messages(case, user),
        "message_form": MessageForm(),
        "can_message": can(user, Action.MESSAGE_RAISER, case),
    }
    return render(request, "cases/detail.html", context)


@require_http_methods(["GET", "POST"])
def send_message(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.MESSAGE_RAISER)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.send_message(
            case, form.cleaned_data["body"], from_raiser=False, author=cast(User, request.user)
        )
        messages.success(request, "Your message has been sent")
        return redirect("cases:detail", code=case.code)
    return render(request, "cases/message.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
def assisted_referral(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    membership = (
        Membership.objects.filter(user=user, role__in=[Role.CHAMPION, Role.LEAD])
        .select_related("network")
        .first()
    )
    if membership is None:
        raise Http404
    network = membership.network
    form = AssistedReferralForm(request.POST if request.method == "POST" else None, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        receipt, passphrase = receipts.new_code(), receipts.new_passphrase()
        case = services.create_case(
            services.NewConcern(
                network=network,
                narrative=data["narrative"],
                themes=network.themes.filter(pk__in=data["themes"]),
                want=data["want"],
                contact_method=data["contact_method"],
                contact_details=data["contact_details"],
                share_with_director=data["share_with_director"],
                share_with_manager=data["share_with_manager"],
                channel=data["channel"],
                receipt=receipt,
                passphrase=passphrase,
            ),
            actor=user,
            actor_role=services.role_for(user),
        )
        services.assign_champion(case, user, actor=user)
        context = {"case": case, "receipt": receipts.format_code(receipt), "passphrase": passphrase}
        return render(request, "cases/referral_recorded.html", context)
    return render(request, "cases/assisted_referral.html", {"form": form})
