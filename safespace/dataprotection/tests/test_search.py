"""The data protection officer finds the concerns a person raised under their name."""

from __future__ import annotations

import pytest

from safespace.accounts.models import Role
from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from safespace.cases.services import create, shred
from safespace.concerns.access import access_list
from safespace.dataprotection.models import Search
from safespace.dataprotection.services import query_hash
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

REASON = "Subject access request DP-2026-041"


def search(client, person: str, reason: str = REASON) -> str:
    return client.post("/data-protection/", {"person": person, "reason": reason}).content.decode()


@pytest.mark.parametrize(
    "person", ["Ada Example", "ada example", "  ADA   EXAMPLE ", "ADA.EXAMPLE@council.example"]
)
def test_it_finds_a_named_concern_by_name_or_email_whatever_the_case(
    client, officer, named, anonymous, person: str
) -> None:
    body = search(sign_in(client, officer), person)
    assert "1 concern found" in body
    assert f'href="/data-protection/concerns/{named.code}/"' in body
    assert str(anonymous.code) not in body


def test_it_finds_a_concern_raised_while_signed_in_by_the_accounts_email(
    client, officer, make_user, network
) -> None:
    raiser = make_user("kofi.mensah@example.org")
    case = create.create_case(create.NewConcern(network=network, narrative="x", raiser=raiser))
    body = search(sign_in(client, officer), "Kofi.Mensah@example.org")
    assert case.reference in body
    assert "Raised while signed in as kofi.mensah@example.org" in body


def test_it_never_finds_an_anonymous_concern(client, officer, anonymous) -> None:
    body = search(sign_in(client, officer), "Ada Example")
    assert "No concerns found for “Ada Example”" in body
    assert anonymous.reference not in body
    assert "raised it anonymously" in body


def test_it_finds_nothing_of_another_network(client, officer, make_user, other_network) -> None:
    theirs = create.create_case(
        create.NewConcern(network=other_network, narrative="x", raiser_name="Ada Example")
    )
    assert theirs.reference not in search(sign_in(client, officer), "Ada Example")


def test_it_does_not_find_a_shredded_concern(client, officer, named) -> None:
    shred.shred_case(named, None)
    assert "No concerns found" in search(sign_in(client, officer), "Ada Example")


def test_a_search_is_recorded_with_its_reason_and_no_name(client, officer, named) -> None:
    search(sign_in(client, officer), "Ada Example")
    done = Search.objects.get()
    assert done.officer == officer and done.reason == REASON and done.found == 1
    assert done.query_hash == query_hash("ada example")
    assert "Ada" not in done.query_hash
    event = AuditEvent.objects.get(action=AuditAction.PERSON_SEARCH)
    assert (event.actor_code, event.actor_role) == (str(officer.code), "dpo")
    assert (event.object_type, event.object_code) == ("search", str(done.code))
    # The match is on its raiser's list of who opened their concern.
    found = AuditEvent.objects.get(action=AuditAction.CASE_FOUND_READ)
    assert (found.object_code, found.actor_role) == (str(named.code), "dpo")
    assert any(who == "The data protection officer" for who, _, _ in access_list(named))


def test_a_search_needs_a_reason_and_a_name(client, officer, named) -> None:
    body = search(sign_in(client, officer), "", reason="because")
    assert "There is a problem" in body
    assert "Enter the person&#x27;s full name or work email address" in body
    assert "Enter a reason of at least 10 characters" in body
    assert 'href="#id_reason"' in body
    assert not Search.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.PERSON_SEARCH).exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.CHAMPION, Role.DIRECTOR])
def test_nobody_else_may_search(client, make_user, network, named, role: Role) -> None:
    other = make_user(f"someone.{role}@example.org", (network, role))
    response = sign_in(client, other).post(
        "/data-protection/", {"person": "Ada Example", "reason": REASON}
    )
    assert response.status_code == 404
    assert not Search.objects.exists()


def test_the_officers_home_page_links_to_the_search(client, officer) -> None:
    body = sign_in(client, officer).get("/accounts/").content.decode()
    assert 'href="/data-protection/"' in body
