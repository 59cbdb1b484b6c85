"""The Director of Wellbeing sees only what the raiser agreed; a withdrawn concern is never worked."""

from __future__ import annotations

import pytest

from safespace.accounts.models import Role
from safespace.cases.models import Case, Sharing, Stage
from safespace.cases.services import assign as case_assign
from safespace.cases.services import create, messages, notes, stages
from tests.helpers import sign_in


@pytest.fixture
def shared(make_user, network):
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    director = make_user("director@example.org", (network, Role.DIRECTOR))
    lead = make_user("lead@example.org", (network, Role.LEAD))

    def make(level: str) -> Case:
        case = create.create_case(
            create.NewConcern(
                network=network,
                narrative="What happened in the team meeting",
                raiser_name="Abena Mensah",
                contact_method="phone",
                contact_details="07700 900123",
                share_with_director=level,
            )
        )
        case_assign.assign_champion(case, champion, actor=lead)
        notes.add_note(case, champion, "Champions only: check the rota", False)
        notes.add_note(case, champion, "Shared: meeting booked", True)
        messages.send_message(case, "Private conversation words", from_raiser=True, author=None)
        return case

    return champion, director, lead, make


def test_a_concern_shared_without_a_name_hides_who_raised_it(client, shared) -> None:
    _, director, _, make = shared
    case = make(Sharing.ANONYMOUS)
    sign_in(client, director)
    body = client.get(f"/cases/{case.code}/").content.decode()
    assert "What happened in the team meeting" in body
    assert "Abena Mensah" not in body and "07700 900123" not in body
    assert "Champions only: check the rota" not in body
    assert "Private conversation words" not in body
    assert "Shared: meeting booked" in body
    assert "without their name" in body


def test_a_concern_shared_with_a_name_shows_it_but_not_the_casework(client, shared) -> None:
    _, director, _, make = shared
    case = make(Sharing.NAMED)
    sign_in(client, director)
    body = client.get(f"/cases/{case.code}/").content.decode()
    assert "Abena Mensah" in body
    assert "Champions only: check the rota" not in body
    assert "Private conversation words" not in body


def test_the_assigned_champion_sees_everything(client, shared) -> None:
    champion, _, _, make = shared
    case = make(Sharing.NONE)
    sign_in(client, champion)
    body = client.get(f"/cases/{case.code}/").content.decode()
    for words in ("Abena Mensah", "07700 900123", "Champions only", "Private conversation words"):
        assert words in body


def test_a_withdrawn_concern_cannot_be_worked_messaged_or_reassigned(client, shared) -> None:
    champion, _, lead, make = shared
    case = make(Sharing.NONE)
    stages.withdraw(case)
    sign_in(client, lead)
    assert client.get(f"/cases/{case.code}/").status_code == 200  # kept for the record
    for path, data in (
        ("note/", {"body": "more", "shared_with_raiser": "no"}),
        ("time/", {"day": "2026-01-05", "minutes": "30", "activity": "admin"}),
        ("message/", {"body": "hello"}),
    ):
        assert client.post(f"/cases/{case.code}/{path}", data).status_code == 404
    assert client.post(f"/cases/{case.code}/assign/", {"champion": champion.pk}).status_code == 404
    case.refresh_from_db()
    assert case.stage == Stage.WITHDRAWN
    assert case.notes.count() == 2 and case.messages.count() == 1
