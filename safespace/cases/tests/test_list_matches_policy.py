"""A case is in someone's case list exactly when the policy lets them read it.

The list is one query condition (cases/views.py visible_cases) and reading is a rule of
policy.py; this walks every role over cases of every kind so the two can never drift apart.
"""

from __future__ import annotations

from itertools import product

import pytest

from safespace.accounts.models import Membership, Role
from safespace.cases.models import Case, Sharing, Stage
from safespace.cases.services import assign, create
from safespace.cases.views import visible_cases
from safespace.policy import Action, can
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

ROLES = [Role.CHAMPION, Role.LEAD, Role.DIRECTOR, Role.MANAGER, Role.INSIGHT, Role.ADMIN, Role.HR]


@pytest.fixture
def cases_of_every_kind(make_user, network, other_network):
    people = {role: make_user(f"{role}@example.org", (network, role)) for role in ROLES}
    people["lead_and_champion"] = make_user(
        "both@example.org", (network, Role.LEAD), (other_network, Role.CHAMPION)
    )
    other_champion = make_user("other@example.org", (network, Role.CHAMPION))
    made = []
    for home, sharing, assigned_to, stage in product(
        (network, other_network),
        Sharing.values,
        ("them", "someone else", "nobody"),
        (Stage.NEW, Stage.HELD, Stage.CLOSED, Stage.WITHDRAWN),
    ):
        case = create.create_case(
            create.NewConcern(network=home, narrative="story", share_with_director=sharing)
        )
        if assigned_to != "nobody":
            champion = people[Role.CHAMPION] if assigned_to == "them" else other_champion
            assign.assign_champion(case, champion, actor=None)
            if assigned_to == "them":
                assign.assign_champion(case, people["lead_and_champion"], actor=None)
        Case.objects.filter(pk=case.pk).update(stage=stage)
        made.append(Case.objects.get(pk=case.pk))
    return people, made


def test_every_role_lists_exactly_the_cases_it_may_read(cases_of_every_kind) -> None:
    people, made = cases_of_every_kind
    for name, person in people.items():
        person.is_verified = lambda: True
        held = list(Membership.objects.filter(user=person).values_list("role", "network_id"))
        listed = set(
            Case.objects.filter(visible_cases(person, held))
            .exclude(stage=Stage.HELD)
            .values_list("pk", flat=True)
        )
        readable = {case.pk for case in made if can(person, Action.READ_CASE, case)}
        assert listed == readable, (name, sorted(listed ^ readable))


def test_the_list_page_shows_what_the_condition_selects(client, cases_of_every_kind) -> None:
    people, made = cases_of_every_kind
    director = people[Role.DIRECTOR]
    body = sign_in(client, director).get("/cases/?page=1").content.decode()
    director.is_verified = lambda: True
    for case in made:
        if can(director, Action.READ_CASE, case):
            assert case.reference in body, case.reference
        else:
            assert case.reference not in body, case.reference
