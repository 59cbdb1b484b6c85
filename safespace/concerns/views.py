"""Raising a concern (/raise/) and coming back to it (/track/)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safespace.accounts.models import Directorate, Network, Role, Theme, User
from safespace.actions import services as meetings
from safespace.actions.forms import DisputeForm, MinutesResponseForm
from safespace.aftercare import services as aftercare
from safespace.audit.casework import role_for
from safespace.audit.models import AuditEvent
from safespace.cases.models import (
    Case,
    ChampionProfile,
    ConsentChange,
    ContactMethod,
    Sharing,
    Stage,
    Want,
)
from safespace.cases.services import consent as case_consent
from safespace.cases.services import create, lookup, stages
from safespace.cases.services import hold as case_hold
from safespace.cases.services import messages as case_messages
from safespace.cases.services import reads as case_reads
from safespace.cases.services import sealed as case_sealed
from safespace.concerns import answers, drafts, ratelimit
from safespace.concerns.answers import names_someone
from safespace.concerns.forms import MessageForm, SharingForm, TrackForm, chosen_contact_details
from safespace.concerns.steps import BY_SLUG, asked, first_unanswered, neighbours
from safespace.lib import receipts, versions
from safespace.lib.confidential import confidential
from safespace.policy import (
    RAISER_CASE,
    RAISER_SINCE,
    SESSION_ENDED,
    Action,
    can,
    enter_case,
    raiser_page,
)

TRACK_FAILED = "Enter a receipt code and passphrase that match. Check them and try again"


def default_network() -> Network:
    network = (
        Network.objects.filter(name=settings.SAFESPACE_NETWORK).first()
        or Network.objects.order_by("pk").first()
    )
    if network is None:
        raise Http404("No network is set up yet.")
    return network


def _account_holder(request: HttpRequest) -> User | None:
    """A member of staff signed in with both factors, who could come back through their account."""
    user = request.user
    return user if isinstance(user, User) and can(user, Action.SIGNED_IN) else None


def _linked_account(request: HttpRequest, data: dict[str, Any]) -> User | None:
    """The account a named concern is listed under. Never for anyone who stays anonymous."""
    return _account_holder(request) if data.get("named") == "yes" else None


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    draft = drafts.load(request)
    context = {"resume": not draft.is_new and bool(draft.data) and "case" not in draft.data}
    return render(request, "concerns/start.html", context)


def _initial(step_keys: tuple[str, ...], data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in step_keys if key in data}


@confidential
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    draft = drafts.load(request)
    if "case" in draft.data:
        return redirect("concerns:confirmation")
    network = default_network()
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
        "backgrounds": champion_backgrounds(network) if slug == "champion" else [],
        "named_team": draft.data.get("about") == "team",
        "pattern_months": settings.SAFESPACE_PATTERN_MONTHS,
    }
    response = render(request, f"concerns/steps/{slug}.html", context)
    drafts.save(draft, response)  # keeps the draft alive while they think
    return response


def _summary(
    data: dict[str, Any], network: Network, linked: User | None = None
) -> list[tuple[str, str, str]]:
    """(question, answer, page to change it) for the check-your-answers page."""
    themes = Theme.objects.filter(network=network, pk__in=data.get("themes") or [])
    directorates = Directorate.objects.filter(pk__in=data.get("directorates") or [])
    labels = {
        "want": dict(Want.choices),
        "method": dict(ContactMethod.choices),
        "sharing": dict(Sharing.choices),
    }
    contact = labels["method"].get(data.get("method", ""), "")
    detail = chosen_contact_details(data)
    if detail:
        contact = f"{contact}: {detail}"
    avoid = Directorate.objects.filter(pk=data.get("avoid_directorate") or 0).first()
    own = Directorate.objects.filter(pk=data.get("directorate") or 0).first()
    preferences = [
        p for p in [data.get("preferences", ""), f"Not from {avoid}" if avoid else ""] if p
    ]
    rows = [
        ("What happened", data.get("narrative") or "Nothing written", "what-happened"),
        ("What it is about", ", ".join(t.name for t in themes) or "Not given", "themes"),
        (
            "Directorates concerned",
            ", ".join(d.name for d in directorates) or "Not given",
            "directorates",
        ),
        ("Who it is about", _named(data), "directorates"),
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
        (
            "Watch for an HR process starting against you",
            "Yes, with your employee number" if data.get("hr_watch_key") else "No",
            "hr-watch",
        ),
        (
            "Passphrase",
            "Your own, shown once more when you send"
            if data.get("choice") == "own"
            else "One we make for you, shown once when you send",
            "passphrase",
        ),
    ]
    if names_someone(data):
        rows.insert(
            4,
            (
                "Hold your concern",
                "Yes, until someone else raises a concern about the same "
                + ("team" if data.get("about") == "team" else "person")
                if data.get("hold") == "yes"
                else "No, send it now",
                "hold",
            ),
        )
    if linked is not None:
        rows.insert(
            [row[0] for row in rows].index("Your name") + 1,
            (
                "Your account",
                f"Listed in your account ({linked.email}), so you can return to it from there",
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
        return f"The {data.get('team_name')} team, {where}" if where else str(data.get("team_name"))
    return "Not given"


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
    network = default_network()
    if request.method == "POST":
        return _submit(request, draft, network)
    rows = _summary(draft.data, network, _linked_account(request, draft.data))
    hold = names_someone(draft.data) and draft.data.get("hold") == "yes"
    return render(request, "concerns/check.html", {"rows": rows, "hold": hold})


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
    context = {
        "receipt": receipts.format_code(draft.data["receipt"]),
        "passphrase": draft.data["passphrase"],
        "held": Case.objects.filter(code=draft.data["case"], stage=Stage.HELD).exists(),
    }
    response = render(request, "concerns/confirmation.html", context)
    # Shown once, to this request: the next person at this browser finds no receipt here.
    drafts.discard(draft, response)
    return response


@confidential
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST if request.method == "POST" else None)
    ended = request.session.pop(SESSION_ENDED, "") if request.method == "GET" else ""
    if request.method == "POST":
        wait = ratelimit.blocked(request)
        if wait:
            return render(
                request, "concerns/track.html", {"form": TrackForm(), "wait": wait}, status=429
            )
        if form.is_valid():
            code = receipts.parse_code(form.cleaned_data["receipt"]) or ""
            wait = ratelimit.blocked(request, receipt=code)
            if wait:
                context = {"form": TrackForm(), "wait": wait}
                return render(request, "concerns/track.html", context, status=429)
            # A malformed code costs the same work as a wrong one: timing reveals nothing.
            case = lookup.find_by_receipt(code, form.cleaned_data["passphrase"])
            if case is not None:
                enter_case(request, case)
                return redirect("concerns:case")
            ratelimit.count(request, receipt=code)
            form.add_error("receipt", TRACK_FAILED)
    context = {"form": form, "ended": ended, "lost_post": ended == "post"}
    return render(request, "concerns/track.html", context)


ACCESS_WORDS = {
    "case.create": "raised the concern",
    "case.read": "read your concern",
    "case.assign": "assigned a champion",
    "messages.read": "read your messages",
    "actions.read": "saw the actions on your plan they may see",
    "assignments.read": "saw who your champions are",
    "check_ins.read": "read your answers to the check-ins after closing",
    "closure.read": "read how your concern was closed",
    "minutes.read": "read the minutes of a meeting",
    # An invited senior manager or the Director on their own page for the meeting: when,
    # where, who, and only what the raiser agreed to share with them.
    "meeting.read": "saw the meeting details",
    "people.read": "saw the people named in your concern",
    "preferences.read": "read what you asked for in a champion",
    "hr_alerts.read": "saw that an HR process had started",
    "message.send": "sent a message",
    "notes.read": "read the notes on your concern",
    "note.add": "added a note",
    "note.edit": "changed a note",
    "case.decline": "handed your concern back to be reassigned",
    "time.log": "recorded time spent on your concern",
    "consent.change": "changed who may see your concern",
    "case.withdraw": "withdrew the concern",
    "case.hold": "held the concern until someone else raises the same person or team",
    "case.release.match": (
        "released your concern to the lead champion: someone else raised a concern about the "
        "same person or team"
    ),
    "case.release.raiser": "released the concern to the lead champion",
    "tripwire.alert": "noticed an HR process had started, and told your champion and the lead",
    "tripwire.stop": "stopped watching for an HR process starting against you",
    "attention.acknowledge.dispute": "saw that you do not think an action is done",
    "attention.acknowledge.detriment": "saw what you said has happened since you spoke up",
    "attention.acknowledge.hr_alert": "saw that an HR process had started",
    "themes.change": "changed what your concern is recorded as being about",
    "people.change": "changed who your concern is recorded as naming",
    "meeting.schedule": "arranged a meeting",
    "meeting.reschedule": "changed when or where a meeting is",
    "meeting.cancel": "cancelled a meeting",
    "minutes.record": "recorded the minutes of a meeting",
    "minutes.respond": "commented on the minutes of a meeting",
    "action.add": "added an action to the plan",
    "action.update": "recorded progress on an action",
    "action.confirm": "confirmed that an action is done",
    "action.dispute": "said that an action is not done",
    "case.close": "closed the concern",
    "case.reopen": "reopened the concern",
    "feedback.give": "gave feedback after the concern closed",
    "check_in.answer": "answered a check-in after the concern closed",
    "case.shred": "destroyed the concern's key, so nothing of it can be read again",
    "case.discard": "discarded the held concern before anyone read it",
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
# The raiser's own look at their page: each visit reads the case, messages and notes. They are
# counted rather than listed, so they never crowd out an access by anyone else.
OWN_VISIT = "case.read"
OWN_READS = {OWN_VISIT, "messages.read", "notes.read"}


def _words(action: str) -> str:
    if action.startswith("stage."):
        return f"moved your concern to “{Stage(action.removeprefix('stage.')).label}”"
    return ACCESS_WORDS.get(action, "opened your concern")


def _case_events(case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="case", object_code=str(case.code))


def champion_backgrounds(network: Network) -> list[str]:
    """How the network's champions describe themselves, where they chose to: no names."""
    shared = ChampionProfile.objects.filter(
        user__is_active=True,
        user__memberships__network=network,
        user__memberships__role=Role.CHAMPION,
    ).exclude(background="")
    return sorted(set(shared.values_list("background", flat=True)))


