"""Hostile text in meetings and action plans: kept intact and shown escaped, or refused kindly."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils.html import escape
from icalendar import Calendar

from safespace.actions import services
from safespace.actions.models import Action, Meeting
from tests.helpers import action as action
from tests.helpers import new_action, new_meeting, raiser_client, refused, shown_escaped, sign_in
from tests.helpers import setting as setting

HOSTILE = "Zoë 👋 <script>alert(1)</script> \"quoted\" & 'apostrophe' إلى 名前"
MULTILINE = HOSTILE + "\r\nSecond line <b>not bold</b>"
WHITESPACE = " \t\r\n \u00a0 "


def test_a_place_in_any_script_is_kept_and_shown_escaped_in_page_and_invitation(
    client, setting, django_capture_on_commit_callbacks
) -> None:
    champion, manager, case, _ = setting
    sign_in(client, champion)
    with django_capture_on_commit_callbacks(execute=True):
        data = {**new_meeting(HOSTILE), "managers": [str(manager.pk)]}
        client.post(f"/cases/{case.code}/meetings/new/", data)
    meeting = Meeting.objects.get(case=case, place=HOSTILE)
    detail = client.get(f"/cases/{case.code}/meetings/{meeting.code}/")
    shown_escaped(detail.content.decode(), HOSTILE)
    change = client.get(f"/cases/{case.code}/meetings/{meeting.code}/change/")
    assert f'value="{escape(HOSTILE)}"' in change.content.decode()
    (sent,) = [m for m in mail.outbox if m.to == ["manager@example.org"]]
    (event,) = Calendar.from_ical(sent.attachments[0][1]).walk("VEVENT")
    assert str(event["location"]) == HOSTILE


def test_a_line_break_in_the_place_cannot_add_people_to_the_invitation(
    client, setting, django_capture_on_commit_callbacks
) -> None:
    champion, manager, case, _ = setting
    sneaky = "Room 4\r\nATTENDEE:mailto:someone.else@example.org"
    sign_in(client, champion)
    with django_capture_on_commit_callbacks(execute=True):
        data = {**new_meeting(sneaky), "managers": [str(manager.pk)]}
        client.post(f"/cases/{case.code}/meetings/new/", data)
    (sent,) = [m for m in mail.outbox if m.to == ["manager@example.org"]]
    (event,) = Calendar.from_ical(sent.attachments[0][1]).walk("VEVENT")
    attendees = sorted(str(a) for a in event.get("attendee", []))
    assert attendees == ["mailto:champion@example.org", "mailto:manager@example.org"]
    assert str(event["location"]).split() == sneaky.split()  # still the words they typed
    assert "someone.else@example.org" not in [m.to[0] for m in mail.outbox]


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("👋" * 301, "Where must be 300 characters or fewer"),
        (WHITESPACE, "Enter where the meeting is"),
        ("Room\x004", "Remove the unusual invisible character (a null character) from your answer"),
    ],
)
def test_a_place_too_long_blank_or_with_a_null_is_refused_kindly(
    client, setting, place: str, message: str
) -> None:
    champion, _, case, held = setting
    sign_in(client, champion)
    body = refused(
        client.post(f"/cases/{case.code}/meetings/new/", new_meeting(place)), "place", message
    )
    if len(place) > 300:
        assert f'value="{place}"' in body  # nothing cut off: they can shorten it themselves
    assert list(Meeting.objects.filter(case=case)) == [held]
    moved = client.post(f"/cases/{case.code}/meetings/{held.code}/change/", new_meeting(place))
    refused(moved, "place", message)
    held.refresh_from_db()
    assert held.place == "Room 4"


def test_300_characters_of_emoji_are_a_place(client, setting) -> None:
    champion, _, case, _ = setting
    sign_in(client, champion)
    client.post(f"/cases/{case.code}/meetings/new/", new_meeting("👋" * 300))
    assert Meeting.objects.filter(case=case, place="👋" * 300).exists()


def test_minutes_are_kept_intact_and_shown_escaped_to_staff_and_raiser(client, setting) -> None:
    champion, _, case, held = setting
    sign_in(client, champion)
    url = f"/cases/{case.code}/meetings/{held.code}/minutes/"
    client.post(url, {"minutes": MULTILINE, "shared_with_raiser": "yes"})
    (shown,) = services.read_meetings(case, champion)
    assert shown.minutes == MULTILINE
    shown_escaped(
        client.get(f"/cases/{case.code}/meetings/{held.code}/").content.decode(), MULTILINE
    )
    shown_escaped(raiser_client(case).get("/track/concern/").content.decode(), MULTILINE)


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("é" * 20001, "The minutes must be 20,000 characters or fewer"),
        (WHITESPACE, "Enter the minutes"),
    ],
)
def test_minutes_too_long_or_blank_are_refused_kindly(
    client, setting, minutes: str, message: str
) -> None:
    champion, _, case, held = setting
    sign_in(client, champion)
    url = f"/cases/{case.code}/meetings/{held.code}/minutes/"
    refused(client.post(url, {"minutes": minutes, "shared_with_raiser": "yes"}), "minutes", message)
    held.refresh_from_db()
    assert held.minutes_recorded is None


def test_an_action_is_kept_intact_and_shown_escaped_to_champion_and_owner(client, setting) -> None:
    champion, manager, case, held = setting
    sign_in(client, champion)
    client.post(
        f"/cases/{case.code}/meetings/{held.code}/actions/new/", new_action(manager, MULTILINE)
    )
    (shown,) = services.read_actions(case, champion)
    assert shown.description == MULTILINE
    shown_escaped(
        client.get(f"/cases/{case.code}/meetings/{held.code}/").content.decode(), MULTILINE
    )
    sign_in(client, manager)
    shown_escaped(client.get("/actions/").content.decode(), MULTILINE)


@pytest.mark.parametrize(
    ("description", "message"),
    [
        ("👋" * 2001, "The action must be 2,000 characters or fewer"),
        (WHITESPACE, "Enter what will be done"),
    ],
)
def test_an_action_too_long_or_blank_is_refused_kindly(
    client, setting, description: str, message: str
) -> None:
    champion, manager, case, held = setting
    sign_in(client, champion)
    url = f"/cases/{case.code}/meetings/{held.code}/actions/new/"
    refused(client.post(url, new_action(manager, description)), "description", message)
    assert not Action.objects.filter(case=case).exists()


def test_a_progress_note_is_kept_intact_and_shown_escaped(client, setting, action) -> None:
    champion, manager, case, held = setting
    sign_in(client, manager)
    client.post(f"/actions/{action.code}/", {"status": "in_progress", "note": MULTILINE})
    (shown,) = services.read_actions(case, champion)
    assert [u.note for u in shown.updates] == [MULTILINE]
    shown_escaped(client.get(f"/actions/{action.code}/").content.decode(), MULTILINE)
    sign_in(client, champion)
    shown_escaped(
        client.get(f"/cases/{case.code}/meetings/{held.code}/").content.decode(), MULTILINE
    )


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("👋" * 5001, "The update must be 5,000 characters or fewer"),
        (WHITESPACE, "Enter what has been done"),
    ],
)
def test_a_progress_note_too_long_or_blank_is_refused_kindly(
    client, setting, action, note: str, message: str
) -> None:
    _, manager, _, _ = setting
    sign_in(client, manager)
    refused(
        client.post(f"/actions/{action.code}/", {"status": "done", "note": note}), "note", message
    )
    assert not action.updates.exists()


def test_the_meeting_place_says_it_is_kept_and_emailed_as_written(client, setting) -> None:
    champion, _, case, _ = setting
    sign_in(client, champion)
    page = client.get(f"/cases/{case.code}/meetings/new/").content.decode()
    hint = re.search(r'<div id="(id_place[^"]*)" class="govuk-hint">([^<]*)</div>', page)
    assert hint, "the place field has a hint"
    assert "kept and emailed as written" in hint.group(2)
    assert "do not write anything about the concern here" in hint.group(2)
    assert re.search(rf'<input[^>]*name="place"[^>]*aria-describedby="[^"]*{hint.group(1)}', page)
