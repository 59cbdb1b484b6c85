"""Two networks on one installation: a concern of one is never shown, counted, suggested or
emailed to anyone in the other, even someone who holds roles in both for their own network."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import Role, User
from safespace.cases.assignment import candidates_in_id
from safespace.cases.models import Case, Sharing
from safespace.cases.services import assign, create
from safespace.champions.services import agenda_lines, pool
from safespace.insights import figures, report
from safespace.policy import Action, can, cases_where
from tests.helpers import sign_in


@pytest.fixture
def apart(make_user, network, other_network, django_capture_on_commit_callbacks):
    people = {
        "race_lead": make_user("race-lead@example.org", (network, Role.LEAD)),
        "race_champion": make_user("race-champion@example.org", (network, Role.CHAMPION)),
        "womens_lead": make_user("womens-lead@example.org", (other_network, Role.LEAD)),
        "womens_champion": make_user("womens-champion@example.org", (other_network, Role.CHAMPION)),
        # One Director of Wellbeing for both networks.
        "director": make_user(
            "director@example.org", (network, Role.DIRECTOR), (other_network, Role.DIRECTOR)
        ),
    }
    cases = {}
    with django_capture_on_commit_callbacks(execute=True):
        for key, where in (("race", network), ("womens", other_network)):
            cases[key] = create.create_case(
                create.NewConcern(
                    network=where,
                    narrative=f"A {key} concern.",
                    share_with_director=Sharing.NAMED,
                )
            )
    return people, cases


def test_each_concern_is_emailed_only_to_its_own_networks_lead(apart) -> None:
    people, _cases = apart
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted([people["race_lead"].email, people["womens_lead"].email])
    assert len(mail.outbox) == 2


def test_each_lead_lists_and_reads_only_their_own_networks_concerns(apart) -> None:
    people, cases = apart
    for lead, own, other in (("race_lead", "race", "womens"), ("womens_lead", "womens", "race")):
        user: User = people[lead]
        # As if signed in with both factors.
        user.is_verified = lambda: True
        assert list(Case.objects.filter(cases_where(user, Action.READ_CASE))) == [cases[own]]
        assert not can(user, Action.READ_CASE, cases[other])
        client = sign_in(Client(), user)
        for path in ("/cases/", "/cases/triage/"):
            body = client.get(path).content.decode()
            assert cases[own].reference in body and cases[other].reference not in body, path
        assert client.get(f"/cases/{cases[other].code}/").status_code in (403, 404)


def test_someone_in_both_networks_sees_each_concern_as_its_own_network_allows(apart) -> None:
    people, cases = apart
    people["director"].is_verified = lambda: True
    both = set(Case.objects.filter(cases_where(people["director"], Action.READ_CASE)))
    assert both == {cases["race"], cases["womens"]}
    body = sign_in(Client(), people["director"]).get("/cases/").content.decode()
    assert cases["race"].reference in body and cases["womens"].reference in body


def test_only_a_networks_own_champions_are_suggested_or_can_be_given_its_concerns(
    apart, network, other_network
) -> None:
    people, cases = apart
    suggested = {c.user_id for c in candidates_in_id(network.pk)}
    assert people["womens_champion"].pk not in suggested
    assert people["race_champion"].pk in suggested
    with pytest.raises(ValueError, match="not a champion of the network"):
        assign.assign_champion(cases["race"], people["womens_champion"], actor=people["race_lead"])
    assert not cases["race"].assignments.exists()


def test_the_review_agenda_pool_and_figures_count_only_their_own_network(
    apart, network, other_network
) -> None:
    _people, cases = apart
    assert [line["reference"] for line in agenda_lines(network)] == [cases["race"].reference]
    # The pool has champions and leads of its own network (the lead takes cases too, when a
    # champion), and nobody from the other.
    assert {row.champion.email for row in pool(network)} <= {
        "race-lead@example.org",
        "race-champion@example.org",
    }
    assert "race-champion@example.org" in {row.champion.email for row in pool(network)}
    assert "womens-champion@example.org" not in {row.champion.email for row in pool(network)}
    today = timezone.localdate()
    scope = figures.Scope((network,), today - datetime.timedelta(days=30), today)
    assert figures.by_month(scope).total == 1
    built = report.build(network, scope.start, scope.end, exact=True)
    assert built.by_month.column_totals[-1].value == 1
    assert Case.objects.filter(network=other_network).count() == 1


def test_a_network_keeps_its_own_disclosure_threshold(apart, network, other_network) -> None:
    network.disclosure_threshold = 3
    network.save()
    other_network.disclosure_threshold = 10
    other_network.save()
    today = timezone.localdate()
    race = figures.Scope((network,), today - datetime.timedelta(days=30), today)
    womens = figures.Scope((other_network,), today - datetime.timedelta(days=30), today)
    assert race.threshold == 3 and womens.threshold == 10
    built = report.build(other_network, womens.start, womens.end, exact=False)
    assert built.by_month.column_totals[-1].text == "fewer than 10"
