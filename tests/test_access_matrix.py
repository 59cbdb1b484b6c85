"""Every address, as every role: the answer each must get, written out by hand.

An address the policy does not name, or that this table does not cover, fails the test, so a
new page cannot ship without someone deciding who may see it.
"""

from __future__ import annotations

import re
from itertools import product

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from safespace.cases.services import create
from safespace.policy import url_action
from tests.helpers import (
    ROLES,
    SIGNED_IN,
    SIGNED_OUT,
    WORK_FORMS,
    addresses,
    answers,
    client_maker,
    enter,
    raiser_only,
    refusal,
    sign_in,
    staff_only,
    url_for,
    urls_for,
)
from tests.helpers import world as world

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


EXPECTED: dict[str, dict[str, int]] = {
    "public:home": answers(200),
    "public:privacy": answers(200),
    "public:accessibility": answers(200),
    "public:healthz": answers(200),
    # The language switcher remembers the choice and goes back to the page it was on.
    "public:language": answers(302),
    "bench:ok": answers(200),
    "concerns:start": answers(200),
    # The world has two networks: a question sends whoever has not chosen one to the choice.
    "concerns:step": answers(302),
    # With nothing answered yet, these send everyone back to the first question or the start.
    "concerns:check": answers(302),
    "concerns:confirmation": answers(302),
    "concerns:track": answers(200),
    "concerns:leave": answers(405),
    "concerns:forget": answers(405),
    # "Exit this page" ends whatever session there is and leaves for the neutral site.
    "concerns:exit": answers(302),
    # No address names a concern: each raiser reaches only the one their receipt opened.
    "concerns:case": raiser_only(),
    "concerns:download": raiser_only(),
    "concerns:download_pdf": raiser_only(),
    "concerns:erase": raiser_only(),
    "concerns:withdraw": raiser_only(),
    # A concern that is not held says so; only a held one can be released (safespace/cases).
    "concerns:release": raiser_only(),
    "concerns:message": answers(405),
    "concerns:sharing": answers(405),
    # Which meeting or action comes in the query; with none given there is nothing to show.
    "concerns:minutes": answers(302, raiser=404, other_raiser=404),
    "concerns:dispute": answers(302, raiser=404, other_raiser=404),
    "accounts:login": answers(200),
    # Everyone signed in here has passed two-factor already, so the step shows its form.
    "accounts:two_factor": answers(200, **SIGNED_OUT),
    "accounts:two_factor_setup": answers(302),
    "accounts:two_factor_email": answers(302),
    "accounts:sign_out": answers(405),
    # Sign-in with an OpenID provider: the suite's installation has none, so none answers.
    "accounts:oidc_start": answers(404),
    "accounts:oidc_callback": answers(404),
    "accounts:oidc_signed_out": answers(404),
    "staff:home": answers(200, **SIGNED_OUT),
    # A button's target (POST only); it opens only a concern the person raised under their name.
    "staff:open_concern": answers(405, **SIGNED_OUT),
    "cases:list": staff_only(
        champion_assigned=200,
        champion_unassigned=200,
        lead=200,
        lead_other_network=200,
        director=200,
    ),
    "cases:detail": staff_only(champion_assigned=200, lead=200, director=200),
    "cases:message": staff_only(champion_assigned=200, lead=200),
    # POST only: whoever could hold the right gets 405 to a GET, before any case is looked up.
    # Those working a case acknowledge what needs attention on it; the Director only sees it.
    "cases:acknowledge": staff_only(
        champion_assigned=405, champion_unassigned=405, lead=405, lead_other_network=405
    ),
    "cases:triage": staff_only(lead=200, lead_other_network=200),
    "cases:assign": staff_only(lead=200),
    "cases:people": staff_only(lead=200),
    "cases:decline": staff_only(champion_assigned=200),
    "cases:work": staff_only(champion_assigned=200, lead=200),
    "cases:edit_note": staff_only(champion_assigned=200, lead=200),
    "concerns:record": staff_only(
        champion_assigned=200, champion_unassigned=200, lead=200, lead_other_network=200
    ),
    # With no receipt waiting it says the receipt was shown once already.
    "concerns:recorded": staff_only(
        champion_assigned=200, champion_unassigned=200, lead=200, lead_other_network=200
    ),
    "actions:list": staff_only(manager=200, manager_uninvited=200),
    # The world's one action is owned by the manager; only its owner may update it.
    "actions:detail": staff_only(manager=200),
    # The world's meeting invites the manager and the Director; a senior manager it does not
    # invite is refused like everyone else, and champions read it on the case instead.
    "actions:meeting": staff_only(manager=200, director=200),
    # The world's case has just been assigned: too soon to close (its champions are told why),
    # and not closed to reopen.
    # (Who may close a case that can be closed: safespace/aftercare/tests.)
    "aftercare:close": staff_only(champion_assigned=200, lead=200),
    "aftercare:reopen": staff_only(),
    # Nothing to answer yet: each raiser is sent back to their own concern.
    "aftercare:feedback": answers(302),
    "aftercare:check_in": answers(302),
    # What reaches the end of its retention period: each lead sees their own network's. The
    # case here is open, so there is nothing to keep: no role finds the page.
    "aftercare:retention": staff_only(lead=200, lead_other_network=200),
    "aftercare:retention_keep": staff_only(),
    "meetings:new": staff_only(champion_assigned=200, lead=200),
    "meetings:detail": staff_only(champion_assigned=200, lead=200, director=200),
    "meetings:change": staff_only(champion_assigned=200, lead=200),
    "meetings:cancel": staff_only(champion_assigned=200, lead=200),
    "meetings:minutes": staff_only(champion_assigned=200, lead=200),
    "meetings:action_new": staff_only(champion_assigned=200, lead=200),
    # POST only: whoever could hold the right gets 405 to a GET, before any case is looked up.
    "meetings:confirm": staff_only(
        champion_assigned=405, champion_unassigned=405, lead=405, lead_other_network=405
    ),
    "insights:home": staff_only(lead=200, lead_other_network=200, director=200, insight=200),
    # One table of the dashboard as a file, for the same people, under the same control.
    "insights:export": staff_only(lead=200, lead_other_network=200, director=200, insight=200),
    # The evaluation report and the quarterly return: each viewer's own networks, controlled.
    "insights:report": staff_only(lead=200, lead_other_network=200, director=200, insight=200),
    "insights:report_pdf": staff_only(lead=200, lead_other_network=200, director=200, insight=200),
    "insights:ftsu": staff_only(lead=200, lead_other_network=200, director=200, insight=200),
    "insights:ftsu_csv": staff_only(lead=200, lead_other_network=200, director=200, insight=200),
    "insights:ftsu_xlsx": staff_only(lead=200, lead_other_network=200, director=200, insight=200),
    # Only a lead writes the report's learning, for the network they lead.
    "insights:report_write": staff_only(lead=200, lead_other_network=200),
    "insights:accountability": staff_only(director=200, lead=200, lead_other_network=200),
    # The pool pages show the lead's own network, so a lead of another network sees theirs.
    "champions:pool": staff_only(lead=200, lead_other_network=200),
    "champions:coverage": staff_only(lead=200, lead_other_network=200),
    "champions:workload": staff_only(lead=200, lead_other_network=200),
    "champions:publish_terms": staff_only(lead=200, lead_other_network=200),
    "champions:pipeline": staff_only(lead=200, lead_other_network=200),
    "champions:reviews": staff_only(lead=200, lead_other_network=200),
    # One champion, application or review of this network: its own lead only.
    "champions:champion": staff_only(lead=200),
    "champions:training": staff_only(lead=200),
    "champions:application": staff_only(lead=200),
    "champions:review": staff_only(lead=200),
    "champions:terms": staff_only(champion_assigned=200, champion_unassigned=200),
    "champions:wellbeing": staff_only(champion_assigned=200, champion_unassigned=200),
    "champions:apply": answers(200),
    "champions:applied": answers(200),
    "directory:import": staff_only(admin=200),
    # HR sends events in and sees nothing else; nobody else may send them.
    "tripwire:import": staff_only(hr=200),
    # POST only, with a bearer token the view checks itself (401 without one).
    "tripwire:api": answers(405),
    # The API's description is for anyone; each operation wants a token, whoever is signed in
    # (a session counts for nothing there), and one that only takes a body refuses a GET.
    "api:api-root": answers(200),
    "api:openapi-json": answers(200),
    "api:networks": answers(401),
    "api:insights": answers(401),
    "api:hr_events": answers(405),
    "api:directory": answers(405),
    "api:directory_changes": answers(405),
    # POST only: the raiser stops the watch for an HR process on their own concern.
    "tripwire:stop_watching": answers(405),
    # Only the data protection officer searches for a person. The world's concerns are
    # anonymous, which the officer never opens (their raiser answers for them with the receipt):
    # a named one is safespace/dataprotection/tests' to open.
    "dataprotection:search": staff_only(dpo=200),
    "dataprotection:concern": staff_only(),
    "dataprotection:export": staff_only(),
    "dataprotection:export_pdf": staff_only(),
    "dataprotection:erase": staff_only(),
    # Nothing has been erased in the world, so there is no erasure to confirm.
    "dataprotection:erased": staff_only(),
}
# The configuration site: only the administrator. Pages that are not plain reads answer
# otherwise for them (a redirect, a refusal to add a device), but never a server error.
ADMIN_PAGES_THAT_RENDER = {
    "admin:index",
    "admin:app_list",
    "admin:accounts_user_changelist",
    "admin:accounts_user_change",
    "admin:accounts_network_changelist",
    "admin:accounts_directorate_changelist",
    "admin:accounts_theme_changelist",
    "admin:otp_totp_totpdevice_changelist",
}


