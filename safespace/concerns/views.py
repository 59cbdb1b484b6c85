"""Raising a concern (/raise/) and coming back to it (/track/)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safespace.accounts.models import Directorate, Network, Theme
from safespace.audit.models import AuditEvent
from safespace.cases import services
from safespace.cases.models import Case, ConsentChange, ContactMethod, Sharing, Stage, Want
from safespace.concerns import drafts, ratelimit
from safespace.concerns.forms import MessageForm, SharingForm, TrackForm
from safespace.concerns.steps import BY_SLUG, STEPS, first_unanswered, neighbours
from safespace.lib import receipts
from safespace.policy import RAISER_CASE, RAISER_SINCE, get_raiser_case_or_404

TRACK_FAILED = "Enter a receipt code and passphrase that match. Check them and try again"


def default_network() -> Network:
    network = (
        Network.objects.filter(name=settings.SAFESPACE_NETWORK).first()
        or Network.objects.order_by("pk").first()
    )
    if network is None:
        raise Http404("No network is set up yet.")
    return network


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    draft = drafts.load(request)
    context = {"resume": not draft.is_new and bool(draft.data) and "case" not in draft.data}
    return render(request, "concerns/start.html", context)


def _initial(step_keys: tuple[str, ...], data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in step_keys if key in data}


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    draft = drafts.load(request)
    if "case" in draft.data:
        return redirect("concerns:confirmation")
    network = default_network()
    if current.slug == "passphrase":
        draft.data.setdefault("suggested", receipts.new_passphrase())
    if request.method == "POST":
        form = current.make_form(network, request.POST)
        if form.is_valid():
            for key in current.keys:
                draft.data[key] = form.cleaned_data.get(key)
            _, after = neighbours(slug)
            going_to_check = request.POST.get("from") == "check" or after is None
            target = "concerns:check" if going_to_check else "concerns:step"
            response: HttpResponse = (
                redirect(target) if going_to_check else redirect(target, slug=after.slug)  # type: ignore[union-attr]
            )
            drafts.save(draft, response)
            return response
    else:
        form = current.make_form(network, initial=_initial(current.keys, draft.data))
    before, _ = neighbours(slug)
    context = {
        "form": form,
        "step": current,
        "number": STEPS.index(current) + 1,
        "total": len(STEPS),
        "back": before,
        "from_check": request.GET.get("from") == "check" or request.POST.get("from") == "check",
        "suggested": draft.data.get("suggested", ""),
    }
    response = render(request, f"concerns/steps/{slug}.html", context)
    drafts.save(draft, response)  # keeps the draft alive while they think
    return response


def _summary(data: dict[str, Any], network: Network) -> list[tuple[str, str, str]]:
    """(question, answer, page to change it) for the check-your-answers page."""
    themes = Theme.objects.filter(network=network, pk__in=data.get("themes") or [])
    directorates = Directorate.objects.filter(pk__in=data.get("directorates") or [])
    labels = {
        "want": dict(Want.choices),
        "method": dict(ContactMethod.choices),
        "sharing": dict(Sharing.choices),
    }
    contact = labels["method"].get(data.get("method", ""), "")
    detail = data.get("email") or data.get("phone") or data.get("in_person") or ""
    if data.get("method") in {"email", "phone", "in_person"} and detail:
        contact = f"{contact}: {detail}"
    avoid = Directorate.objects.filter(pk=data.get("avoid_directorate") or 0).first()
    own = Directorate.objects.filter(pk=data.get("directorate") or 0).first()
    preferences = [
        p for p in [data.get("preferences", ""), f"Not from {avoid}" if avoid else ""] if p
    ]
    return [
        ("What happened", data.get("narrative") or "Nothing written", "what-happened"),
        ("What it is about", ", ".join(t.name for t in themes) or "Not given", "themes"),
        (
            "Directorates concerned",
            ", ".join(d.name for d in directorates) or "Not given",
            "directorates",
        ),
        ("What you would like", labels["want"].get(data.get("want", ""), ""), "what-you-want"),
        ("How to contact you", contact, "contact"),
        (
            "Your name",
            str(data.get("name")) if data.get("named") == "yes" else "Anonymous",
            "about-you",
        ),
        ("Your directorate", str(own) if own else "Not given", "about-you"),
        ("Your champion", "; ".join(preferences) or "No preference", "champion"),
        (
            "Share with the Director of Wellbeing",
            labels["sharing"].get(data.get("share_with_director", ""), ""),
            "sharing",
        ),
        (
            "Share with the senior manager",
            labels["sharing"].get(data.get("share_with_manager", ""), ""),
            "sharing",
        ),
        ("Passphrase", _passphrase(data), "passphrase"),
    ]


def _passphrase(data: dict[str, Any]) -> str:
    return str(data.get("own") if data.get("choice") == "own" else data.get("suggested", ""))


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    draft = drafts.load(request)
    if "case" in draft.data:
        return redirect("concerns:confirmation")
    missing = first_unanswered(draft.data)
    if missing is not None:
        return redirect("concerns:step", slug=missing.slug)
    network = default_network()
    if request.method == "POST":
        return _submit(request, draft, network)
    return render(request, "concerns/check.html", {"rows": _summary(draft.data, network)})


def _submit(request: HttpRequest, draft: drafts.DraftState, network: Network) -> HttpResponse:
    data = draft.data
    receipt = data.setdefault("receipt", receipts.new_code())
    concern = services.NewConcern(
        network=network,
        narrative=data.get("narrative") or "",
        themes=Theme.objects.filter(network=network, pk__in=data.get("themes") or []),
        directorates_concerned=Directorate.objects.filter(pk__in=data.get("directorates") or []),
        want=data["want"],
        contact_method=data["method"],
        contact_details=data.get("email") or data.get("phone") or data.get("in_person") or "",
        raiser_name=(data.get("name") or "") if data.get("named") == "yes" else "",
        raiser_directorate=Directorate.objects.filter(pk=data.get("directorate") or 0).first(),
        preferences=data.get("preferences") or "",
        avoid_directorate=Directorate.objects.filter(pk=data.get("avoid_directorate") or 0).first(),
        share_with_director=data["share_with_director"],
        share_with_manager=data["share_with_manager"],
        receipt=receipt,
        passphrase=receipts.normalise_passphrase(_passphrase(data)),
        submission=draft.code,
    )
    try:
        case = services.create_case(concern)
    except IntegrityError:
        # The same form sent twice: the first one made the case.
        case = Case.objects.get(submission=draft.code)
    # Keep only what the confirmation page needs; the answers are now sealed in the case.
    draft.data = {"case": str(case.code), "receipt": receipt, "passphrase": _passphrase(data)}
    response = redirect("concerns:confirmation")
    drafts.save(draft, response)
    _enter_case(request, case)
    return response


@require_http_methods(["GET", "POST"])
def confirmation(request: HttpRequest) -> HttpResponse:
    draft = drafts.load(request)
    if "case" not in draft.data:
        return redirect("concerns:start")
    if request.method == "POST":
        # They have noted their receipt: forget it here too.
        response = redirect("concerns:case")
        drafts.discard(draft, response)
        return response
    context = {
        "receipt": receipts.format_code(draft.data["receipt"]),
        "passphrase": draft.data["passphrase"],
    }
    return render(request, "concerns/confirmation.html", context)


def _enter_case(request: HttpRequest, case: Case) -> None:
    request.session.cycle_key()
    request.session[RAISER_CASE] = str(case.code)
    request.session[RAISER_SINCE] = time.time()


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        wait = ratelimit.blocked(request)
        if wait:
            return render(
                request, "concerns/track.html", {"form": TrackForm(), "wait": wait}, status=429
            )
        if form.is_valid():
            ratelimit.count(request)
            code = receipts.parse_code(form.cleaned_data["receipt"])
            case = services.find_by_receipt(code, form.cleaned_data["passphrase"]) if code else None
            if code is None:
                receipts.check(form.cleaned_data["passphrase"], receipts.DUMMY_HASH)
            if case is not None:
                _enter_case(request, case)
                return redirect("concerns:case")
            form.add_error("receipt", TRACK_FAILED)
    return render(request, "concerns/track.html", {"form": form})


ACCESS_WORDS = {
    "case.create": "raised the concern",
    "case.read": "read your concern",
    "case.assign": "assigned a champion",
    "messages.read": "read your messages",
    "message.send": "sent a message",
    "notes.read": "read the notes on your concern",
    "note.add": "added a note",
    "note.edit": "changed a note",
    "case.decline": "handed your concern back to be reassigned",
    "time.log": "recorded time spent on your concern",
    "consent.change": "changed who may see your concern",
    "case.withdraw": "withdrew the concern",
}
ROLE_WORDS = {
    "raiser": "You",
    "champion": "Your champion",
    "lead": "A lead champion",
    "director": "The Director of Wellbeing",
    "manager": "A senior manager",
    "system": "Safe Space",
    "anonymous": "Safe Space",
}


def _words(action: str) -> str:
    if action.startswith("stage."):
        return f"moved your concern to “{Stage(action.removeprefix('stage.')).label}”"
    return ACCESS_WORDS.get(action, "opened your concern")


def access_list(case: Case) -> list[tuple[str, str, Any]]:
    """Every audit event on this case, newest first, in plain words for the raiser."""
    events = AuditEvent.objects.filter(object_type="case", object_code=str(case.code))
    return [
        (ROLE_WORDS.get(e.actor_role, "Someone"), _words(e.action), e.at)
        for e in events.order_by("-seq")[:200]
    ]


NEXT_STEP = {
    Stage.NEW: ("A lead champion will choose a champion for you.", "The lead champion"),
    Stage.ASSIGNED: ("Your champion will contact you to listen.", "Your champion"),
    Stage.LISTENING: (
        "Your champion is listening and will agree next steps with you.",
        "Your champion",
    ),
    Stage.DECIDING: ("You and your champion decide together what to do.", "You and your champion"),
    Stage.MEETING: ("A meeting with senior management is being arranged.", "Your champion"),
    Stage.ACTION_PLAN: ("The actions agreed are being followed up.", "The action owners"),
    Stage.CLOSED: ("Your concern is closed. We will check in with you later.", "Safe Space"),
    Stage.WATCHING: (
        "We will check in with you to make sure nothing has happened since.",
        "Safe Space",
    ),
    Stage.WITHDRAWN: ("You withdrew this concern. Nothing more will happen.", "Nobody"),
}


@require_GET
def case_page(request: HttpRequest) -> HttpResponse:
    case = get_raiser_case_or_404(request)
    content = services.read_content(case, None, role=services.RAISER)
    context = {
        "case": case,
        "content": content,
        "themes": list(case.themes.all()),
        "next_step": NEXT_STEP[Stage(case.stage)],
        "conversation": services.read_messages(case, None, role=services.RAISER),
        "message_form": MessageForm(),
        "sharing_form": SharingForm(
            initial={
                "share_with_director": case.share_with_director,
                "share_with_manager": case.share_with_manager,
            }
        ),
        "consent_history": list(case.consent_changes.all()),
        "accesses": access_list(case),
        "notes": services.read_notes(case, None, raiser_view=True),
        "can_withdraw": services.can_withdraw(case),
    }
    return render(request, "concerns/case.html", context)


@require_POST
def send_message(request: HttpRequest) -> HttpResponse:
    case = get_raiser_case_or_404(request)
    form = MessageForm(request.POST)
    if case.stage == Stage.WITHDRAWN:
        raise Http404
    if form.is_valid():
        services.send_message(case, form.cleaned_data["body"], from_raiser=True, author=None)
        messages.success(request, "Your message has been sent")
        return redirect("concerns:case")
    return render(request, "concerns/message_error.html", {"form": form}, status=200)


@require_POST
def change_sharing(request: HttpRequest) -> HttpResponse:
    case = get_raiser_case_or_404(request)
    form = SharingForm(request.POST)
    if form.is_valid():
        services.change_consent(
            case, ConsentChange.With.DIRECTOR, form.cleaned_data["share_with_director"]
        )
        services.change_consent(
            case, ConsentChange.With.MANAGER, form.cleaned_data["share_with_manager"]
        )
        messages.success(request, "Your choices about sharing have been saved")
        return redirect("concerns:case")
    return render(request, "concerns/sharing_error.html", {"form": form})


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    case = get_raiser_case_or_404(request)
    if request.method == "POST" and services.can_withdraw(case):
        services.withdraw(case)
        messages.success(request, "Your concern has been withdrawn")
        return redirect("concerns:case")
    return render(
        request,
        "concerns/withdraw.html",
        {"case": case, "can_withdraw": services.can_withdraw(case)},
    )


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    response = render(request, "concerns/left.html")
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
