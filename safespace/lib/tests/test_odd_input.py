"""Absurd dates and untimely records get a clear message naming the field, never a save."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safespace.actions.models import Action, Meeting
from safespace.cases.models import TimeEntry
from safespace.lib.forms import whole_number
from tests.helpers import new_action, new_meeting, sign_in
from tests.helpers import setting as setting

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


@pytest.mark.parametrize(
    ("typed", "read"),
    [("42", 42), (" 7 ", 7), ("007", 7), ("²", None), ("٣", None), ("9" * 5000, None)],
)
def test_only_ascii_digits_of_sensible_length_are_a_whole_number(typed, read) -> None:
    assert whole_number(typed) == read


def test_time_before_the_concern_existed_is_refused(client: Client, setting) -> None:
    champion, _, case, _ = setting
    sign_in(client, champion)
    for day in ("0001-01-01", (timezone.localdate() - datetime.timedelta(days=400)).isoformat()):
        page = client.post(
            f"/cases/{case.code}/time/", {"day": day, "minutes": "30", "activity": "listening"}
        ).content.decode()
        assert "The date must be on or after" in page
        assert "when the concern was raised" in page
    assert not TimeEntry.objects.exists()


def test_a_meeting_in_9999_is_refused_saying_the_bound(client: Client, setting) -> None:
    champion, _, case, _ = setting
    sign_in(client, champion)
    page = client.post(
        f"/cases/{case.code}/meetings/new/", {**new_meeting("Room 2"), "day": "9999-12-31"}
    ).content.decode()
    assert "The meeting must be within a year, on or before" in page
    assert not Meeting.objects.filter(place="Room 2").exists()


def test_an_action_due_in_9999_is_refused_saying_the_bound(client: Client, setting) -> None:
    champion, manager, case, held = setting
    sign_in(client, champion)
    page = client.post(
        f"/cases/{case.code}/meetings/{held.code}/actions/new/",
        {**new_action(manager, "Review the rota"), "due": "9999-12-31"},
    ).content.decode()
    assert "The due date must be within two years, on or before" in page
    assert not Action.objects.exists()


def test_minutes_and_actions_wait_for_the_meeting_to_happen(client: Client, setting) -> None:
    champion, manager, case, _ = setting
    coming = Meeting.objects.create(
        case=case, starts=timezone.now() + datetime.timedelta(days=2), place="Room 3"
    )
    sign_in(client, champion)
    path = f"/cases/{case.code}/meetings/{coming.code}/minutes/"

    sent = client.post(path, {"minutes": "We agreed things", "shared_with_raiser": "no"})

    assert sent.status_code == 302
    assert "can be recorded once the meeting has taken place" in (
        client.get(sent["Location"]).content.decode()
    )
    coming.refresh_from_db()
    assert coming.minutes_recorded is None
    plan = client.post(
        f"/cases/{case.code}/meetings/{coming.code}/actions/new/",
        new_action(manager, "Review the rota"),
    )
    assert plan.status_code == 302
    assert not Action.objects.exists()


DJANGO_WORDING = ("Select a valid choice", "Ensure this value", "This field is required")


def test_a_field_shows_one_message_and_never_djangos_wording(client: Client, network) -> None:
    page = client.post(
        "/raise/contact/", {"method": "phone", "phone": "7" * 1_048_576, "email": "x" * 1_048_576}
    ).content.decode()
    assert page.count("Enter a phone number of 20 characters or fewer") == 2  # summary + field
    assert "Enter your phone number" not in page
    for wording in DJANGO_WORDING:
        assert wording not in page

    page = client.post("/raise/what-you-want/", {"want": "<script>"}).content.decode()
    assert "govuk-error-summary" in page
    for wording in DJANGO_WORDING:
        assert wording not in page
