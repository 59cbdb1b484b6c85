"""Suggested champions: never one with a conflict, and the lead's choice recorded."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from safespace.accounts.models import Directorate, Role
from safespace.cases.assignment import (
    Candidate,
    Needs,
    conflicts,
    open_cases_of,
    preference_match,
    suggest,
    words,
)
from safespace.cases.models import Assignment, Case, Stage
from safespace.cases.services import assign as case_assign
from safespace.cases.services import create, reads
from tests.helpers import sign_in

TODAY = datetime.date(2026, 11, 24)
directorate_ids = st.one_of(st.none(), st.integers(min_value=1, max_value=6))

STAFF = range(1, 16)


def walk_up(manager_of: dict[int, int], person: int) -> frozenset[int]:
    """Every manager above a person in a generated tree (the test's own, independent walk)."""
    above: set[int] = set()
    node = manager_of.get(person)
    while node is not None and node not in above and node != person:
        above.add(node)
        node = manager_of.get(node)
    return frozenset(above)


@st.composite
def organisations(draw):
    """A management tree over 15 people: each manages only people with higher numbers."""
    manager_of = {
        person: draw(st.integers(min_value=1, max_value=person - 1))
        for person in STAFF
        if person > 1 and draw(st.booleans())
    }
    return manager_of


@st.composite
def pools_and_needs(draw):
    manager_of = draw(organisations())
    pool = []
    for user_id in range(draw(st.integers(min_value=0, max_value=12))):
        staff_id = draw(st.one_of(st.none(), st.sampled_from(STAFF)))
        pool.append(
            Candidate(
                user_id=user_id,
                name=draw(st.text(max_size=10)),
                directorate_id=draw(directorate_ids),
                capacity=draw(st.integers(min_value=0, max_value=5)),
                open_cases=draw(st.integers(min_value=0, max_value=6)),
                away_until=draw(
                    st.one_of(
                        st.none(), st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))
                    )
                ),
                accepted_terms=draw(st.booleans()),
                background=draw(st.sampled_from(["", "Black British", "British Indian woman"])),
                staff_id=staff_id,
                managers=walk_up(manager_of, staff_id) if staff_id else frozenset(),
            )
        )
    named = draw(st.frozensets(st.sampled_from(STAFF), max_size=3))
    need = Needs(
        raiser_directorate_id=draw(directorate_ids),
        concerned_directorate_ids=draw(
            st.frozensets(st.integers(min_value=1, max_value=6), max_size=3)
        ),
        avoid_directorate_id=draw(directorate_ids),
        named={person: walk_up(manager_of, person) for person in named},
        preference_words=words(draw(st.sampled_from(["", "someone Black British", "a woman"]))),
    )
    return pool, need, manager_of


@given(pools_and_needs())
def test_a_conflicted_champion_is_never_suggested(drawn) -> None:
    pool, need, manager_of = drawn
    for chosen in suggest(pool, need, TODAY):
        assert conflicts(chosen, need) == []
        assert chosen.accepted_terms
        assert chosen.directorate_id is None or (
            chosen.directorate_id != need.raiser_directorate_id
            and chosen.directorate_id not in need.concerned_directorate_ids
            and chosen.directorate_id != need.avoid_directorate_id
        )
        if chosen.staff_id is not None:
            for person in need.named:
                assert chosen.staff_id != person
                assert chosen.staff_id not in walk_up(manager_of, person)
                assert person not in walk_up(manager_of, chosen.staff_id)


@given(pools_and_needs())
def test_suggestions_have_room_are_not_away_and_come_best_match_then_most_room_first(
    drawn,
) -> None:
    pool, need, _ = drawn
    chosen = suggest(pool, need, TODAY)
    assert all(c.capacity_left > 0 for c in chosen)
    assert all(c.away_until is None or c.away_until < TODAY for c in chosen)
    order = [(-preference_match(c, need), -c.capacity_left) for c in chosen]
    assert order == sorted(order)


@pytest.fixture
def setting(make_user, network):
    housing = Directorate.objects.create(name="Housing")
    place = Directorate.objects.create(name="Place")
    lead = make_user("lead@example.org", (network, Role.LEAD))
    same = make_user("same@example.org", (network, Role.CHAMPION))
    same.directorate = housing
    same.save()
    other = make_user("other@example.org", (network, Role.CHAMPION))
    other.directorate = place
    other.save()
    case = create.create_case(create.NewConcern(network=network, raiser_directorate=housing))
    return lead, same, other, case


