"""An invited senior manager's or Director's own page for a meeting: only what the raiser shares."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import Role, Theme
from safespace.actions import services
from safespace.audit.models import AuditEvent
from safespace.cases.models import Sharing
from safespace.cases.services import assign, create, notes
from safespace.concerns.access import access_list
from safespace.keystore import crypto
from tests.helpers import raiser_client, sign_in

STORY = "My team leader mocks my accent in every stand-up"
NAME = "Amara Osei"


@pytest.fixture
def setting(make_user, network, other_network):
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    robert = make_user("robert.hughes@example.org", (network, Role.MANAGER))
    robert.full_name = "Robert Hughes"
    robert.save(update_fields=["full_name"])
    other_manager = make_user("other.manager@example.org", (network, Role.MANAGER))
    elsewhere = make_user("elsewhere@example.org", (other_network, Role.MANAGER))
    director = make_user("director@example.org", (network, Role.DIRECTOR))
    case = create.create_case(
        create.NewConcern(
            network=network,
            narrative=STORY,
            raiser_name=NAME,
            themes=[Theme.objects.get(name="Pay")],
            share_with_manager=Sharing.ANONYMOUS,
            share_with_director=Sharing.NONE,
        )
    )
    assign.assign_champion(case, champion, actor=None)
    notes.add_note(case, champion, "Champion-only note about the rota", shared_with_raiser=False)
    meeting = services.schedule_meeting(
        case,
        champion,
        starts=timezone.now() - datetime.timedelta(hours=2),
        minutes_long=45,
        place="Room 7, Civic Centre",
        managers=[robert],
        raiser_attends=False,
        director_attends=True,
    )
    services.record_minutes(meeting, champion, "Minutes only the champions keep", False)
    services.add_action(
        meeting,
        champion,
        description="Review the stand-up format",
        owner=robert,
        due=timezone.localdate() + datetime.timedelta(days=14),
        shared_with_raiser=True,
    )
    people = {
        "champion": champion,
        "robert": robert,
        "other_manager": other_manager,
        "elsewhere": elsewhere,
        "director": director,
    }
    return people, case, meeting


def page(user, meeting) -> tuple[int, str]:
    response = sign_in(Client(), user).get(f"/actions/meetings/{meeting.code}/")
    return response.status_code, response.content.decode()


def test_an_invited_manager_sees_when_where_who_and_what_the_raiser_shared(setting) -> None:
    people, case, meeting = setting
    status, body = page(people["robert"], meeting)
    assert status == 200
    when = timezone.localtime(meeting.starts)
    assert f"{when:%A} {when.day} {when:%B %Y}, {when:%H:%M}, 45 minutes" in body
    assert "Room 7, Civic Centre" in body
    assert "Robert Hughes" in body and "Champion" in body and "Director" in body
    assert case.reference in body and "Pay" in body
    assert "without their name" in body
    assert "Review the stand-up format" in body


def test_it_shows_nothing_of_the_concern_itself(setting) -> None:
    people, _, meeting = setting
    _, body = page(people["robert"], meeting)
    for secret in (STORY, NAME, "Champion-only note", "Minutes only the champions keep"):
        assert secret not in body


def test_it_names_the_raiser_only_when_they_agreed_to_be_named(setting) -> None:
    people, case, meeting = setting
    case.share_with_manager = Sharing.NAMED
    case.save(update_fields=["share_with_manager"])
    _, body = page(people["robert"], meeting)
    assert NAME in body and "who agreed to be named to you" in body
    assert STORY not in body


def test_it_shows_no_reference_or_themes_when_nothing_is_shared(setting) -> None:
    people, case, meeting = setting
    case.share_with_manager = Sharing.NONE
    case.save(update_fields=["share_with_manager"])
    status, body = page(people["robert"], meeting)
    assert status == 200 and "Room 7, Civic Centre" in body
    assert case.reference not in body and "Pay" not in body
    assert "has not agreed to share anything about it with you" in body


def test_the_director_sees_only_what_the_raiser_shared_with_the_director(setting) -> None:
    people, case, meeting = setting
    status, body = page(people["director"], meeting)
    assert status == 200 and "Room 7, Civic Centre" in body
    # The raiser shares with the senior manager, not with the Director.
    assert case.reference not in body and "Pay" not in body and STORY not in body


def test_it_refuses_anyone_the_meeting_does_not_invite(setting) -> None:
    people, _, meeting = setting
    assert page(people["other_manager"], meeting)[0] == 404
    assert page(people["elsewhere"], meeting)[0] == 404
    meeting.director_attends = False
    meeting.save(update_fields=["director_attends"])
    assert page(people["director"], meeting)[0] == 404
    missing = sign_in(Client(), people["robert"]).get(
        "/actions/meetings/00000000-0000-4000-8000-000000000000/"
    )
    assert missing.status_code == 404


def test_a_manager_taken_off_the_meeting_is_refused(setting) -> None:
    people, _, meeting = setting
    meeting.managers.clear()
    assert page(people["robert"], meeting)[0] == 404


def test_a_shredded_case_takes_its_meeting_with_it(setting) -> None:
    people, case, meeting = setting
    crypto.shred_case_key(case.code)
    assert page(people["robert"], meeting)[0] == 404
    home = sign_in(Client(), people["robert"]).get("/accounts/").content.decode()
    assert str(meeting.code) not in home


def test_reading_it_is_on_the_raisers_access_list(setting) -> None:
    people, case, meeting = setting
    page(people["robert"], meeting)
    events = AuditEvent.objects.filter(object_code=str(case.code), action="meeting.read")
    assert list(events.values_list("actor_code", "actor_role")) == [
        (str(people["robert"].code), "manager")
    ]
    name = people["robert"].full_name
    assert (name, "saw the meeting details") in [(who, what) for who, what, _ in access_list(case)]
    body = raiser_client(case).get("/track/concern/").content.decode()
    assert f"{name} saw the meeting details" in body
    assert f"{name} saw only the actions they are responsible for" in body
    assert "A senior manager" not in body


def test_the_directors_read_is_worded_for_the_director(setting) -> None:
    people, case, meeting = setting
    page(people["director"], meeting)
    body = raiser_client(case).get("/track/concern/").content.decode()
    assert "The Director of Wellbeing saw the meeting details" in body


def test_the_home_page_lists_the_meetings_someone_is_invited_to(setting) -> None:
    people, case, meeting = setting
    home = sign_in(Client(), people["robert"]).get("/accounts/").content.decode()
    assert "Your meetings" in home and f"/actions/meetings/{meeting.code}/" in home
    assert case.reference not in home
    other = sign_in(Client(), people["other_manager"]).get("/accounts/").content.decode()
    assert f"/actions/meetings/{meeting.code}/" not in other
    assert "You are not invited to any meetings" in other
    champion = sign_in(Client(), people["champion"]).get("/accounts/").content.decode()
    assert "Your meetings" not in champion


def test_the_invitation_links_each_invitee_to_where_they_read_the_meeting(
    setting, django_capture_on_commit_callbacks
) -> None:
    people, case, meeting = setting
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule(
            meeting,
            people["champion"],
            starts=meeting.starts,
            minutes_long=60,
            place="Room 8",
        )
    bodies = {m.to[0]: m.body for m in mail.outbox}
    own_page = f"/actions/meetings/{meeting.code}/"
    assert own_page in bodies["robert.hughes@example.org"]
    assert own_page in bodies["director@example.org"]
    assert (
        "what the person who raised the concern agreed to share" in bodies["director@example.org"]
    )
    assert own_page not in bodies["champion@example.org"]
    for body in bodies.values():
        assert case.reference not in body and STORY not in body
