"""Suggested champions: never one with a conflict, and the lead's choice recorded."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import sign_in
from safespace.accounts.models import Directorate, Role
from safespace.cases import services
from safespace.cases.assignment import Candidate, Needs, conflicts, suggest
from safespace.cases.models import Case, Stage

TODAY = datetime.date(2026, 11, 24)
directorate_ids = st.one_of(st.none(), st.integers(min_value=1, max_value=6))

candidates = st.lists(
    st.builds(
        Candidate,
        user_id=st.integers(min_value=1, max_value=10**6),
        name=st.text(max_size=10),
        directorate_id=directorate_ids,
        capacity=st.integers(min_value=0, max_value=5),
        open_cases=st.integers(min_value=0, max_value=6),
        away_until=st.one_of(
            st.none(), st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))
        ),
    ),
    max_size=12,
)
needs = st.builds(
    Needs,
    raiser_directorate_id=directorate_ids,
    concerned_directorate_ids=st.frozensets(st.integers(min_value=1, max_value=6), max_size=3),
    avoid_directorate_id=directorate_ids,
)


@given(candidates, needs)
def test_a_conflicted_champion_is_never_suggested(pool, need) -> None:
    for chosen in suggest(pool, need, TODAY):
        assert conflicts(chosen, need) == []
        assert chosen.directorate_id is None or (
            chosen.directorate_id != need.raiser_directorate_id
            and chosen.directorate_id not in need.concerned_directorate_ids
            and chosen.directorate_id != need.avoid_directorate_id
        )


@given(candidates, needs)
def test_suggestions_have_room_are_not_away_and_come_most_room_first(pool, need) -> None:
    chosen = suggest(pool, need, TODAY)
    assert all(c.capacity_left > 0 for c in chosen)
    assert all(c.away_until is None or c.away_until < TODAY for c in chosen)
    assert [c.capacity_left for c in chosen] == sorted(
        (c.capacity_left for c in chosen), reverse=True
    )


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
    case = services.create_case(services.NewConcern(network=network, raiser_directorate=housing))
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
    assert assignment.champion == same and assignment.override_reason == "Raiser asked for them"
    case.refresh_from_db()
    assert case.stage == Stage.ASSIGNED


def test_a_champion_can_decline_and_the_case_returns_to_triage(client, setting) -> None:
    lead, _, other, case = setting
    services.assign_champion(case, other, actor=lead)
    sign_in(client, other)
    assert (
        "Enter why you are handing this case back"
        in client.post(f"/cases/{case.code}/decline/", {}).content.decode()
    )
    client.post(f"/cases/{case.code}/decline/", {"reason": "I know the manager named"})
    case.refresh_from_db()
    assert case.stage == Stage.NEW
    assert case.assignments.get().decline_reason == "I know the manager named"
    assert client.get(f"/cases/{case.code}/").status_code == 404


def test_the_lead_cannot_assign_in_another_network(
    client, make_user, other_network, setting
) -> None:
    _, _, other, case = setting
    outsider = make_user("lead.other@example.org", (other_network, Role.LEAD))
    sign_in(client, outsider)
    assert client.post(f"/cases/{case.code}/assign/", {"champion": other.pk}).status_code == 404
    assert not Case.objects.get(pk=case.pk).assignments.exists()
