"""What test modules share: signing people in, raising a concern, the access matrix's world,
settings read in a fresh process, dumps of every database, and the worlds a few modules use.

A test module never imports another (tests/test_suite_shape.py): what two of them need lives
here, or, for fixtures every test may use, in conftest.py. The browser journeys have theirs in
tests/e2e/helpers.py.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts.middleware import SIGNED_IN_AT
from safespace.accounts.models import Directorate, Role, User
from safespace.actions import services as actions
from safespace.actions.models import Action as ActionItem
from safespace.actions.models import ActionStatus, Meeting
from safespace.aftercare import services as aftercare
from safespace.aftercare.models import Outcome
from safespace.audit import triggers
from safespace.cases.models import Case, ContactMethod, Sharing, Stage
from safespace.cases.services import assign as case_assign
from safespace.cases.services import create as case_create
from safespace.cases.services import hold as case_hold
from safespace.cases.services import messages as case_messages
from safespace.cases.services import notes as case_notes
from safespace.cases.services import sealed as case_sealed
from safespace.champions.models import Application, Review
from safespace.directory.models import StaffMember
from safespace.keystore import crypto
from safespace.policy import RAISER_CASE, RAISER_SINCE, Action, url_action

PASSWORD = "a-long-test-password-1"  # fictional, for tests only
ROOT = Path(__file__).resolve().parents[1]


def sign_in(client: Client, user: User) -> Client:
    """Signed in with both factors, as the real sign-in leaves the session."""
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session[SIGNED_IN_AT] = time.time()
    session.save()
    return client


def raiser_client(case: Case) -> Client:
    """A browser signed in to this concern with its receipt, as /track/ leaves it."""
    client = Client()
    session = client.session
    session[RAISER_CASE] = str(case.code)
    session[RAISER_SINCE] = time.time()
    session.save()
    return client


@contextmanager
def signals_given_back() -> Iterator[None]:
    """The worker takes over Ctrl+C and friends for a graceful stop; give them back after, or
    the test process would shrug off the SIGTERM that stops a run."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def run_worker(*, schedule: bool = False) -> None:
    """The production task worker, running what is queued and then stopping."""
    # Between tasks the worker closes stale connections; inside a test's transaction on
    # PostgreSQL that would close the test's own connection, so it is kept for the test.
    # The scheduled jobs depend on the hour, so tests queue them themselves.
    keep = mock.patch("safespace.worker.running.close_old_connections")
    with signals_given_back(), keep:
        call_command("worker", "--batch", *([] if schedule else ["--no-schedule"]), verbosity=0)


def shown_escaped(body: str, text: str) -> None:
    """Every character is on the page, and none of it became markup."""
    for line in text.splitlines():
        assert escape(line) in body
    assert "<script>alert(1)" not in body and "<b>not bold" not in body


def refused(response: HttpResponse, field: str, message: str) -> str:
    """A kind message in the error summary, linked to the question, and beside the question."""
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<a href="#id_{field}">{escape(message)}</a>' in body
    assert f'id="id_{field}-error"' in body
    return str(body)


# A concern raised through the pages, as a raiser would.
ANSWERS = {
    "what-happened": {
        "narrative": "Comments about my hair at the team meeting. ✊🏾 <script>alert(1)</script>"
    },
    "themes": {"themes": []},
    "directorates": {"directorates": []},
    "what-you-want": {"want": "meeting"},
    "contact": {"method": "email", "email": "me@example.com"},
    "about-you": {"named": "no", "directorate": ""},
    "champion": {
        "preferences": "Someone who is Black, Asian or minority ethnic",
        "avoid_directorate": "",
    },
    "sharing": {"share_with_director": "anonymous", "share_with_manager": "none"},
    "passphrase": {"choice": "own", "own": "violet harbour trellis"},
}


def answer_every_question(client: Client, **changes: dict) -> None:
    for slug, answers in ANSWERS.items():
        response = client.post(f"/raise/{slug}/", {**answers, **changes.get(slug, {})})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])


