"""Raising a concern (/raise/): the form's steps, checking the answers, sending, the receipt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safespace.accounts.models import Directorate, Network, Theme, User
from safespace.cases.models import Case, ContactMethod, Sharing, Stage, Want
from safespace.cases.services import create
from safespace.concerns import answers, drafts
from safespace.concerns.access import champion_backgrounds
from safespace.concerns.answers import names_someone
from safespace.concerns.forms import ChooseNetworkForm, chosen_contact_details
from safespace.concerns.steps import BY_SLUG, asked, first_unanswered, neighbours
from safespace.lib import receipts
from safespace.lib.confidential import confidential
from safespace.lib.translation import translated
from safespace.policy import RAISER_CASE, Action, can, enter_case
from safespace.public.context_processors import network_words

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _network_of(draft: drafts.DraftState) -> Network | None:
    """The network the raiser chose, or the only one there is; None while they must choose."""
    chosen = draft.data.get("network")
    if chosen:
        found = Network.objects.filter(slug=chosen).first()
        if found is not None:
            return found
    networks = list(Network.objects.all()[:2])
    return networks[0] if len(networks) == 1 else None


def _account_holder(request: HttpRequest) -> User | None:
    """A member of staff signed in with both factors, who could come back through their account."""
    user = request.user
    return user if isinstance(user, User) and can(user, Action.SIGNED_IN) else None


def _linked_account(request: HttpRequest, data: dict[str, Any]) -> User | None:
    """The account a named concern is listed under. Never for anyone who stays anonymous."""
    return _account_holder(request) if data.get("named") == "yes" else None


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The start page of the only network, or the choice between several."""
    networks = list(Network.objects.all())
    if not networks:
        raise Http404("No network is set up yet.")
    if len(networks) == 1:
        return _network_start_page(request, networks[0])
    sent = "choose" in request.GET or "network" in request.GET
    form = ChooseNetworkForm(networks, request.GET if sent else None)
    if form.is_bound and form.is_valid():
        return redirect("concerns:step", slug=form.cleaned_data["network"])
    return render(request, "concerns/choose_network.html", {"form": form})


def _network_start_page(request: HttpRequest, network: Network) -> HttpResponse:
    draft = drafts.load(request)
    resume = not draft.is_new and "case" not in draft.data and _has_answers(draft)
    several = Network.objects.exclude(pk=network.pk).exists()
    context = {**network_words(network), "resume": resume, "several": several}
    return render(request, "concerns/start.html", context)


def _has_answers(draft: drafts.DraftState) -> bool:
    return any(key != "network" for key in draft.data)


def _begin(request: HttpRequest, network: Network) -> HttpResponse:
    """Start (or carry on) a concern for this network: the draft remembers which one."""
    draft = drafts.load(request)
    if "case" in draft.data:
        # Sent, and its receipt not yet shown: show it before anything else.
        return redirect("concerns:confirmation")
    if draft.data.get("network") not in (None, network.slug):
        # The themes belong to the network they were chosen from; the rest still holds.
        draft.data.pop("themes", None)
    draft.data["network"] = network.slug
    missing = first_unanswered(draft.data)
    response = (
        redirect("concerns:step", slug=missing.slug) if missing else redirect("concerns:check")
    )
    drafts.save(draft, response)
    return response


def _initial(step_keys: tuple[str, ...], data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in step_keys if key in data}