def access_list(case: Case) -> list[tuple[str, str, Any]]:
    """Every audit event on this case but the raiser's own reads, newest first, in plain words.

    Each person's reads of one kind on one day are one line with a count ("read your concern,
    3 times on 3 December"), so a champion at work does not bury everything else; every read
    is still its own event in the audit trail. Changes are listed one by one.
    """
    events = _case_events(case).exclude(actor_role=case_sealed.RAISER, action__in=OWN_READS)
    named = managers_named(case)
    rows: list[list[Any]] = []  # [who, what, newest time, how many]
    by_reader: dict[tuple[str, str, str, datetime.date], list[Any]] = {}
    for e in events.order_by("-seq").only("actor_code", "actor_role", "action", "at"):
        who, what = ROLE_WORDS.get(e.actor_role, "Someone"), _words(e.action)
        if e.actor_role == "manager" and e.actor_code in named:
            who = named[e.actor_code]
        if e.action == "actions.read" and e.actor_role == "manager":
            what = "saw only the actions they are responsible for, not your concern"
        if not e.action.endswith(".read"):
            rows.append([who, what, e.at, 1])
            continue
        key = (e.actor_code, e.actor_role, e.action, timezone.localdate(e.at))
        if key in by_reader:
            by_reader[key][3] += 1
        else:
            by_reader[key] = [who, what, e.at, 1]
            rows.append(by_reader[key])
    return [
        (who, what if n == 1 else f"{what}, {n} times on {timezone.localtime(at):%-d %B}", at)
        for who, what, at, n in rows
    ]


