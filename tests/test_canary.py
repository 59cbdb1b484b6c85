"""A unique phrase typed into a concern must appear in no table, no log line and no address."""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

import pytest
from django.test import Client

from safespace.accounts.models import Directorate, Role
from safespace.cases.models import Case
from safespace.cases.services import assign, create
from safespace.cases.services import hold as case_hold
from safespace.directory.models import StaffMember
from safespace.policy import RAISER_CASE, RAISER_SINCE
from tests.helpers import ANSWERS, dump_all_databases, receipt_from, sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def test_a_concern_raised_through_the_form_leaves_no_trace(
    client, make_user, network, caplog
) -> None:
    from django.test import Client

    canary = "canary-" + secrets.token_hex(8)
    caplog.set_level(logging.DEBUG)
    requested: list[str] = []

    def visit(browser: Client, method: str, path: str, data: Any = None) -> str:
        response = getattr(browser, method)(path, data or {})
        requested.append(path)
        requested.append(response.get("Location", ""))
        return response.content.decode()

    answers = {**ANSWERS, "what-happened": {"narrative": f"It started when {canary} was said."}}
    for slug, data in answers.items():
        visit(client, "post", f"/raise/{slug}/", data)
    visit(client, "post", "/raise/check-your-answers/")
    receipt = receipt_from(visit(client, "get", "/raise/confirmation/"))
    returning = Client()
    visit(
        returning, "post", "/track/", {"receipt": receipt, "passphrase": "violet harbour trellis"}
    )
    assert canary in visit(returning, "get", "/track/concern/")
    lead = make_user("lead@example.org", (network, Role.LEAD))
    staff = sign_in(Client(), lead)
    case_path = f"/cases/{Case.objects.get().code}/"
    assert canary in visit(staff, "get", case_path)

    dump = dump_all_databases()
    assert Case.objects.get().reference in dump
    assert canary not in dump
    assert canary.encode().hex() not in dump.lower()
    assert canary not in caplog.text
    assert all(canary not in path for path in requested)


def test_a_concern_leaves_no_trace_of_its_words(client, make_user, network, caplog) -> None:
    canary = "canary-" + secrets.token_hex(8)
    contact = "canary-phone-" + secrets.token_hex(4)
    caplog.set_level(logging.DEBUG)
    lead = make_user("lead@example.org", (network, Role.LEAD))
    case = create.create_case(
        create.NewConcern(
            network=network,
            narrative=f"My team lead said {canary} in a meeting.",
            contact_details=contact,
        )
    )
    sign_in(client, lead)
    requested = ["/cases/", f"/cases/{case.code}/"]
    pages = [client.get(path) for path in requested]
    assert canary in pages[1].content.decode(), "the lead must be able to read it"

    dump = dump_all_databases()
    assert case.reference in dump, "the dump must really hold the case"
    assert canary not in dump
    assert canary.encode().hex() not in dump.lower()
    assert contact not in dump
    assert canary not in caplog.text
    assert not any(canary in path for path in requested)
    assert all(canary not in response.get("Location", "") for response in pages)


SEALED = [
    "narrative",
    "contact",
    "name",
    "preferences",
    "override",
    "decline",
    "raiser-message",
    "champion-message",
    "note",
    "edited-note",
]


def test_no_sealed_field_of_a_case_leaves_a_trace(
    make_user, network, caplog, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Each sealed field gets its own phrase; none may reach a table, a log, an email or an address."""
    canary = {field: f"canary-{field}-{secrets.token_hex(8)}" for field in [*SEALED, "person"]}
    caplog.set_level(logging.DEBUG)
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    stand_in = make_user("stand.in@example.org", (network, Role.CHAMPION))
    requested: list[str] = []

    def visit(browser: Client, path: str, data: dict[str, str] | None = None) -> str:
        response = browser.post(path, data) if data is not None else browser.get(path)
        assert response.status_code in (200, 302), path
        requested.extend([path, response.get("Location", "")])
        return response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        case = create.create_case(
            create.NewConcern(
                network=network,
                narrative=f"It was {canary['narrative']}.",
                contact_details=canary["contact"],
                raiser_name=canary["name"],
                preferences=f"Someone who knows {canary['preferences']}",
            )
        )
        # The directory holds the person's name in the open; nothing about the case may.
        person = StaffMember.objects.create(
            employee_number="E42",
            full_name=f"Pat {canary['person']}",
            email="pat@example.org",
            directorate=Directorate.objects.create(name="Place"),
        )
        case_hold.set_people_named(case, [person.pk], lead)
        assign.assign_champion(case, champion, actor=lead, override_reason=canary["override"])
        assign.assign_champion(case, stand_in, actor=lead)
        assign.decline(case, stand_in, canary["decline"])

        raiser = Client()
        session = raiser.session
        session[RAISER_CASE], session[RAISER_SINCE] = str(case.code), time.time()
        session.save()
        staff = sign_in(Client(), champion)
        page = f"/cases/{case.code}/"
        visit(raiser, "/track/concern/message/", {"body": canary["raiser-message"]})
        visit(staff, f"{page}message/", {"body": canary["champion-message"]})
        visit(staff, f"{page}note/", {"body": canary["note"], "shared_with_raiser": "yes"})
        note = Case.objects.get(pk=case.pk).notes.get()
        visit(
            staff,
            f"{page}notes/{note.code}/",
            {"body": canary["edited-note"], "shared_with_raiser": "yes"},
        )

    # Each phrase really was stored and opens for its rightful reader.
    lead_client = sign_in(Client(), lead)
    shown = visit(lead_client, page) + visit(lead_client, f"{page}people/")
    assert [field for field in canary if canary[field] not in shown] == []
    own_page = visit(raiser, "/track/concern/")
    for field in ["narrative", "raiser-message", "champion-message", "edited-note"]:
        assert canary[field] in own_page, field

    assert canary["person"] in dump_all_databases(), "the directory must really hold the name"
    dump = dump_all_databases(exclude={"directory_staffmember"})
    assert case.reference in dump, "the dump must really hold the case"
    sent = [f"{m.subject}\n{m.body}" for m in mailoutbox]
    assert sent, "the champions and the lead were told there was something to see"
    places = {
        "the dump": dump,
        "the log": caplog.text,
        "an address": "\n".join(requested),
        "an email": "\n".join(sent),
    }
    leaks = [
        f"{field} in {where}"
        for field, phrase in canary.items()
        for where, text in places.items()
        if phrase in text
    ]
    leaks += [
        f"{field} in the dump, as hex"
        for field in canary
        if canary[field].encode().hex() in dump.lower()
    ]
    assert leaks == []


def test_public_pages_store_no_address_or_browser_of_the_visitor(
    client, make_user, network, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    address, agent = "203.0.113.77", "CanaryBrowser/9.9"
    headers = {"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent, "HTTP_X_FORWARDED_FOR": address}
    for path in [
        "/",
        "/privacy/",
        "/accessibility/",
        "/healthz",
        "/accounts/login/",
        "/raise/",
        "/track/",
    ]:
        client.get(path, **headers)
    client.post("/raise/what-happened/", {"narrative": "x"}, **headers)
    client.post(
        "/track/", {"receipt": "0000-0000-0000-0000", "passphrase": "guess guess"}, **headers
    )
    # A failed staff sign-in from the same address feeds the lockout counter, under a hashed key.
    client.post("/accounts/login/", {"email": "x@example.org", "password": "y" * 12}, **headers)
    dump = dump_all_databases()
    assert address not in dump
    assert agent not in dump
    assert address not in caplog.text