@confidential
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = BY_SLUG.get(slug)
    if current is None:
        # /raise/<network>/: that network's own start page.
        chosen = get_object_or_404(Network, slug=slug)
        if request.method == "POST":
            return _begin(request, chosen)
        return _network_start_page(request, chosen)
    draft = drafts.load(request)
    if "case" in draft.data:
        return redirect("concerns:confirmation")
    network = _network_of(draft)
    if network is None:
        return redirect("concerns:start")
    if not current.applies(draft.data):
        # Not asked of them (nobody was named, so there is nothing to hold a concern for).
        _, after = neighbours(slug, draft.data)
        return redirect("concerns:step", slug=after.slug) if after else redirect("concerns:check")
    if current.slug == "passphrase":
        draft.data.setdefault("suggested", receipts.new_passphrase())
    if request.method == "POST":
        form = current.make_form(network, draft.data, request.POST)
        if form.is_valid():
            for key in current.keys:
                draft.data[key] = form.cleaned_data.get(key)
            _, after = neighbours(slug, draft.data)
            going_to_check = request.POST.get("from") == "check" or after is None
            target = "concerns:check" if going_to_check else "concerns:step"
            response: HttpResponse = (
                redirect(target) if going_to_check else redirect(target, slug=after.slug)  # type: ignore[union-attr]
            )
            drafts.save(draft, response)
            return response
    else:
        form = current.make_form(network, draft.data, initial=_initial(current.keys, draft.data))
    before, _ = neighbours(slug, draft.data)
    pages = asked(draft.data)
    context = {
        "form": form,
        "step": current,
        "number": pages.index(current) + 1,
        "total": len(pages),
        "back": before,
        "from_check": request.GET.get("from") == "check" or request.POST.get("from") == "check",
        "suggested": draft.data.get("suggested", ""),
        "signed_in": _account_holder(request) is not None,
        **network_words(network),
        "backgrounds": champion_backgrounds(network) if slug == "champion" else [],
        "named_team": draft.data.get("about") == "team",
        "pattern_months": settings.SAFESPACE_PATTERN_MONTHS,
    }
    response = render(request, f"concerns/steps/{slug}.html", context)
    drafts.save(draft, response)  # keeps the draft alive while they think
    return response


def _summary(
    data: dict[str, Any], network: Network, linked: User | None = None
) -> list[tuple[str, StrOrPromise, str]]:
    """(question, answer, page to change it) for the check-your-answers page."""
    themes = Theme.objects.filter(network=network, pk__in=data.get("themes") or [])
    directorates = Directorate.objects.filter(pk__in=data.get("directorates") or [])
    labels = {
        "want": dict(translated(Want.choices)),
        "method": dict(translated(ContactMethod.choices)),
        "sharing": dict(translated(Sharing.choices)),
    }
    contact = labels["method"].get(data.get("method", ""), "")
    detail = chosen_contact_details(data)
    if detail:
        contact = f"{contact}: {detail}"
    avoid = Directorate.objects.filter(pk=data.get("avoid_directorate") or 0).first()
    own = Directorate.objects.filter(pk=data.get("directorate") or 0).first()
    preferences = [
        p
        for p in [
            data.get("preferences", ""),
            _("Not from %(directorate)s") % {"directorate": avoid} if avoid else "",
        ]
        if p
    ]
    not_given = _("Not given")
    rows = [
        (_("What happened"), data.get("narrative") or _("Nothing written"), "what-happened"),
        (_("What it is about"), ", ".join(t.name for t in themes) or not_given, "themes"),
        (
            _("Directorates concerned"),
            ", ".join(d.name for d in directorates) or not_given,
            "directorates",
        ),
        (_("Who it is about"), _named(data), "directorates"),
        (_("What you would like"), labels["want"].get(data.get("want", ""), ""), "what-you-want"),
        (_("How to contact you"), contact, "contact"),
        (
            _("Your name"),
            str(data.get("name")) if data.get("named") == "yes" else _("Anonymous"),
            "about-you",
        ),
        (_("Your directorate"), str(own) if own else not_given, "about-you"),
        (_("Your champion"), "; ".join(preferences) or _("No preference"), "champion"),
        (
            _("Share with the Director of Wellbeing"),
            labels["sharing"].get(data.get("share_with_director", ""), ""),
            "sharing",
        ),
        (
            _("Share with the senior manager"),
            labels["sharing"].get(data.get("share_with_manager", ""), ""),
            "sharing",
        ),
        (
            _("Watch for an HR process starting against you"),
            _("Yes, with your employee number") if data.get("hr_watch_key") else _("No"),
            "hr-watch",
        ),
        (
            _("Passphrase"),
            _("Your own, shown once more when you send")
            if data.get("choice") == "own"
            else _("One we make for you, shown once when you send"),
            "passphrase",
        ),
    ]
    if names_someone(data):
        if data.get("hold") != "yes":
            held = _("No, send it now")
        elif data.get("about") == "team":
            held = _("Yes, until someone else raises a concern about the same team")
        else:
            held = _("Yes, until someone else raises a concern about the same person")
        rows.insert(4, (_("Hold your concern"), held, "hold"))
    if linked is not None:
        # Straight after "Your name", the first row of the "about you" page.
        rows.insert(
            [row[2] for row in rows].index("about-you") + 1,
            (
                _("Your account"),
                _("Listed in your account (%(email)s), so you can return to it from there")
                % {"email": linked.email},
                "about-you",
            ),
        )
    return rows