def managers_named(case: Case) -> dict[str, str]:
    """The senior managers brought into this case by name, by their code.

    A manager is invited to a meeting, or given an action, as a named person: the raiser is
    told who they are, not only "a senior manager", so they know exactly who has seen what.
    """
    brought_in = User.objects.filter(
        Q(meetings_invited__case=case) | Q(actions_owned__case=case)
    ).distinct()
    return {str(code): name for code, name in brought_in.values_list("code", "full_name")}


def own_visits(case: Case) -> tuple[int, datetime.datetime | None]:
    """How many times the raiser opened their concern, and when they last did."""
    visits = _case_events(case).filter(actor_role=case_sealed.RAISER, action=OWN_VISIT)
    last = visits.order_by("-seq").values_list("at", flat=True).first()
    return visits.count(), last


def conversation(case: Case) -> list[tuple[str, case_reads.ShownMessage]]:
    """The messages with who sent each, by role: the lead champion is not "your champion"."""
    authors = {(m.sent, m.from_raiser): m.author for m in case.messages.select_related("author")}
    roles: dict[int, str] = {}

    def sender(message: case_reads.ShownMessage) -> str:
        if message.from_raiser:
            return "You"
        author = authors.get((message.sent, message.from_raiser))
        if author is None:
            return "Your champion"
        if author.pk not in roles:
            roles[author.pk] = role_for(author, case)
        return "Your lead champion" if roles[author.pk] == Role.LEAD else "Your champion"

    return [(sender(m), m) for m in case_reads.read_messages(case, None, role=case_sealed.RAISER)]


