"""The one access policy: who may do what, read as a table, asked by every view.

Each row of RULES says "a person holding ROLE in a network may do ACTION when CONDITION".
Roles are held per network, so a row about a case only counts when the role is held in the
case's network. Anything not granted by a row is refused, and a refusal about a case is a 404,
so nobody can learn that a case exists.

URLS names, for every address the service answers, the action it needs. The middleware at
the bottom refuses any address missing from it, and a test walks every address as every role.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from safespace.accounts.models import Membership, Network, Role, User
from safespace.cases.models import OPEN_STAGES, Assignment, Case, Sharing, Stage
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS


class Action(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    SIGN_IN = "sign-in"  # the sign-in steps themselves
    RAISER = "raiser"  # the person who raised this concern, signed in with their receipt
    SIGNED_IN = "signed-in"  # any member of staff who has passed two-factor
    LIST_CASES = "list cases"
    READ_CASE = "read case"
    READ_IDENTITY = "read who raised a case"  # name and contact details
    READ_CASEWORK = "read casework"  # champions-only notes and the conversation
    # An HR process noticed since they spoke up: its kind and date, beside HR's own records,
    # name the raiser, so only those who may know who spoke up see it.
    READ_HR_ALERTS = "read HR alerts"
    MESSAGE_RAISER = "message the raiser"
    # Say a disputed action, a detriment or an HR process has been seen: the lists' flag drops.
    ACKNOWLEDGE = "acknowledge what needs attention"
    WORK_CASE = "work on a case"  # stages, notes, time
    DECLINE = "hand a case back"
    TRIAGE = "triage new concerns"
    ASSIGN = "assign a champion"
    RECORD_REFERRAL = "record a concern for someone"
    LIST_ACTIONS = "list own actions"
    UPDATE_ACTION = "record progress on an action"
    # When, where, who attends and what the raiser agreed to share with the attendee's role:
    # for invited staff who may not read the case itself.
    ATTEND_MEETING = "see a meeting they are invited to"
    VIEW_ACCOUNTABILITY = "see actions by directorate and owner"
    VIEW_INSIGHTS = "view insights"
    # The figures as counted, without disclosure control's rounding and withholding.
    VIEW_EXACT_FIGURES = "see a network's insight figures exactly"
    WRITE_REPORT = "write the learning in the evaluation report"
    CONFIGURE = "configure"
    MANAGE_POOL = "manage the champion pool"  # profiles, training, terms, recruitment, reviews
    CHAMPION_SELF = "a champion's own pages"  # accept the terms, wellbeing check-in
    IMPORT_HR_EVENTS = "import HR events"  # the retaliation tripwire's input; nothing comes back
    # See which concerns reach the end of their retention period soon, and keep one for longer.
    MANAGE_RETENTION = "keep a concern past its retention period"
    # A person's data protection requests (safespace/dataprotection): only concerns given with a
    # name, as an anonymous raiser answers their own with their receipt.
    FIND_PERSON = "find a person's concerns"
    SUBJECT_ACCESS = "export a concern for a subject access request"
    ERASE_ON_REQUEST = "erase a concern on request"


Condition = Callable[[User, Membership, Any], bool]


def always(user: User, membership: Membership, obj: Any) -> bool:
    return True


def not_held(case: Case) -> bool:
    """A held concern is read by nobody until someone else names the same person, or its
    raiser releases it (safespace/cases/patterns.py)."""
    return case.stage != Stage.HELD


def unheld(user: User, membership: Membership, case: Case) -> bool:
    return not_held(case)


def champions_now(case: Case) -> set[int]:
    """Who is assigned to the case now, read once for this case object (a page asks the policy
    several questions about one case)."""
    now: set[int] | None = case.__dict__.get("_champions_now")
    if now is None:
        if "assignments" in getattr(case, "_prefetched_objects_cache", {}):
            # The page read every assignment with the case: the current ones are among them.
            now = {a.champion_id for a in case.assignments.all() if a.ended_at is None}
        else:
            now = set(
                case.assignments.filter(ended_at__isnull=True).values_list("champion_id", flat=True)
            )
        case.__dict__["_champions_now"] = now
    return now


def assigned(user: User, membership: Membership, case: Case) -> bool:
    return not_held(case) and user.pk in champions_now(case)


def shared_with_director(user: User, membership: Membership, case: Case) -> bool:
    return not_held(case) and case.share_with_director != Sharing.NONE


def named_to_director(user: User, membership: Membership, case: Case) -> bool:
    return not_held(case) and case.share_with_director == Sharing.NAMED


def live(case: Case) -> bool:
    """Not withdrawn: a withdrawn concern is kept for the record and never worked again.
    Nor held: nobody works on what nobody may read."""
    return case.stage not in (Stage.WITHDRAWN, Stage.HELD)


def assigned_and_live(user: User, membership: Membership, case: Case) -> bool:
    return live(case) and assigned(user, membership, case)


def live_case(user: User, membership: Membership, case: Case) -> bool:
    return live(case)


def still_open(user: User, membership: Membership, case: Case) -> bool:
    return case.is_open


def named(user: User, membership: Membership, case: Case) -> bool:
    """Given with the raiser's name, or raised while signed in: a person it can be found by."""
    return not case.anonymous