ADDRESSES = addresses()


def expected_for(name: str) -> dict[str, int]:
    """The answer each role must get at this address: its row, or the configuration site's."""
    if name.startswith("admin:"):
        return staff_only(admin=200)
    assert name in EXPECTED, f"{name} has no row in EXPECTED: decide who may see it"
    return EXPECTED[name]


def test_every_address_is_named_in_the_policy() -> None:
    missing = [name for name in ADDRESSES if url_action(name) is None]
    assert missing == []


def test_every_row_of_the_table_is_an_address() -> None:
    assert set(EXPECTED) <= set(ADDRESSES), "EXPECTED names an address that no longer exists"


@pytest.mark.parametrize("name", ADDRESSES)
def test_every_address_answers_every_role_as_expected(world, name: str) -> None:
    people, case, other = world
    expected = expected_for(name)
    new_client = client_maker()
    failures = []
    for url, role in product(urls_for(name, ADDRESSES[name], case, people["admin"]), ROLES):
        client = new_client()
        enter(client, role, people, case, other)
        status = client.get(url).status_code
        want = expected[role]
        if name.startswith("admin:") and role == "admin" and name not in ADMIN_PAGES_THAT_RENDER:
            ok = (status < 500 and status != 404) or name == "admin:view_on_site"
        else:
            ok = status == want
        if not ok:
            failures.append(f"{name} ({url}) as {role}: {status}, expected {want}")
    assert failures == [], "\n".join(failures)