def test_triage_suggests_only_the_champion_without_a_conflict(client, setting) -> None:
    lead, same, other, case = setting
    sign_in(client, lead)
    body = client.get("/cases/triage/").content.decode()
    assert case.reference in body
    assert other.full_name in body
    assert same.full_name not in body.split("<tbody")[1]


def test_choosing_a_conflicted_champion_needs_a_reason(client, setting) -> None:
    lead, same, _, case = setting
    sign_in(client, lead)
    body = client.post(f"/cases/{case.code}/assign/", {"champion": same.pk}).content.decode()
    assert "Enter why you are choosing a champion who is not suggested" in body
    assert not case.assignments.exists()
    client.post(
        f"/cases/{case.code}/assign/",
        {"champion": same.pk, "override_reason": "Raiser asked for them"},
    )
    assignment = case.assignments.get()
    assert assignment.champion == same
    assert b"Raiser asked for them" not in bytes(assignment.override_reason)
    (shown,) = reads.read_assignments(case, lead)
    assert shown.override_reason == "Raiser asked for them"
    case.refresh_from_db()
    assert case.stage == Stage.ASSIGNED


def test_a_champion_can_decline_and_the_case_returns_to_triage(client, setting) -> None:
    lead, _, other, case = setting
    case_assign.assign_champion(case, other, actor=lead)
    sign_in(client, other)
    assert (
        "Enter why you are handing this case back"
        in client.post(f"/cases/{case.code}/decline/", {}).content.decode()
    )
    client.post(f"/cases/{case.code}/decline/", {"reason": "I know the manager named"})
    case.refresh_from_db()
    assert case.stage == Stage.NEW
    assert b"I know the manager named" not in bytes(case.assignments.get().decline_reason)
    assert client.get(f"/cases/{case.code}/").status_code == 404
    sign_in(client, lead)
    assert (
        "Handed back: “I know the manager named”"
        in client.get(f"/cases/{case.code}/").content.decode()
    )


def test_the_lead_cannot_assign_in_another_network(
    client, make_user, other_network, setting
) -> None:
    _, _, other, case = setting
    outsider = make_user("lead.other@example.org", (other_network, Role.LEAD))
    sign_in(client, outsider)
    assert client.post(f"/cases/{case.code}/assign/", {"champion": other.pk}).status_code == 404
    assert not Case.objects.get(pk=case.pk).assignments.exists()


def test_a_champion_who_manages_someone_named_is_not_suggested(client, setting) -> None:
    lead, _, other, case = setting
    from safespace.directory.models import StaffMember

    boss = StaffMember.objects.create(
        employee_number="E1", full_name="Other", email=other.email, directorate=other.directorate
    )
    named = StaffMember.objects.create(
        employee_number="E2",
        full_name="Named Person",
        email="named@example.org",
        directorate=other.directorate,
        manager=boss,
    )
    sign_in(client, lead)
    body = client.post(f"/cases/{case.code}/people/", {"q": "Named"}).content.decode()
    assert "Named Person" in body
    client.post(f"/cases/{case.code}/people/", {"add": str(named.pk)})
    assert b"Named Person" not in bytes(Case.objects.get(pk=case.pk).people_named)
    assert reads.read_people_named(Case.objects.get(pk=case.pk), lead) == [named.pk]
    triage = client.get("/cases/triage/").content.decode()
    assert other.full_name not in triage.split("<tbody")[1]
    page = client.get(f"/cases/{case.code}/assign/").content.decode()
    assert "is in the reporting line of someone the concern names" in page


def test_open_cases_count_only_current_assignments_of_open_cases(
    make_user, network, other_network
) -> None:
    champion = make_user(
        "busy@example.org", (network, Role.CHAMPION), (other_network, Role.CHAMPION)
    )
    idle = make_user("idle@example.org", (network, Role.CHAMPION))

    def held(stage: Stage, place=network, ended: bool = False) -> None:
        case = Case.objects.create(
            network=place, stage=stage, reference=f"SS-O{Case.objects.count()}"
        )
        Assignment.objects.create(
            case=case,
            champion=champion,
            ended_at=timezone.now() if ended else None,
        )

    held(Stage.LISTENING)
    held(Stage.MEETING)
    held(Stage.ACTION_PLAN, other_network)
    held(Stage.CLOSED)  # still assigned, but closed: not a case they are working
    held(Stage.LISTENING, ended=True)  # handed back
    assert open_cases_of([champion.pk, idle.pk]) == {champion.pk: 3}
    assert open_cases_of([champion.pk, idle.pk], network.pk) == {champion.pk: 2}