def raise_concern(client: Client, **changes: dict) -> str:
    """Answer every page; return the confirmation page."""
    answer_every_question(client, **changes)
    assert client.post("/raise/check-your-answers/").status_code == 302
    return client.get("/raise/confirmation/").content.decode()


def opens_a_concern(receipt: str) -> bool:
    passphrase = ANSWERS["passphrase"]["own"]
    response = Client().post("/track/", {"receipt": receipt, "passphrase": passphrase})
    return response.get("Location") == "/track/concern/"


def receipt_from(page: str) -> str:
    match = re.search(r"([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})", page)
    assert match
    return match.group(1)


NUMBER = "QX-5817-2934"  # fictional; letters no hex dump can contain, to search dumps for


@contextmanager
def tampering() -> Iterator[None]:
    """Lift the append-only triggers for the length of a test's tampering, then restore them."""
    triggers.remove(connection)
    try:
        yield
    finally:
        triggers.install(connection)


def raw(sql: str, *params: str | int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def emailed_code() -> str:
    """The code in the newest email that carries one."""
    for message in reversed(mail.outbox):
        found = re.search(r"\b(\d{6})\b", str(message.body))
        if found:
            return found.group(1)
    raise AssertionError("no code was emailed")


# What a champion records for someone who told them on the phone (assisted referral).
REFERRAL_FORM = {
    "channel": "phone",
    "narrative": "Told me on the phone about the probation review.",
    "want": "heard",
    "method": "phone",
    "phone": "07700 900 123",
    "named": "no",
    "share_with_director": "none",
    "share_with_manager": "none",
}


def seal_the_old_way(case_code: uuid.UUID, field: str, text: str) -> bytes:
    """What crypto.seal wrote before values were bound to their rows."""
    nonce = os.urandom(crypto.NONCE)
    aad = crypto._legacy_aad(case_code, field)
    return (
        crypto.LEGACY
        + nonce
        + AESGCM(crypto._data_key(case_code)).encrypt(nonce, text.encode(), aad)
    )


def by_code(row: dict[str, Any]) -> crypto.Row:
    return (uuid.UUID(str(row["code"])),)


def by_key(row: dict[str, Any]) -> crypto.Row:
    return (row["id"],)


def by_side(row: dict[str, Any]) -> crypto.Row:
    side = case_sealed.RAISER if row["from_raiser"] else case_sealed.CHAMPION
    return (*by_code(row), side)


# Every sealed column of a case, with the field name its ciphertext is bound to, and how a
# stored row names the row it is bound to.
SEALED = {
    ("cases_case", "narrative"): (case_sealed.NARRATIVE, by_code),
    ("cases_case", "contact_details"): (case_sealed.CONTACT, by_code),
    ("cases_case", "raiser_name"): (case_sealed.NAME, by_code),
    ("cases_case", "champion_preferences"): (case_sealed.PREFERENCES, by_code),
    ("cases_case", "people_named"): (case_sealed.PEOPLE, by_code),
    ("cases_assignment", "override_reason"): (case_sealed.OVERRIDE, by_key),
    ("cases_assignment", "decline_reason"): (case_sealed.DECLINE, by_key),
    ("cases_message", "body"): (case_sealed.MESSAGE, by_side),
    ("cases_note", "body"): (case_sealed.NOTE, by_code),
    ("cases_noteversion", "body"): (case_sealed.NOTE_VERSION, by_key),
    ("actions_meeting", "minutes"): (actions.MINUTES, by_code),
    ("actions_meeting", "raiser_comment"): (actions.COMMENT, by_code),
    ("actions_action", "description"): (actions.DESCRIPTION, by_code),
    ("actions_action", "dispute"): (actions.DISPUTE, by_code),
    ("actions_actionupdate", "note"): (actions.UPDATE, by_key),
    ("aftercare_closure", "summary"): (aftercare.SUMMARY, by_key),
    ("aftercare_closure", "reopen_reason"): (aftercare.REOPEN, by_key),
    ("aftercare_feedbackgiven", "anything_else"): (aftercare.FEEDBACK, by_key),
    ("aftercare_checkin", "details"): (aftercare.DETAILS, by_key),
}


def case_with_every_sealed_field(make_user, network) -> tuple[Case, set[str]]:
    """A case with something written in each sealed column, and the words written."""
    words = {
        "narrative words",
        "contact words",
        "name words",
        "preferences words",
        "override words",
        "decline words",
        "raiser message words",
        "champion message words",
        "note words",
        "edited note words",
        "minutes words",
        "minutes comment words",
        "action words",
        "dispute words",
        "progress words",
        "summary words",
        "reopen words",
        "feedback words",
        "check-in words",
    }
    lead = make_user("lead@example.org", (network, Role.LEAD))
    first = make_user("first@example.org", (network, Role.CHAMPION))
    second = make_user("second@example.org", (network, Role.CHAMPION))
    case = case_create.create_case(
        case_create.NewConcern(
            network=network,
            narrative="narrative words",
            contact_details="contact words",
            raiser_name="name words",
            preferences="preferences words",
        )
    )
    person = StaffMember.objects.create(
        employee_number="E1",
        full_name="Pat Manager",
        email="pat@example.org",
        directorate=Directorate.objects.create(name="Place"),
    )
    case_hold.set_people_named(case, [person.pk], lead)
    words.add(json.dumps([person.pk]))
    case_assign.assign_champion(case, first, actor=lead, override_reason="override words")
    case_assign.assign_champion(case, second, actor=lead)
    case_assign.decline(case, second, "decline words")
    case_messages.send_message(case, "raiser message words", from_raiser=True, author=None)
    case_messages.send_message(case, "champion message words", from_raiser=False, author=first)
    note = case_notes.add_note(case, first, "note words", shared_with_raiser=False)
    case_notes.edit_note(note, first, "edited note words", shared_with_raiser=False)

    manager = make_user("manager@example.org", (network, Role.MANAGER))
    meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 4")
    actions.record_minutes(meeting, first, "minutes words", shared_with_raiser=True)
    actions.respond_to_minutes(meeting, agree=False, comment="minutes comment words")
    action = actions.add_action(
        meeting,
        first,
        description="action words",
        owner=manager,
        due=timezone.localdate(),
        shared_with_raiser=True,
    )
    actions.update_action(action, manager, ActionStatus.DONE, "progress words", role="manager")
    actions.dispute(action, "dispute words")

    Case.objects.filter(pk=case.pk).update(stage=Stage.ACTION_PLAN)
    case = Case.objects.get(pk=case.pk)
    aftercare.close(
        case, lead, outcome=Outcome.RESOLVED, formal_process="", summary="summary words"
    )
    aftercare.reopen(case, lead, "reopen words")
    case = Case.objects.get(pk=case.pk)
    aftercare.close(case, lead, outcome=Outcome.RESOLVED, formal_process="", summary="")
    aftercare.give_feedback(
        case, felt_heard=4, speak_up_again="yes", anything_else="feedback words"
    )
    check_in = case.check_ins.filter(answered_at__isnull=True).first()
    assert check_in is not None
    aftercare.answer_check_in(check_in, [], "check-in words")
    return Case.objects.get(pk=case.pk), words


@pytest.fixture
def setting(make_user, network):
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    manager = make_user("manager@example.org", (network, Role.MANAGER))
    case = case_create.create_case(
        case_create.NewConcern(
            network=network,
            narrative="The rota keeps giving me the worst shifts",
            share_with_manager=Sharing.ANONYMOUS,
        )
    )
    case_assign.assign_champion(case, champion, actor=None)
    held = Meeting.objects.create(
        case=case, starts=timezone.now() - datetime.timedelta(days=1), place="Room 4"
    )
    held.managers.add(manager)
    return champion, manager, case, held


def new_meeting(place: str) -> dict[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return {
        "day": day.isoformat(),
        "time": "10:00",
        "minutes_long": "60",
        "place": place,
        "director_attends": "no",
        "raiser_attends": "no",
    }


def new_action(manager, description: str) -> dict[str, str]:
    due = timezone.localdate() + datetime.timedelta(days=7)
    return {
        "description": description,
        "owner": str(manager.pk),
        "due": due.isoformat(),
        "shared_with_raiser": "yes",
    }


@pytest.fixture
def action(setting) -> ActionItem:
    champion, manager, _, held = setting
    return actions.add_action(
        held,
        champion,
        description="Review the rota",
        owner=manager,
        due=timezone.localdate() + datetime.timedelta(days=7),
        shared_with_raiser=True,
    )


@pytest.fixture
def pool(make_user, network):
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    return lead, champion


def training(course: str) -> dict[str, str]:
    return {"course": course, "day": "2026-01-15", "hours": "1.5"}


@pytest.fixture
def listening(make_user, network):
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    make_user("lead@example.org", (network, Role.LEAD))
    make_user("director@example.org", (network, Role.DIRECTOR))
    case = case_create.create_case(
        case_create.NewConcern(
            network=network,
            narrative="story",
            contact_method=ContactMethod.EMAIL,
            contact_details="me@home.example",
            share_with_director=Sharing.NONE,
        )
    )
    case_assign.assign_champion(case, champion, actor=None)
    Case.objects.filter(pk=case.pk).update(stage=Stage.LISTENING)
    return champion, Case.objects.get(pk=case.pk)


def manage(*command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run manage.py with only these settings, not whatever the test run was given."""
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests for their own worker only; production
    # settings refuse it, so a command run after them must not inherit it.
    inherited = {
        "SECRET_KEY",
        "DATABASE_URL",
        "KEYSTORE_DATABASE_URL",
        "SAFESPACE_ENV",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# Variables that change what the settings say; a test gives only the ones it means.
SETTINGS_VARIABLES = ("DATABASE_URL", "KEYSTORE_DATABASE_URL", "SECRET_KEY", "DEBUG", "REDIS_URL")


SETTINGS_PREFIXES = ("SAFESPACE_", "EMAIL_", "DEFAULT_FROM_EMAIL", "SECURE_", "DJANGO_")


READ_SETTINGS = """
import json, sys
import django
django.setup()
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in sys.argv[1:]}, default=str))
"""


def python(code: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    """Run `python -c` under these settings alone, and return what it printed as JSON."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_VARIABLES and not k.startswith(SETTINGS_PREFIXES)
    }
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "safespace.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def read_settings(env: dict[str, str], *names: str) -> dict[str, Any]:
    return python(READ_SETTINGS, *names, env=env)


