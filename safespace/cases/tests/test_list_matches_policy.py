"""A case is in someone's case list exactly when the policy lets them read it.

The lists are query conditions from policy.py (cases_where, network_ids_where), built from the
same rows of RULES that `can` asks of one case at a time; this walks every role, alone and in
pairs, over cases of every kind, so the two can never drift apart.
"""

from __future__ import annotations

from itertools import product
from types import SimpleNamespace

import pytest

from safespace.accounts.models import Network, Role
from safespace.cases.models import Assignment, Case, Sharing, Stage
from safespace.policy import (
    CASE_WHERE,
    RULES,
    Action,
    always,
    can,
    cases_where,
    implies,
    network_ids_where,
    networks_where,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

# Every action a row grants on a case, and every action granted on a network as a whole.
CASE_ACTIONS = sorted({rule.action for rule in RULES if rule.condition in CASE_WHERE})
NETWORK_ACTIONS = sorted(
    {rule.action for rule in RULES}
    - {rule.action for rule in RULES if rule.condition is not always}
)
# One stage of each kind the rows tell apart: held, new, open, closed, after closing, withdrawn.
STAGES = (Stage.HELD, Stage.NEW, Stage.LISTENING, Stage.CLOSED, Stage.WATCHING, Stage.WITHDRAWN)
ASSIGNED = ("them", "them until they handed it back", "someone else", "nobody")


@pytest.fixture(autouse=True)
def quick_passwords(settings) -> None:
    """Passwords are not the subject here; a dozen slow hashes would be most of the time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(make_user, network, other_network):
    """One person for each role, some holding two, and a case of every kind in two networks."""
    people = {role.value: make_user(f"{role}@example.org", (network, role)) for role in Role}
    people["lead and champion elsewhere"] = make_user(
        "both@example.org", (network, Role.LEAD), (other_network, Role.CHAMPION)
    )
    people["lead and champion"] = make_user(
        "lead-champion@example.org", (network, Role.LEAD), (network, Role.CHAMPION)
    )
    people["director and champion elsewhere"] = make_user(
        "director-champion@example.org", (network, Role.DIRECTOR), (other_network, Role.CHAMPION)
    )
    people["every role"] = make_user("all@example.org", *((network, role) for role in Role))
    people["no role"] = make_user("nobody@example.org")
    other_champion = make_user("other@example.org", (network, Role.CHAMPION))
    champions = [
        person
        for person in people.values()
        if person.memberships.filter(role=Role.CHAMPION).exists()
    ]
    kinds = list(product((network, other_network), Sharing.values, ASSIGNED, STAGES))
    made = Case.objects.bulk_create(
        Case(network=home, share_with_director=sharing, stage=stage, reference=f"SS-L{n:04d}")
        for n, (home, sharing, _, stage) in enumerate(kinds)
    )
    for case, (_, _, assigned_to, _) in zip(made, kinds, strict=True):
        if assigned_to == "someone else":
            Assignment.objects.create(case=case, champion=other_champion)
        elif assigned_to != "nobody":
            ended = None if assigned_to == "them" else case.created
            Assignment.objects.bulk_create(
                Assignment(case=case, champion=champion, ended_at=ended) for champion in champions
            )
    for person in people.values():
        person.is_verified = lambda: True
    return people, list(Case.objects.order_by("pk"))


def test_every_role_lists_exactly_the_cases_it_may_act_on(world) -> None:
    people, made = world
    for (name, person), action in product(people.items(), CASE_ACTIONS):
        listed = set(Case.objects.filter(cases_where(person, action)).values_list("pk", flat=True))
        allowed = {case.pk for case in made if can(person, action, case)}
        assert listed == allowed, (name, action, sorted(listed ^ allowed))
    # Every role reads some case and misses another, so neither side is trivially empty.
    for role in (Role.CHAMPION, Role.LEAD, Role.DIRECTOR):
        readable = Case.objects.filter(cases_where(people[role.value]))
        assert 0 < readable.count() < len(made), role


def test_without_two_factor_nothing_is_listed(world) -> None:
    people, _ = world
    lead = people[Role.LEAD.value]
    lead.is_verified = lambda: False
    assert not Case.objects.filter(cases_where(lead)).exists()
    assert network_ids_where(lead, Action.TRIAGE) == []


def test_every_role_lists_exactly_the_networks_it_may_act_for(
    world, network, other_network
) -> None:
    people, _ = world
    for (name, person), action in product(people.items(), NETWORK_ACTIONS):
        listed = network_ids_where(person, action)
        assert list(networks_where(person, action).values_list("pk", flat=True)) == sorted(
            listed, key=lambda pk: Network.objects.get(pk=pk).name
        )
        # A row that asks about no one object holds for anything of the network it is held in.
        allowed = sorted(
            home.pk
            for home in (network, other_network)
            if can(person, action, SimpleNamespace(network_id=home.pk))
        )
        assert listed == allowed, (name, action)


def test_the_list_page_shows_what_the_condition_selects(client, world) -> None:
    people, made = world
    director = people[Role.DIRECTOR.value]
    sign_in(client, director)
    body = "".join(client.get(f"/cases/?page={n}").content.decode() for n in (1, 2, 3))
    for case in made:
        if can(director, Action.READ_CASE, case):
            assert case.reference in body, case.reference
        else:
            assert case.reference not in body, case.reference


def test_one_action_implies_another_only_where_every_case_allows_both(world) -> None:
    # A list leaves out a condition `implies` says holds on every row it shows (the HR flag on
    # the case list), so it must never say so where some case allows one and not the other.
    people, made = world
    said = set()
    for (name, person), first, then in product(people.items(), CASE_ACTIONS, CASE_ACTIONS):
        if implies(person, first, then):
            said.add((name, first, then))
            for case in made:
                if can(person, first, case):
                    assert can(person, then, case), (name, first, then, case.reference)
    # And it says so where the list relies on it, not only where nothing is allowed at all.
    # Whoever leads a network may know of HR processes on every case of it they read.
    for name in (Role.CHAMPION.value, Role.LEAD.value, "lead and champion elsewhere", "every role"):
        assert (name, Action.READ_CASE, Action.READ_HR_ALERTS) in said
    for name in (Role.DIRECTOR.value, "director and champion elsewhere"):
        assert (name, Action.READ_CASE, Action.READ_HR_ALERTS) not in said
