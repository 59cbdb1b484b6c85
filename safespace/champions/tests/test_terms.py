"""Terms of Reference: a champion must accept the version in force before taking a case."""

from __future__ import annotations

import pytest
from django.core import mail

from safespace.accounts.models import Role
from safespace.cases import assignment
from safespace.cases.models import Case
from safespace.cases.services import create
from safespace.champions import services
from safespace.champions.models import TermsOfReference
from tests.helpers import sign_in


@pytest.fixture
def people(make_user, network):
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    return lead, champion


def test_publishing_terms_asks_every_champion_and_blocks_new_cases(
    client, people, network, django_capture_on_commit_callbacks
):
    lead, champion = people
    sign_in(client, lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/champions/terms/new/", {"body": "Version one of the terms."})
    terms = TermsOfReference.objects.get(network=network)
    assert terms.version == 1
    assert [m.to for m in mail.outbox] == [["champion@example.org"]]
    assert "terms" not in mail.outbox[0].subject.lower()
    (candidate,) = assignment.candidates_in_id(network.pk)
    assert not candidate.accepted_terms
    case = create.create_case(create.NewConcern(network=network, narrative="story"))
    assert assignment.suggest([candidate], assignment.needs_of(case), terms.published.date()) == []
    body = client.post(
        f"/cases/{case.code}/assign/", {"champion": champion.pk, "override_reason": "trust"}
    ).content.decode()
    assert "has not accepted the current Terms of Reference" in body
    assert not Case.objects.get(pk=case.pk).assignments.exists()


def test_a_champion_accepts_and_a_new_version_asks_again(client, people, network):
    lead, champion = people
    first = services.publish_terms(network, "One.", lead)
    sign_in(client, champion)
    body = client.post("/champions/terms/", {"terms": str(first.code)}).content.decode()
    assert "Confirm that you have read and accept the terms" in body
    client.post("/champions/terms/", {"terms": str(first.code), "confirm": "on"})
    assert assignment.candidates_in_id(network.pk)[0].accepted_terms
    services.publish_terms(network, "Two.", lead)
    assert not assignment.candidates_in_id(network.pk)[0].accepted_terms
    assert "You need to accept this version" in client.get("/champions/terms/").content.decode()


def test_a_champion_cannot_accept_another_networks_terms(client, people, other_network, make_user):
    _, champion = people
    other_lead = make_user("other@example.org", (other_network, Role.LEAD))
    foreign = services.publish_terms(other_network, "Theirs.", other_lead)
    sign_in(client, champion)
    response = client.post("/champions/terms/", {"terms": str(foreign.code), "confirm": "on"})
    assert response.status_code == 404
    assert not foreign.acceptances.exists()
