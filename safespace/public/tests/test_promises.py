"""The words a raiser reads about who sees what promise exactly what policy.py allows."""

from __future__ import annotations

from itertools import product

import pytest
from django.test import Client
from django.utils.html import escape

from safespace.accounts.models import Network, Role, User
from safespace.cases.models import Assignment, Case, Sharing, Stage
from safespace.cases.services import create
from safespace.policy import Action, can
from safespace.public import promises
from safespace.public.promises import Reach
from tests.helpers import raiser_client


def verified(user: User) -> User:
    user.is_verified = lambda: True
    return user


def new_case(network: Network, director: str, manager: str = Sharing.NONE) -> Case:
    return create.create_case(
        create.NewConcern(
            network=network,
            narrative="My manager mocks my accent.",
            raiser_name="Ada Example",
            share_with_director=director,
            share_with_manager=manager,
        )
    )


def promised(reach: Reach, case: Case, assigned_to_them: bool, theirs: bool) -> bool:
    if not theirs or case.stage == Stage.HELD:
        return False
    return {
        Reach.NEVER: False,
        Reach.ASSIGNED: assigned_to_them,
        Reach.NETWORK: True,
        Reach.IF_SHARED: case.share_with_director != Sharing.NONE,
        Reach.IF_NAMED: case.share_with_director == Sharing.NAMED,
    }[reach]


@pytest.mark.django_db
def test_every_row_promises_what_the_policy_allows(make_user, network, other_network) -> None:
    """For each role the words speak of, and each way a concern can be shared, assigned or not,
    in the role's network or another, the policy allows reading it (and the name) exactly when
    the words promise it."""
    rows = [row for row in promises.WHO_SEES_WHAT if row.role is not None]
    assert {row.role for row in rows} == set(Role), "every role is described to the raiser"
    holder = make_user("assigned@example.org", (network, Role.CHAMPION))
    for row in rows:
        assert row.role is not None
        person = verified(make_user(f"{row.role}@example.org", (network, row.role)))
        for director, home, assigned_to_them in product(
            Sharing.values, (network, other_network), (True, False)
        ):
            case = new_case(home, director)
            # Written straight to the record: the service gives a concern only to its own
            # network's champions, and this asks what the policy would allow anyone assigned.
            Assignment.objects.create(case=case, champion=person if assigned_to_them else holder)
            Case.objects.filter(pk=case.pk, stage=Stage.NEW).update(stage=Stage.ASSIGNED)
            case.refresh_from_db()
            theirs = home == network
            for action, reach in (
                (Action.READ_CASE, row.concern),
                (Action.READ_CASEWORK, row.concern if row.role != Role.DIRECTOR else Reach.NEVER),
                (Action.READ_IDENTITY, row.name),
            ):
                expected = promised(reach, case, assigned_to_them, theirs)
                assert can(person, action, case) == expected, (row.who, action, director, theirs)


@pytest.mark.django_db
def test_a_held_concern_is_read_by_nobody_the_words_name(make_user, network) -> None:
    case = new_case(network, Sharing.NAMED)
    case.stage = Stage.HELD
    case.save(update_fields=["stage"])
    for row in promises.WHO_SEES_WHAT:
        if row.role is not None:
            person = verified(make_user(f"{row.role}@example.org", (network, row.role)))
            assert not can(person, Action.READ_CASE, case), row.who


def test_the_name_sentences_name_everyone_who_may_see_a_name() -> None:
    """Whoever the rows say may see the name is named in the sentence beside the name question."""
    for row in promises.WHO_SEES_WHAT:
        if row.name in (Reach.ASSIGNED, Reach.NETWORK):
            assert str(row.who).lower().removeprefix("your ") in str(promises.NAME_SEEN_BY).lower()
        if row.name == Reach.IF_NAMED:
            assert f"{row.who} and" in str(promises.NAME_SEEN_BY)
            assert "only if you agree" in str(promises.NAME_SEEN_BY)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/", "/raise/"])
def test_pages_show_the_rows(client: Client, network, address: str) -> None:
    body = client.get(address).content.decode()
    for row in promises.WHO_SEES_WHAT:
        assert str(row.who) in body
    assert "Only your champions see your name" not in body


@pytest.mark.django_db(databases=["default", "keys"])
@pytest.mark.parametrize("name", ["", "Ada Example"])
def test_the_raisers_own_page_says_who_sees_it_as_the_raise_form_did(network, name: str) -> None:
    case = create.create_case(
        create.NewConcern(network=network, narrative="Left out of meetings", raiser_name=name)
    )
    page = raiser_client(case).get("/track/concern/").content.decode()
    expected = promises.SHARING_NAMED if name else promises.SHARING_ANONYMOUS
    assert escape(str(expected)) in page