def owns(user: User, membership: Membership, action: Any) -> bool:
    return bool(action.owner_id == user.pk)


def invited_manager(user: User, membership: Membership, meeting: Any) -> bool:
    """Named on this meeting's invitation; being a senior manager elsewhere is not enough."""
    return not_held(meeting.case) and meeting.managers.filter(pk=user.pk).exists()


def invited_director(user: User, membership: Membership, meeting: Any) -> bool:
    """The Director of Wellbeing of the meeting's network, when the meeting invites them."""
    return not_held(meeting.case) and bool(meeting.director_attends)


@dataclass(frozen=True)
class Rule:
    role: Role
    action: Action
    condition: Condition
    why: str


RULES: tuple[Rule, ...] = (
    # role            action               condition             why
    Rule(Role.CHAMPION, Action.LIST_CASES, always, "their own case list"),
    Rule(Role.LEAD, Action.LIST_CASES, always, "triage of their network's cases"),
    Rule(Role.DIRECTOR, Action.LIST_CASES, always, "the cases shared with them"),
    Rule(Role.CHAMPION, Action.READ_CASE, assigned, "only cases assigned to them"),
    Rule(Role.LEAD, Action.READ_CASE, unheld, "every case of their network but a held one"),
    Rule(Role.DIRECTOR, Action.READ_CASE, shared_with_director, "only if the raiser agreed"),
    Rule(Role.CHAMPION, Action.READ_IDENTITY, assigned, "only cases assigned to them"),
    Rule(Role.LEAD, Action.READ_IDENTITY, unheld, "every case of their network but a held one"),
    Rule(Role.DIRECTOR, Action.READ_IDENTITY, named_to_director, "only if shared with the name"),
    Rule(Role.CHAMPION, Action.READ_CASEWORK, assigned, "only cases assigned to them"),
    Rule(Role.LEAD, Action.READ_CASEWORK, unheld, "every case of their network but a held one"),
    Rule(Role.CHAMPION, Action.READ_HR_ALERTS, assigned, "only cases assigned to them"),
    Rule(Role.LEAD, Action.READ_HR_ALERTS, unheld, "every case of their network but a held one"),
    Rule(Role.CHAMPION, Action.ACKNOWLEDGE, assigned, "only cases assigned to them"),
    Rule(Role.LEAD, Action.ACKNOWLEDGE, unheld, "every case of their network but a held one"),
    Rule(Role.CHAMPION, Action.MESSAGE_RAISER, assigned_and_live, "cases assigned to them"),
    Rule(Role.LEAD, Action.MESSAGE_RAISER, live_case, "their own network's cases"),
    Rule(Role.CHAMPION, Action.WORK_CASE, assigned_and_live, "cases assigned to them"),
    Rule(Role.LEAD, Action.WORK_CASE, live_case, "their own network's cases"),
    Rule(Role.CHAMPION, Action.DECLINE, assigned_and_live, "a case assigned to them"),
    Rule(Role.LEAD, Action.TRIAGE, always, "their own network's new concerns"),
    Rule(Role.LEAD, Action.ASSIGN, still_open, "their own network's open cases"),
    Rule(Role.CHAMPION, Action.RECORD_REFERRAL, always, "after a call or a conversation"),
    Rule(Role.LEAD, Action.RECORD_REFERRAL, always, "after a call or a conversation"),
    Rule(Role.MANAGER, Action.LIST_ACTIONS, always, "the actions they own"),
    Rule(Role.MANAGER, Action.UPDATE_ACTION, owns, "only an action they own"),
    Rule(Role.MANAGER, Action.ATTEND_MEETING, invited_manager, "a meeting they are invited to"),
    Rule(Role.DIRECTOR, Action.ATTEND_MEETING, invited_director, "a meeting that invites them"),
    Rule(Role.DIRECTOR, Action.VIEW_ACCOUNTABILITY, always, "oversight of every action plan"),
    Rule(Role.LEAD, Action.VIEW_ACCOUNTABILITY, always, "their own network's action plans"),
    Rule(Role.LEAD, Action.VIEW_INSIGHTS, always, "reports for their network"),
    Rule(Role.DIRECTOR, Action.VIEW_INSIGHTS, always, "oversight reports"),
    Rule(Role.INSIGHT, Action.VIEW_INSIGHTS, always, "disclosure-controlled reports only"),
    Rule(Role.LEAD, Action.VIEW_EXACT_FIGURES, always, "their own network's, exactly"),
    Rule(Role.LEAD, Action.WRITE_REPORT, always, "their own network's evaluation report"),
    Rule(Role.ADMIN, Action.CONFIGURE, always, "users, directorates, themes; never cases"),
    Rule(Role.LEAD, Action.MANAGE_POOL, always, "their own network's champions"),
    Rule(Role.LEAD, Action.MANAGE_RETENTION, always, "their own network's closed concerns"),
    Rule(Role.CHAMPION, Action.CHAMPION_SELF, always, "their own terms and check-ins"),
    Rule(Role.HR, Action.IMPORT_HR_EVENTS, always, "sends HR events in; never sees a match"),
    Rule(Role.DPO, Action.FIND_PERSON, always, "their networks, for a request, with a reason"),
    Rule(Role.DPO, Action.SUBJECT_ACCESS, named, "a copy for the person it is about"),
    Rule(Role.DPO, Action.ERASE_ON_REQUEST, named, "at the request of the person it is about"),
)