# Everything a refused post could change: the cases, their meetings and actions, the audit
# trail and the key store.
CASE_CONTENT_APPS = ("cases", "actions", "audit", "keystore")


def case_content() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table that holds case content, to compare before and after."""
    state = {}
    for label in CASE_CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            rows = model._default_manager.order_by("pk").values_list()
            state[model._meta.db_table] = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows
            ]
    return state


@pytest.mark.parametrize("name", ADDRESSES)
def test_every_address_refuses_a_post_as_it_refuses_a_get(world, name: str) -> None:
    """An empty form posted by a refused role is refused the same way, and changes nothing."""
    people, case, other = world
    expected = expected_for(name)
    # Like any test client it skips the CSRF check; a server error is a status here.
    new_client = client_maker(raise_request_exception=False)
    failures = []
    before = case_content()
    answers: dict[str, list[int]] = {"refused": [], "allowed": []}
    for url, role in product(urls_for(name, ADDRESSES[name], case, people["admin"]), ROLES):
        client = new_client()
        enter(client, role, people, case, other)
        response = client.post(url, {})
        status, location = response.status_code, response.get("Location", "")
        refused = refusal(name, role, expected[role])
        answers["allowed" if refused is None else "refused"].append(status)
        if status >= 500:
            failures.append(f"{url} as {role}: {status}")
        if refused is None:
            before = case_content()  # a post they may make may change things
            continue
        if status == 405:
            ok = True  # checked below: the address must refuse every post alike
        elif refused == "404":
            ok = status == 404
        else:
            ok = status == 302 and location.startswith(refused)
        if not ok:
            failures.append(f"{url} as {role}: {status} {location}, expected {refused}")
        if case_content() != before:
            failures.append(f"{url} as {role}: a refused post changed case content")
            before = case_content()
    # "Method not allowed" says nothing about the case only if everyone is told it.
    if 405 in answers["refused"] and set(answers["allowed"]) - {405}:
        failures.append(f"{name}: 405 to refused roles but {answers['allowed']} to others")
    assert failures == [], "\n".join(failures)


def test_an_address_for_a_casework_form_the_view_does_not_have_is_not_found(world, client) -> None:
    people, case, _ = world
    sign_in(client, people["champion_assigned"])
    for what in WORK_FORMS:
        assert client.get(f"/cases/{case.code}/{what}/").status_code == 200, what
    assert client.get(f"/cases/{case.code}/nonsense/").status_code == 404


def test_a_director_cannot_read_a_case_the_raiser_did_not_share(world, client, network) -> None:
    people, _, _ = world
    private = create.create_case(create.NewConcern(network=network, narrative="not shared"))
    sign_in(client, people["director"])
    assert client.get(f"/cases/{private.code}/").status_code == 404
    assert private.reference not in client.get("/cases/").content.decode()


def test_a_refusal_looks_exactly_like_a_case_that_does_not_exist(world, client) -> None:
    people, case, _ = world
    sign_in(client, people["champion_unassigned"])
    refused = client.get(f"/cases/{case.code}/")
    missing = client.get("/cases/00000000-0000-4000-8000-000000000000/")
    assert refused.status_code == missing.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", refused.content) == token.sub(b"", missing.content)


def test_the_administrator_reads_no_case_content_by_any_route(world, client) -> None:
    people, case, _ = world
    sign_in(client, people["admin"])
    for name, params in ADDRESSES.items():
        if name in {"accounts:sign_out", "admin:logout", "concerns:leave", "concerns:exit"}:
            continue
        response = client.get(url_for(name, params, case, people["admin"]), follow=True)
        assert b"jokes about my accent" not in response.content, name


def test_a_raiser_reads_only_the_concern_their_receipt_opened(world) -> None:
    people, case, other = world
    client = Client()
    enter(client, "other_raiser", people, case, other)
    body = client.get("/track/concern/").content.decode()
    assert "Another story." in body
    assert "jokes about my accent" not in body


# Who may learn of an HR process noticed since the raiser spoke up (policy READ_HR_ALERTS):
# beside HR's own records its kind and date name the raiser, so only they, their champion and
# the lead; a role not listed here must never meet a word of it, on any page.
SEES_HR_ALERTS = {"raiser", "champion_assigned", "lead"}
HR_ALERT_WORDS = ("disciplinary process started on", "hr process noticed", "hr processes since")


@pytest.mark.parametrize("role", SIGNED_IN)
def test_an_hr_alert_reaches_only_those_who_may_know_who_spoke_up(world, role: str) -> None:
    from safespace.tripwire.models import EventKind, HREvent
    from safespace.tripwire.services import raise_alert

    people, case, other = world
    event = HREvent.objects.create(
        key="k" * 64, kind=EventKind.DISCIPLINARY, date=timezone.localdate(), batch=case.code
    )
    assert raise_alert(case, event) is not None
    own_page = {
        "raiser": "/track/concern/",
        "champion_assigned": f"/cases/{case.code}/",
        "lead": f"/cases/{case.code}/",
    }
    client = Client()
    enter(client, role, people, case, other)
    if role in SEES_HR_ALERTS:
        page = client.get(own_page[role]).content.decode()
        assert "disciplinary process started on" in page.lower(), role
        return
    for name, params in ADDRESSES.items():
        if name in {"accounts:sign_out", "admin:logout", "concerns:leave", "concerns:exit"}:
            continue
        for url in urls_for(name, params, case, people.get(role, people["staff"])):
            body = client.get(url).content.decode(errors="replace").lower()
            for words in HR_ALERT_WORDS:
                assert words not in body, (role, url, words)
