"""Meetings: neutral invitations that update in place, sealed minutes the raiser can answer."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from safespace.accounts.models import Role
from safespace.actions import services
from safespace.actions.models import Meeting
from safespace.cases.models import Sharing
from safespace.cases.services import assign, create
from tests.helpers import raiser_client, sign_in


@pytest.fixture
def setting(make_user, network):
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    manager = make_user("manager@example.org", (network, Role.MANAGER))
    make_user("director@example.org", (network, Role.DIRECTOR))
    case = create.create_case(
        create.NewConcern(
            network=network,
            narrative="The rota keeps giving me the worst shifts",
            share_with_manager=Sharing.ANONYMOUS,
        )
    )
    assign.assign_champion(case, champion, actor=None)
    return champion, manager, case


def invitations(outbox) -> list[Calendar]:
    return [Calendar.from_ical(m.attachments[0][1]) for m in outbox]


def tomorrow_at_ten() -> dict[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return {"day": day.isoformat(), "time": "10:00", "minutes_long": "60", "place": "Room 4"}


def test_scheduling_sends_invitations_that_say_nothing_of_the_case(
    client, setting, django_capture_on_commit_callbacks
) -> None:
    champion, manager, case = setting
    sign_in(client, champion)
    body = client.post(f"/cases/{case.code}/meetings/new/", {"time": "9am"}).content.decode()
    assert "Enter the date" in body and "Enter a time on the 24-hour clock" in body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/cases/{case.code}/meetings/new/",
            {
                **tomorrow_at_ten(),
                "managers": [str(manager.pk)],
                "director_attends": "yes",
                "raiser_attends": "no",
            },
        )
    meeting = Meeting.objects.get()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["champion@example.org", "director@example.org", "manager@example.org"]
    for email, calendar in zip(mail.outbox, invitations(mail.outbox), strict=True):
        (event,) = calendar.walk("VEVENT")
        assert str(event["summary"]) == "Safe Space meeting"
        assert str(event["uid"]) == meeting.uid and str(event["sequence"]) == "0"
        text = f"{email.body}{email.subject}{calendar.to_ical().decode()}"
        assert "rota" not in text and case.reference not in text


def test_an_invitation_carries_the_time_zone_it_names(
    client, setting, django_capture_on_commit_callbacks
) -> None:
    champion, manager, case = setting
    sign_in(client, champion)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/cases/{case.code}/meetings/new/",
            {
                **tomorrow_at_ten(),
                "managers": [str(manager.pk)],
                "director_attends": "no",
                "raiser_attends": "no",
            },
        )
    assert len(mail.outbox) == 2
    for raw in (m.attachments[0][1] for m in mail.outbox):
        calendar = Calendar.from_ical(raw)
        (event,) = calendar.walk("VEVENT")
        (zone,) = calendar.walk("VTIMEZONE")
        assert event["dtstart"].params["TZID"] == str(zone["TZID"]) == "Europe/London"
        assert event["dtend"].params["TZID"] == "Europe/London"
        assert zone.walk("STANDARD") and zone.walk("DAYLIGHT")
        assert calendar.get_missing_tzids() == set()
        # The zone comes before the event that uses it, as RFC 5545 readers expect.
        text = raw.decode() if isinstance(raw, bytes) else raw
        assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
        assert "DTSTART;TZID=Europe/London:" in text
        assert event.decoded("dtstart").hour == 10


def test_moving_and_cancelling_update_the_same_calendar_entry(
    setting, django_capture_on_commit_callbacks
) -> None:
    champion, manager, case = setting
    starts = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_meeting(
            case,
            champion,
            starts=starts,
            minutes_long=60,
            place="Room 4",
            managers=[manager],
            raiser_attends=False,
            director_attends=False,
        )
        services.reschedule(meeting, champion, starts=starts, minutes_long=90, place="Room 5")
        services.cancel(meeting, champion)
    sent = invitations([m for m in mail.outbox if m.to == ["manager@example.org"]])
    events = [c.walk("VEVENT")[0] for c in sent]
    assert [str(e["uid"]) for e in events] == [meeting.uid] * 3
    assert [str(e["sequence"]) for e in events] == ["0", "1", "2"]
    assert str(events[1]["location"]) == "Room 5"
    assert [str(c["method"]) for c in sent] == ["REQUEST", "REQUEST", "CANCEL"]


def test_minutes_are_sealed_and_the_raiser_answers_the_ones_shared_with_them(
    client, setting
) -> None:
    champion, _, case = setting
    meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 4")
    sign_in(client, champion)
    url = f"/cases/{case.code}/meetings/{meeting.code}/minutes/"
    assert "Enter the minutes" in client.post(url, {}).content.decode()
    client.post(url, {"minutes": "Agreed a review of the rota", "shared_with_raiser": "yes"})
    meeting.refresh_from_db()
    assert b"rota" not in bytes(meeting.minutes)
    them = raiser_client(case)
    page = them.get("/track/concern/").content.decode()
    assert "Agreed a review of the rota" in page
    reply = f"/track/concern/minutes/?meeting={meeting.code}"
    assert "Enter what you would add" in them.post(reply, {"agree": "no"}).content.decode()
    them.post(reply, {"agree": "no", "comment": "It was also about weekends"})
    staff_page = client.get(f"/cases/{case.code}/meetings/{meeting.code}/").content.decode()
    assert "It was also about weekends" in staff_page


def test_unshared_minutes_stay_with_the_champions(client, setting) -> None:
    champion, _, case = setting
    meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 4")
    services.record_minutes(meeting, champion, "Private view of the manager", False)
    page = raiser_client(case).get("/track/concern/").content.decode()
    assert "Private view of the manager" not in page
    assert "The minutes are not shared with you" in page
    assert (
        raiser_client(case).get(f"/track/concern/minutes/?meeting={meeting.code}").status_code
        == 404
    )


def test_a_plan_follows_only_a_held_meeting(setting) -> None:
    champion, manager, case = setting
    later = Meeting.objects.create(
        case=case, starts=timezone.now() + datetime.timedelta(days=3), place="Room 4"
    )
    with pytest.raises(services.NotYet):
        services.add_action(
            later,
            champion,
            description="Review the rota",
            owner=manager,
            due=timezone.localdate(),
            shared_with_raiser=True,
        )
    services.record_minutes(later, champion, "Held early", True)
    action = services.add_action(
        later,
        champion,
        description="Review the rota",
        owner=manager,
        due=timezone.localdate(),
        shared_with_raiser=True,
    )
    assert b"rota" not in bytes(action.description)


def test_a_refusal_is_shown_as_important_not_as_success(client, setting) -> None:
    champion, _manager, case = setting
    later = Meeting.objects.create(
        case=case, starts=timezone.now() + datetime.timedelta(days=3), place="Room 4"
    )
    sign_in(client, champion)
    page = client.get(
        f"/cases/{case.code}/meetings/{later.code}/actions/new/", follow=True
    ).content.decode()
    assert "Record the meeting&#x27;s minutes first" in page
    assert "govuk-notification-banner--success" not in page
    assert ">Important</h2>" in page


def test_minutes_asked_for_too_early_are_refused_as_important_not_as_success(
    client, setting
) -> None:
    champion, _manager, case = setting
    later = Meeting.objects.create(
        case=case, starts=timezone.now() + datetime.timedelta(days=3), place="Room 4"
    )
    sign_in(client, champion)
    response = client.get(f"/cases/{case.code}/meetings/{later.code}/minutes/", follow=True)
    page = response.content.decode()
    assert "The minutes can be recorded once the meeting has taken place" in page
    assert "govuk-notification-banner--success" not in page
    assert ">Success</h2>" not in page
    assert ">Important</h2>" in page
    assert 'role="region"' in page and 'role="alert"' not in page