# The action each address needs, by URL name. "admin:" covers the configuration site.
URLS: dict[str, Action] = {
    "public:home": Action.PUBLIC,
    "public:privacy": Action.PUBLIC,
    "public:accessibility": Action.PUBLIC,
    "public:healthz": Action.PUBLIC,
    "public:language": Action.PUBLIC,  # sets the language cookie and goes back
    "bench:ok": Action.PUBLIC,  # "ok", outside production: the ceiling `make bench` compares with
    "concerns:start": Action.PUBLIC,
    "concerns:step": Action.PUBLIC,
    "concerns:check": Action.PUBLIC,
    "concerns:confirmation": Action.PUBLIC,
    "concerns:forget": Action.PUBLIC,
    "concerns:track": Action.PUBLIC,
    "concerns:leave": Action.PUBLIC,
    "concerns:exit": Action.PUBLIC,
    # The raiser's own pages: the receipt sign-in in their session decides (raiser_case_or_404).
    "concerns:case": Action.RAISER,
    "concerns:message": Action.RAISER,
    "concerns:sharing": Action.RAISER,
    "concerns:withdraw": Action.RAISER,
    "concerns:release": Action.RAISER,
    "concerns:minutes": Action.RAISER,
    "concerns:dispute": Action.RAISER,
    "concerns:download": Action.RAISER,
    "concerns:download_pdf": Action.RAISER,
    "concerns:erase": Action.RAISER,
    # A champion recording a concern for someone, with the raise form's questions.
    "concerns:record": Action.RECORD_REFERRAL,
    "concerns:recorded": Action.RECORD_REFERRAL,
    "accounts:login": Action.SIGN_IN,
    "accounts:two_factor": Action.SIGN_IN,
    "accounts:two_factor_setup": Action.SIGN_IN,
    "accounts:two_factor_email": Action.SIGN_IN,
    "accounts:sign_out": Action.SIGN_IN,
    "accounts:oidc_start": Action.SIGN_IN,
    "accounts:oidc_callback": Action.SIGN_IN,
    "accounts:oidc_signed_out": Action.SIGN_IN,
    "staff:home": Action.SIGNED_IN,
    # A concern the person raised under their name; the view opens only their own (404 else).
    "staff:open_concern": Action.SIGNED_IN,
    "cases:list": Action.LIST_CASES,
    "cases:detail": Action.READ_CASE,
    "cases:message": Action.MESSAGE_RAISER,
    "cases:acknowledge": Action.ACKNOWLEDGE,
    "cases:triage": Action.TRIAGE,
    "cases:assign": Action.ASSIGN,
    "cases:people": Action.ASSIGN,
    "cases:decline": Action.DECLINE,
    "cases:work": Action.WORK_CASE,
    "cases:edit_note": Action.WORK_CASE,
    "actions:list": Action.LIST_ACTIONS,
    "actions:detail": Action.UPDATE_ACTION,
    "actions:meeting": Action.ATTEND_MEETING,
    "aftercare:close": Action.WORK_CASE,
    "aftercare:reopen": Action.WORK_CASE,
    "aftercare:feedback": Action.RAISER,
    "aftercare:check_in": Action.RAISER,
    "aftercare:retention": Action.MANAGE_RETENTION,
    "aftercare:retention_keep": Action.MANAGE_RETENTION,
    "meetings:new": Action.WORK_CASE,
    "meetings:detail": Action.READ_CASE,
    "meetings:change": Action.WORK_CASE,
    "meetings:cancel": Action.WORK_CASE,
    "meetings:minutes": Action.WORK_CASE,
    "meetings:action_new": Action.WORK_CASE,
    "meetings:confirm": Action.WORK_CASE,
    "insights:home": Action.VIEW_INSIGHTS,
    "insights:export": Action.VIEW_INSIGHTS,
    "insights:report": Action.VIEW_INSIGHTS,
    "insights:report_pdf": Action.VIEW_INSIGHTS,
    "insights:report_write": Action.WRITE_REPORT,
    "insights:ftsu": Action.VIEW_INSIGHTS,
    "insights:ftsu_csv": Action.VIEW_INSIGHTS,
    "insights:ftsu_xlsx": Action.VIEW_INSIGHTS,
    "insights:accountability": Action.VIEW_ACCOUNTABILITY,
    "champions:pool": Action.MANAGE_POOL,
    "champions:coverage": Action.MANAGE_POOL,
    "champions:workload": Action.MANAGE_POOL,
    "champions:publish_terms": Action.MANAGE_POOL,
    "champions:pipeline": Action.MANAGE_POOL,
    "champions:application": Action.MANAGE_POOL,
    "champions:reviews": Action.MANAGE_POOL,
    "champions:review": Action.MANAGE_POOL,
    "champions:champion": Action.MANAGE_POOL,
    "champions:training": Action.MANAGE_POOL,
    "champions:terms": Action.CHAMPION_SELF,
    "champions:wellbeing": Action.CHAMPION_SELF,
    "champions:apply": Action.PUBLIC,
    "champions:applied": Action.PUBLIC,
    "directory:import": Action.CONFIGURE,
    "tripwire:import": Action.IMPORT_HR_EVENTS,
    # The HR system's API call carries a bearer token, not a session, so the middleware lets
    # it through; the view refuses anything without a valid token (401) or whose holder may
    # not import (403), asking token_can below. PUBLIC here means "the view authenticates".
    "tripwire:api": Action.PUBLIC,  # deprecated for /api/v1/hr-events, which it says
    # The API for the organisation's systems (safespace/api): the same, each operation checking
    # a token made for its purpose whose holder's roles allow its action (safespace/api/scopes.py).
    # Its OpenAPI document and the page describing it are for anyone to read.
    "api:api-root": Action.PUBLIC,
    "api:openapi-json": Action.PUBLIC,
    "api:networks": Action.PUBLIC,
    "api:hr_events": Action.PUBLIC,
    "api:insights": Action.PUBLIC,
    "api:directory": Action.PUBLIC,
    "api:directory_changes": Action.PUBLIC,
    "tripwire:stop_watching": Action.RAISER,
    # The data protection officer: each page looks the concern up again through the policy.
    "dataprotection:search": Action.FIND_PERSON,
    "dataprotection:concern": Action.SUBJECT_ACCESS,
    "dataprotection:export": Action.SUBJECT_ACCESS,
    "dataprotection:export_pdf": Action.SUBJECT_ACCESS,
    "dataprotection:erase": Action.ERASE_ON_REQUEST,
    "dataprotection:erased": Action.ERASE_ON_REQUEST,
    "admin:*": Action.CONFIGURE,
}


