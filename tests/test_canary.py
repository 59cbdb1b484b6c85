"""A unique phrase typed into a concern must appear in no table, no log line and no address."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import pytest

from conftest import sign_in
from safespace.accounts.models import Role
from safespace.cases import services
from safespace.cases.models import Case
from tests.dump import dump_all_databases

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def test_a_concern_raised_through_the_form_leaves_no_trace(
    client, make_user, network, caplog
) -> None:
    from django.test import Client

    from safespace.concerns.tests.test_raise import ANSWERS, receipt_from

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
    assert canary.encode().hex() not in dump
    assert canary not in caplog.text
    assert all(canary not in path for path in requested)


def test_a_concern_leaves_no_trace_of_its_words(client, make_user, network, caplog) -> None:
    canary = "canary-" + secrets.token_hex(8)
    contact = "canary-phone-" + secrets.token_hex(4)
    caplog.set_level(logging.DEBUG)
    lead = make_user("lead@example.org", (network, Role.LEAD))
    case = services.create_case(
        services.NewConcern(
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
    assert canary.encode().hex() not in dump
    assert contact not in dump
    assert canary not in caplog.text
    assert not any(canary in path for path in requested)
    assert all(canary not in response.get("Location", "") for response in pages)


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