NEXT_STEP = {
    Stage.HELD: (
        "Nobody will read your concern until someone else raises a concern about the same "
        "person or team. You can release it or withdraw it at any time.",
        "Nobody yet",
    ),
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
        "released_by_match": _case_events(case)
        .filter(action="case.release.match")
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
        messages.success(request, "Your message has been sent")
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
        messages.success(request, "Thank you. Your champion has been told")
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
        messages.success(request, "Your champion has been told you do not think this is done")
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
        changed = (
            "Your choices were changed in another window while this page was open. Now the "
            f"Director of Wellbeing: \u201c{case.get_share_with_director_display()}\u201d; "
            f"the senior manager: \u201c{case.get_share_with_manager_display()}\u201d."
        )
        context = {"form": form, "changed": changed, "sharing_version": _sharing_version(case)}
        return render(request, "concerns/sharing_error.html", context, status=versions.STATUS)
    if form.is_valid():
        case_consent.change_consent(
            case, ConsentChange.With.DIRECTOR, form.cleaned_data["share_with_director"]
        )
        case_consent.change_consent(
            case, ConsentChange.With.MANAGER, form.cleaned_data["share_with_manager"]
        )
        messages.success(request, "Your choices about sharing have been saved")
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
        messages.success(request, "Your concern has been withdrawn")
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
        messages.success(request, "Your concern has been sent to the lead champion")
        return redirect("concerns:case")
    return render(request, "concerns/release.html", {"case": case})


@require_POST
def forget(request: HttpRequest) -> HttpResponse:
    """ "Forget what I typed": the unsent answers are deleted from this browser and the service."""
    drafts.forget(request)
    response = render(request, "concerns/forgotten.html")
    response.delete_cookie(drafts.COOKIE, samesite="Strict")
    return response


@require_GET
def exit_page(request: HttpRequest) -> HttpResponse:
    """ "Exit this page": end the raiser's session and their draft, then go somewhere neutral.

    A link, so it works without JavaScript and at once; whoever sits down at this browser next
    finds the sign-in page at /track/ and an empty form at /raise/, not the story.
    """
    drafts.forget(request)
    request.session.flush()
    response = redirect(settings.SAFESPACE_EXIT_URL)
    response.delete_cookie(drafts.COOKIE, samesite="Strict")
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    response = render(request, "concerns/left.html")
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