def _verified(user: Any) -> bool:
    """Passed two-factor in this session (django-otp's middleware sets is_verified)."""
    return bool(getattr(user, "is_verified", lambda: False)())


def _memberships(user: User) -> list[Membership]:
    return user.held_memberships()


def can(user: Any, action: Action, obj: Any = None) -> bool:
    """Whether this person may take this action (on this object, when there is one)."""
    if action is Action.PUBLIC:
        return True
    if not isinstance(user, User) or not user.is_active or not _verified(user):
        return False
    if action is Action.SIGNED_IN:
        return True
    network_id = getattr(obj, "network_id", None)
    for membership in _memberships(user):
        if network_id is not None and membership.network_id != network_id:
            continue
        for rule in RULES:
            if (
                rule.role == membership.role
                and rule.action == action
                and (obj is None or rule.condition(user, membership, obj))
            ):
                return True
    return False


def token_can(user: User | None, action: Action) -> bool:
    """Whether the holder of an API token may take this action (on no object in particular).

    A token stands in for sign-in and two-factor, for a machine; the rows of RULES are the same.
    """
    if user is None or not user.is_active:
        return False
    if action is Action.SIGNED_IN:
        return True  # what any member of staff may do, such as read the networks' themes
    return any(
        rule.role == membership.role and rule.action == action
        for membership in _memberships(user)
        for rule in RULES
    )