# The access matrix's world (tests/test_access_matrix.py): every role, and the answers they get.

ROLES = [
    "anonymous",
    "raiser",
    "other_raiser",
    "champion_assigned",
    "champion_unassigned",
    "lead",
    "lead_other_network",
    "director",
    "manager",
    "manager_uninvited",
    "insight",
    "admin",
    "hr",
    "dpo",
    "staff",
]


SIGNED_IN = ROLES[1:]

# Posting to these ends the session or the draft: nothing comes back to check.
LEAVING = {"accounts:sign_out", "concerns:exit", "concerns:forget", "concerns:leave"}


def answers(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table.update(overrides)
    return table


# Raisers hold no account: their receipt sign-in opens their own concern and nothing else.
SIGNED_OUT = {"anonymous": 302, "raiser": 302, "other_raiser": 302}


def staff_only(**allowed: int) -> dict[str, int]:
    """Signed out: to sign-in (302). Signed in without the right: 404. Otherwise as given."""
    return answers(404, **{**SIGNED_OUT, **allowed})


def raiser_only(**allowed: int) -> dict[str, int]:
    """Without a live receipt session, back to /track/ to sign in: the address names no concern."""
    return answers(302, raiser=200, other_raiser=200, **allowed)


def walk(
    resolvers: list[URLPattern | URLResolver], prefix: str = "", outer: tuple[str, ...] = ()
) -> Iterator[tuple[str, list[str]]]:
    """Every named address and its parameters, those its prefixes capture (such as a case's
    code in /cases/<code>/) and then its own."""
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from walk(
                entry.url_patterns, namespace, (*outer, *entry.pattern.regex.groupindex)
            )
        elif entry.name:
            yield f"{prefix}{entry.name}", [*outer, *entry.pattern.regex.groupindex]


def addresses() -> dict[str, list[str]]:
    """Every named address of the URL map, with its parameters, in the map's order.

    The walks over every address are parametrised by its name, so that pytest-xdist can share
    them out among its workers instead of leaving one worker a walk of thousands of requests.
    """
    return dict(walk(get_resolver().url_patterns))


def client_maker(**options: Any) -> Callable[[], Client]:
    """Fresh clients, each with cookies of its own, that share one request handler.

    A new handler builds every middleware again, and WhiteNoise's reads the whole static tree
    as it starts: the walks, a new client for each address and role, spent most of their time
    there. What the handler holds is the same for every client made with the same options.
    """
    handler = Client(**options).handler

    def make() -> Client:
        client = Client(**options)
        client.handler = handler
        return client

    return make


@pytest.fixture
def world(make_user, network, other_network):
    people: dict[str, User] = {
        "champion_assigned": make_user("assigned@example.org", (network, Role.CHAMPION)),
        "champion_unassigned": make_user("unassigned@example.org", (network, Role.CHAMPION)),
        "lead": make_user("lead@example.org", (network, Role.LEAD)),
        "lead_other_network": make_user("lead.other@example.org", (other_network, Role.LEAD)),
        "director": make_user("director@example.org", (network, Role.DIRECTOR)),
        "manager": make_user("manager@example.org", (network, Role.MANAGER)),
        "manager_uninvited": make_user("manager.other@example.org", (network, Role.MANAGER)),
        "insight": make_user("insight@example.org", (network, Role.INSIGHT)),
        "admin": make_user("admin@example.org", (network, Role.ADMIN)),
        "hr": make_user("hr@example.org", (network, Role.HR)),
        "dpo": make_user("dpo@example.org", (network, Role.DPO)),
        "staff": make_user("staff@example.org"),
    }
    case = case_create.create_case(
        case_create.NewConcern(
            network=network,
            narrative="My manager keeps making jokes about my accent.",
            share_with_director=Sharing.NAMED,
        )
    )
    other = case_create.create_case(
        case_create.NewConcern(network=network, narrative="Another story.")
    )
    case_assign.assign_champion(case, people["champion_assigned"], actor=people["lead"])
    case_notes.add_note(case, people["champion_assigned"], "A note", shared_with_raiser=False)
    Application.objects.create(network=network, full_name="Ada Volunteer", email="ada@example.org")
    meeting = Meeting.objects.create(
        case=case,
        starts=timezone.now() - datetime.timedelta(days=1),
        place="Room 2",
        director_attends=True,
    )
    meeting.managers.add(people["manager"])
    ActionItem.objects.create(
        meeting=meeting,
        case=case,
        owner=people["manager"],
        due=timezone.localdate(),
        description=b"",
    )
    Review.objects.create(network=network, starts=timezone.now(), place="Room 4")
    return people, case, other


def enter(client: Client, role: str, people, case, other) -> None:
    """Sign this client in as the role: a receipt session for raisers, two factors for staff."""
    if role == "anonymous":
        return
    if role in ("raiser", "other_raiser"):
        session = client.session
        session[RAISER_CASE] = str(case.code if role == "raiser" else other.code)
        session[RAISER_SINCE] = time.time()
        session.save()
        return
    sign_in(client, people[role])


def url_for(name: str, params: list[str], case, user: User, what: str = "note") -> str:
    kwargs: dict[str, object] = {}
    for param in params:
        if param == "code" and name == "actions:detail":
            kwargs[param] = ActionItem.objects.get().code
        elif param == "meeting":
            kwargs[param] = Meeting.objects.get().code
        elif param == "action":
            kwargs[param] = ActionItem.objects.get().code
        elif param == "code" and name in ("champions:champion", "champions:training"):
            kwargs[param] = User.objects.get(email="assigned@example.org").code
        elif param == "code" and name == "champions:application":
            kwargs[param] = Application.objects.get().code
        elif param == "code" and name == "champions:review":
            kwargs[param] = Review.objects.get().code
        elif param == "code":
            kwargs[param] = case.code
        elif param == "slug":
            kwargs[param] = "what-happened"
        elif param == "note":
            kwargs[param] = case.notes.get().code
        elif param == "what":
            kwargs[param] = what
        elif param == "key":
            kwargs[param] = "by-theme"
        elif param == "kind":
            kwargs[param] = "csv"
        elif param == "language":
            kwargs[param] = "en-gb"
        elif param == "app_label":
            kwargs[param] = "accounts"
        elif param == "content_type_id":
            kwargs[param] = ContentType.objects.get_for_model(User).pk
        elif param == "object_id":
            kwargs[param] = user.pk if "user" in name or name == "admin:view_on_site" else 1
        else:
            raise AssertionError(f"{name}: no value for the URL parameter {param!r}; add one here")
    return reverse(name, kwargs=kwargs)


# The casework forms that /cases/<code>/<what>/ answers: `work` in safespace/cases/views.py.
WORK_FORMS = ("stage", "note", "time", "themes")


def urls_for(name: str, params: list[str], case, user: User) -> list[str]:
    """The addresses to walk for one URL name: one per casework form for cases:work."""
    if name == "cases:work":
        return [url_for(name, params, case, user, what=what) for what in WORK_FORMS]
    return [url_for(name, params, case, user)]


def every_page(
    world, name: str, language: str | None = None
) -> Iterator[tuple[str, HttpResponseBase]]:
    """Each answer this address gives every role of the world: a GET, and each role allowed to
    use it sending the form back empty; with `language`, chosen with the switcher first.
    Yields (what was asked, as whom; the response)."""
    people, case, other = world
    new_client = client_maker()

    def client_as(role: str) -> Client:
        client = new_client()
        if language:
            client.get(f"/language/{language}/")
        enter(client, role, people, case, other)
        return client

    for url in urls_for(name, addresses()[name], case, people["admin"]):
        for role in ROLES:
            response = client_as(role).get(url)
            yield f"{url} as {role}", response
            if name in LEAVING or refusal(name, role, response.status_code) is not None:
                continue
            yield f"{url} as {role}, sent empty", client_as(role).post(url, {})


# Typed into the data protection officer's pages, and the named concern they find.
DP_TYPED = ["Named.", "Ada Example", "Request DP-2026-041", "Nobody"]


def data_protection_pages(
    world, network, language: str | None = None, *, export: bool = False
) -> dict[str, Any]:
    """The officer's pages about a named concern, before and after it is erased, each sent
    empty or wrong as well: the world's concerns are anonymous, which the officer never opens.
    With `export`, the concern's PDF copy too (patch its drawing to read its words)."""
    people, _, _ = world
    named = case_create.create_case(
        case_create.NewConcern(network=network, narrative="Named.", raiser_name="Ada Example")
    )
    client = client_maker()()
    if language:
        client.get(f"/language/{language}/")
    enter(client, "dpo", people, named, named)
    base = f"/data-protection/concerns/{named.code}/"
    reason = {"reason": "Request DP-2026-041"}
    pages = {
        "search": client.get("/data-protection/"),
        "search, sent empty": client.post("/data-protection/", {}),
        "search, too short": client.post("/data-protection/", {"person": "A", "reason": "x"}),
        "found": client.post("/data-protection/", {"person": "Ada Example", **reason}),
        "none found": client.post("/data-protection/", {"person": "Nobody", **reason}),
        "concern": client.get(base),
    }
    if export:
        pages["export"] = client.get(base + "export.pdf")
    pages.update(
        {
            "erase": client.get(base + "erase/"),
            "erase, sent empty": client.post(base + "erase/", {}),
            "erased": client.post(base + "erase/", reason, follow=True),
            "already erased": client.get(base + "erase/"),
        }
    )
    return pages


def refusal(name: str, role: str, status: int) -> str | None:
    """How this role is refused this address (a 404, or where it is sent to sign in), if it is,
    from the status a GET as the role answers (the access matrix holds each one to its table)."""
    action = url_action(name)
    if action is Action.RAISER:
        # Only a receipt sign-in opens the raiser's pages; everyone else goes to /track/.
        return None if role in ("raiser", "other_raiser") else "/track/"
    if name.startswith("admin:"):
        status = staff_only(admin=200)[role]
    if status == 404:
        return "404"
    if status == 302 and action not in (Action.PUBLIC, Action.SIGN_IN):
        return "/accounts/login/"
    return None


# Every row of every table in every database, as text: what someone with a dump would hold.


def _rows(
    connection: BaseDatabaseWrapper,
) -> Iterator[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Each table with its column names and rows, read through the test's own connection."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            yield table, columns, list(cursor.fetchall())


def sql_dump(alias: str, exclude: Collection[str] = ()) -> str:
    """The database as its own backup tool writes it: schema and data, as SQL text.

    SQLite: the `.dump` a backup script takes (blobs as upper-case hex). PostgreSQL: each
    table's COPY, which is what pg_dump writes for the data. Both read through the test's
    connection, so they see rows the test has not committed.
    """
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        skipped = tuple(f'INSERT INTO "{table}"' for table in exclude)
        return "\n".join(
            line for line in connection.connection.iterdump() if not line.startswith(skipped)
        )
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in exclude:
                continue
            name = connection.ops.quote_name(table)
            parts.append(f"COPY {name} FROM stdin;")
            with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:
                parts.extend(bytes(block).decode("utf-8") for block in copy)
    return "\n".join(parts)


def as_text(value: Any) -> list[str]:
    """A value as a dump shows it; bytes both as characters and as hex."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return [value.decode("latin-1"), value.hex()]
    return [str(value)]


def dump_all_databases(exclude: Collection[str] = ()) -> str:
    """Every row, read as values and as each database's own SQL dump, of every table but these."""
    parts: list[str] = []
    for alias in connections:
        for table, _, rows in _rows(connections[alias]):
            if table not in exclude:
                parts.extend(text for row in rows for value in row for text in as_text(value))
        parts.append(sql_dump(alias, exclude))
    return "\n".join(parts)


class DatabaseCopy:
    """A copy of one database taken now, read as a thief holding the backup would read it."""

    def __init__(self, alias: str, directory: Path) -> None:
        connection = connections[alias]
        self.vendor = connection.vendor
        self.path: Path | None = None
        self._tables: dict[str, list[dict[str, Any]]] = {}
        if self.vendor == "sqlite":
            # A backup file restored from the SQL dump. (The backup API would wait forever on
            # the in-memory test database, which the test's own transaction holds open.)
            self.path = directory / f"{alias}-copy.sqlite3"
            with sqlite3.connect(self.path) as copy:
                copy.executescript(sql_dump(alias))
            copy.close()
        else:
            # PostgreSQL's test database cannot be copied whole from inside the test's
            # transaction, so every row of every table is copied out into memory instead.
            for table, columns, rows in _rows(connection):
                self._tables[table] = [dict(zip(columns, row, strict=True)) for row in rows]

    def rows(self, table: str) -> list[dict[str, Any]]:
        if self.path is None:
            return self._tables[table]
        with sqlite3.connect(self.path) as copy:
            copy.row_factory = sqlite3.Row
            found = [dict(row) for row in copy.execute(f'SELECT * FROM "{table}"')]  # noqa: S608
        copy.close()
        return found


def api_call(method: str, path: str, token: str | None = None, body: object = None) -> Any:
    """One call to the API (/api/v1/), with this bearer token and this body as JSON, if any."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    send = getattr(Client(), method.lower())
    if body is None:
        return send(path, headers=headers)
    return send(path, body, content_type="application/json", headers=headers)