def _named(data: dict[str, Any]) -> str:
    """Who they named, in their own words: nothing the staff directory holds is shown."""
    if data.get("about") == "person":
        if data.get("person_email"):
            return str(data["person_email"])
        where = Directorate.objects.filter(pk=data.get("person_directorate") or 0).first()
        return f"{data.get('person_name')}, {where}" if where else str(data.get("person_name"))
    if data.get("about") == "team":
        where = Directorate.objects.filter(pk=data.get("team_directorate") or 0).first()
        if where:
            return _("The %(team)s team, %(directorate)s") % {
                "team": data.get("team_name"),
                "directorate": where,
            }
        return str(data.get("team_name"))
    return _("Not given")


def _passphrase(data: dict[str, Any]) -> str:
    return str(data.get("own") if data.get("choice") == "own" else data.get("suggested", ""))


@confidential
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    draft = drafts.load(request)
    if "case" in draft.data:
        return redirect("concerns:confirmation")
    missing = first_unanswered(draft.data)
    if missing is not None:
        return redirect("concerns:step", slug=missing.slug)
    network = _network_of(draft)
    if network is None:
        return redirect("concerns:start")
    if request.method == "POST":
        return _submit(request, draft, network)
    rows = _summary(draft.data, network, _linked_account(request, draft.data))
    hold = names_someone(draft.data) and draft.data.get("hold") == "yes"
    context = {**network_words(network), "rows": rows, "hold": hold}
    return render(request, "concerns/check.html", context)


def _submit(request: HttpRequest, draft: drafts.DraftState, network: Network) -> HttpResponse:
    data = draft.data
    receipt = receipts.new_code()
    passphrase = _passphrase(data)
    concern = answers.new_concern(
        data,
        network,
        raiser=_linked_account(request, data),
        receipt=receipt,
        passphrase=receipts.normalise_passphrase(passphrase),
        submission=draft.code,
        # Their emails are in the language they read the form in.
        language=translation.get_language() or "",
    )
    try:
        with transaction.atomic():
            case = create.create_case(concern)
            # Keep only what the confirmation page needs; the answers are now sealed in the
            # case. Written in the same transaction, so the draft always names the receipt
            # that opens the case.
            draft.data = {"case": str(case.code), "receipt": receipt, "passphrase": passphrase}
            drafts.store(draft)
    except IntegrityError:
        # The same form sent twice (a double click, a second tab). The one that got in first
        # made the case and sealed its receipt into the draft: show that receipt, never ours.
        first = Case.objects.filter(submission=draft.code).first()
        if first is None:
            raise
        case = first
        current = drafts.reload(draft)
        if current is None or current.data.get("case") != str(case.code):
            # They already noted the receipt and moved on in the other tab.
            enter_case(request, case)
            return redirect("concerns:case")
        draft = current
    enter_case(request, case)
    response = redirect("concerns:confirmation")
    drafts.remember(draft, response)
    return response


@confidential
@require_http_methods(["GET", "POST"])
def confirmation(request: HttpRequest) -> HttpResponse:
    draft = drafts.load(request)
    if "case" not in draft.data:
        # Already shown (or never sent): their concern's page if their session still opens it.
        return redirect("concerns:case" if request.session.get(RAISER_CASE) else "concerns:start")
    if request.method == "POST":
        leaving = redirect("concerns:case")
        drafts.discard(draft, leaving)
        return leaving
    case = Case.objects.select_related("network").filter(code=draft.data["case"]).first()
    if case is None:
        # Erased before its receipt was shown: there is nothing left to return to.
        gone = redirect("concerns:start")
        drafts.discard(draft, gone)
        return gone
    context = {
        **network_words(case.network),
        "receipt": receipts.format_code(draft.data["receipt"]),
        "passphrase": draft.data["passphrase"],
        "held": case.stage == Stage.HELD,
    }
    response = render(request, "concerns/confirmation.html", context)
    # Shown once, to this request: the next person at this browser finds no receipt here.
    drafts.discard(draft, response)
    return response


@require_POST
def forget(request: HttpRequest) -> HttpResponse:
    """ "Forget what I typed": the unsent answers are deleted from this browser and the service."""
    drafts.forget(request)
    response = render(request, "concerns/forgotten.html")
    response.delete_cookie(drafts.COOKIE, samesite="Strict")
    return response