def token_network_ids(user: User | None, action: Action) -> list[int]:
    """The networks in which a token's holder may take this action as a whole (the rows that
    ask about no one object): the token's version of network_ids_where."""
    if user is None or not user.is_active:
        return []
    return sorted(
        {
            membership.network_id
            for membership in _memberships(user)
            for rule in RULES
            if rule.role == membership.role and rule.action == action and rule.condition is always
        }
    )


def url_action(url_name: str) -> Action | None:
    if url_name in URLS:
        return URLS[url_name]
    namespace = url_name.split(":", 1)[0]
    return URLS.get(f"{namespace}:*")


def get_case_or_404(
    request: HttpRequest,
    code: Any,
    action: Action = Action.READ_CASE,
    cases: QuerySet[Case] | None = None,
) -> Case:
    """The case, if this person may take the action on it; otherwise a 404, as if it did not exist.

    `cases` lets a page read what it shows beside the case in the same query (related rows,
    figures as columns); the policy's answer is the same whatever it adds.
    """
    try:
        case = (Case.objects.all() if cases is None else cases).get(code=code)
    except (Case.DoesNotExist, ValueError) as missing:
        raise Http404 from missing
    if not can(request.user, action, case):
        raise Http404
    if not CaseKey.objects.using(KEYS).filter(case_code=case.code).exists():
        # Shredded: what is left can never be read, so the case is gone for everyone.
        raise Http404
    return case


RAISER_CASE = "raiser_case"
RAISER_SINCE = "raiser_since"


def get_raiser_case_or_404(request: HttpRequest) -> Case:
    """The one case this browser opened with its receipt code and passphrase, or a 404.

    A raiser's right comes from knowing both secrets, not from an account, so it lives in the
    session, for no longer than a signed-in member of staff's.
    """
    code = request.session.get(RAISER_CASE)
    since = float(request.session.get(RAISER_SINCE, 0))
    if not code or time.time() - since > settings.SESSION_ABSOLUTE_SECONDS:
        raise Http404
    try:
        case = Case.objects.select_related("network").get(code=uuid.UUID(code))
    except (Case.DoesNotExist, ValueError) as missing:
        raise Http404 from missing
    if not CaseKey.objects.using(KEYS).filter(case_code=case.code).exists():
        raise Http404  # shredded: nothing of it can be read any more
    return case


def enter_case(request: HttpRequest, case: Case) -> None:
    """Open this one case, and no other, to this browser: what the /track/ sign-in does."""
    request.session.cycle_key()
    request.session[RAISER_CASE] = str(case.code)
    request.session[RAISER_SINCE] = time.time()


# Set when someone reaches their concern's pages after the receipt session has ended, so the
# sign-in page can say why they are there; read once.
SESSION_ENDED = "raiser_session_ended"


def raiser_page(view: Callable[..., HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """A page of the raiser's own concern, given the case their session opened.

    Without a live receipt session (it ended after a while idle, or after 12 hours) they go
    back to /track/ with a word about why, rather than to a "Page not found" with no way out.
    No address names a concern, so this tells nobody whether one exists.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        try:
            case = get_raiser_case_or_404(request)
        except Http404:
            request.session.pop(RAISER_CASE, None)
            request.session.pop(RAISER_SINCE, None)
            request.session[SESSION_ENDED] = "post" if request.method == "POST" else "get"
            return redirect("concerns:track")
        # Every page about their concern names the network it was raised with.
        request.network = case.network  # type: ignore[attr-defined]
        return view(request, case)

    return wrapped


class PolicyMiddleware:
    """Every address must be named in URLS; staff addresses need sign-in, two-factor and a role."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name.startswith("static"):
            return None
        action = url_action(match.view_name)
        if action is None:
            # Fail closed: an address nobody thought about answers as if it did not exist.
            raise Http404
        if action in (Action.PUBLIC, Action.SIGN_IN, Action.RAISER):
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not _verified(user):
            return redirect("accounts:two_factor")
        # For an action on one object this only asks whether the person could hold such a
        # right at all; the view's lookup helper then asks about the object itself.
        if not can(user, action):
            raise Http404
        return None


# Lists ------------------------------------------------------------------------------------
#
# A list page asks the same rows as `can`, of every object at once: each condition of a row
# has a query form below, and a list is the rows the person's memberships meet, each limited
# to the network the role is held in. So a list can never show what `can` would refuse, nor
# hide what it would allow (safespace/cases/tests/test_list_matches_policy.py).

Where = Callable[[User], Q]

NOTHING = Q(pk__in=[])


def _assigned_cases(user: User) -> QuerySet[Any, Any]:
    """The cases assigned to this champion now (the index assignment_champion_active)."""
    return Assignment.objects.filter(champion=user, ended_at__isnull=True).values("case_id")


_UNHELD = ~Q(stage=Stage.HELD)
_LIVE = ~Q(stage__in=[Stage.WITHDRAWN, Stage.HELD])

# Each condition of a row about a case, as a query condition on cases for one person.
CASE_WHERE: dict[Condition, Where] = {
    always: lambda user: Q(),
    unheld: lambda user: _UNHELD,
    assigned: lambda user: _UNHELD & Q(pk__in=_assigned_cases(user)),
    shared_with_director: lambda user: _UNHELD & ~Q(share_with_director=Sharing.NONE),
    named_to_director: lambda user: _UNHELD & Q(share_with_director=Sharing.NAMED),
    assigned_and_live: lambda user: _LIVE & Q(pk__in=_assigned_cases(user)),
    live_case: lambda user: _LIVE,
    still_open: lambda user: Q(stage__in=OPEN_STAGES),
    named: lambda user: Q(anonymous=False),
}

# Each condition of a row about a meeting, as a query condition on meetings for one person.
MEETING_WHERE: dict[Condition, Where] = {
    invited_manager: lambda user: ~Q(case__stage=Stage.HELD) & Q(managers=user),
    invited_director: lambda user: ~Q(case__stage=Stage.HELD) & Q(director_attends=True),
}

# What a broader condition already allows in the same network, so a list asks it once: in a
# network they lead, a lead's own assignments add nothing. `always` includes every condition.
INCLUDES: dict[Condition, frozenset[Condition]] = {
    unheld: frozenset(
        {assigned, shared_with_director, named_to_director, assigned_and_live, live_case}
    ),
    live_case: frozenset({assigned_and_live}),
    shared_with_director: frozenset({named_to_director}),
}


def _may_act(user: Any) -> bool:
    return isinstance(user, User) and user.is_active and _verified(user)


def _networks_by_condition(user: Any, action: Action) -> dict[Condition, set[int]]:
    """For each condition of the rows this person's memberships meet, the networks it is met in,
    leaving out a condition wherever a broader one of theirs already holds."""
    if not _may_act(user):
        return {}
    held: dict[int, set[Condition]] = {}
    for membership in _memberships(user):
        for rule in RULES:
            if rule.role == membership.role and rule.action == action:
                held.setdefault(membership.network_id, set()).add(rule.condition)
    found: dict[Condition, set[int]] = {}
    for network_id, conditions in held.items():
        for condition in conditions:
            broader = (
                other
                for other in conditions
                if other is not condition
                and (other is always or condition in INCLUDES.get(other, ()))
            )
            if next(broader, None) is None:
                found.setdefault(condition, set()).add(network_id)
    return found


def _where(user: Any, action: Action, table: dict[Condition, Where], network: str) -> Q:
    found = _networks_by_condition(user, action)
    condition = NOTHING
    for rule_condition, networks in found.items():
        if rule_condition not in table:
            raise LookupError(f"{rule_condition.__name__} has no query form for {action}")
        condition |= Q(**{f"{network}__in": sorted(networks)}) & table[rule_condition](user)
    return condition


def cases_where(user: Any, action: Action = Action.READ_CASE) -> Q:
    """The cases this person may take this action on, as one condition on Case: with the
    default, the cases they may read, which is what their case list shows."""
    return _where(user, action, CASE_WHERE, "network_id")


def meetings_where(user: Any, action: Action = Action.ATTEND_MEETING) -> Q:
    """The meetings this person may take this action on, as one condition on Meeting."""
    return _where(user, action, MEETING_WHERE, "case__network_id")


def implies(user: Any, action: Action, then: Action) -> bool:
    """Whether this person may take `then` on every object they may take `action` on: in each
    network, each condition of theirs for `action` is one of theirs for `then` or included in
    one. Worked out from the rows, with no query; a list asks it to leave out a condition that
    would hold on every row it shows."""
    wider = _networks_by_condition(user, then)

    def covered(condition: Condition, network_id: int) -> bool:
        return any(
            network_id in networks
            and (other is condition or other is always or condition in INCLUDES.get(other, ()))
            for other, networks in wider.items()
        )

    return all(
        covered(condition, network_id)
        for condition, networks in _networks_by_condition(user, action).items()
        for network_id in networks
    )


def network_ids_where(user: Any, action: Action) -> list[int]:
    """The networks in which this person may take this action as a whole (rows that ask about
    no one object), such as triage, the champion pool or insights: no query once `can` ran."""
    return sorted(
        network_id
        for condition, networks in _networks_by_condition(user, action).items()
        if condition is always
        for network_id in networks
    )


def networks_where(user: Any, action: Action) -> QuerySet[Network]:
    """The same networks, by name."""
    return Network.objects.filter(pk__in=network_ids_where(user, action))


def acting_role(user: Any, action: Action, network_ids: Any) -> str | None:
    """The role someone takes this action in, for the audit trail: of the roles they hold in
    these networks, the one whose row for the action comes first in RULES."""
    wanted = set(network_ids)
    held = {m.role for m in _memberships(user) if m.network_id in wanted}
    return next(
        (rule.role.value for rule in RULES if rule.action == action and rule.role in held), None
    )


def granting_roles(user: Any, action: Action, obj: Any) -> list[str]:
    """The roles in which this person may take this action on this object, in RULES order."""
    if not _may_act(user):
        return []
    network_id = getattr(obj, "network_id", None)
    return [
        rule.role.value
        for rule in RULES
        if rule.action == action
        for membership in _memberships(user)
        if membership.role == rule.role
        and (network_id is None or membership.network_id == network_id)
        and rule.condition(user, membership, obj)
    ]


# What the raiser chose to share with each role a meeting invites, as a field of its case;
# a tie between two roles goes to the first.
SHARED_WITH_ATTENDEE: dict[Role, str] = {
    Role.DIRECTOR: "share_with_director",
    Role.MANAGER: "share_with_manager",
}


def attending_as(user: Any, meeting: Any) -> list[tuple[str, str]]:
    """Each role this person may attend the meeting in, with what its raiser shares with it."""
    granted = set(granting_roles(user, Action.ATTEND_MEETING, meeting))
    return [
        (role.value, getattr(meeting.case, field))
        for role, field in SHARED_WITH_ATTENDEE.items()
        if role.value in granted
    ]
