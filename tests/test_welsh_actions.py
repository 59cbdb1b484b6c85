"""Meetings, minutes and action plans in Welsh: every message they show has its Welsh.

The first test walks the addresses of the actions part as every role, the way
tests/test_every_page_translated.py does, with Cymraeg chosen. The second goes through the
states the walk's world does not show: refused answers, the messages after each step, minutes
shared and answered, an action done, confirmed and questioned, a meeting moved and cancelled,
a page changed by someone else meanwhile, and the raiser's own view of what was agreed.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterator
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import User
from safespace.actions import services, views
from safespace.actions.models import Action, Meeting
from tests.helpers import enter, every_page
from tests.helpers import world as world
from tests.words import WORLD, english_left
from tests.words import pseudo as pseudo
from tests.words import untranslated_welsh as untranslated_welsh

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

NAMES = [
    "insights:accountability",
    "actions:detail",
    "actions:list",
    "actions:meeting",
    "concerns:case",
    "meetings:action_new",
    "meetings:cancel",
    "meetings:change",
    "meetings:confirm",
    "meetings:detail",
    "meetings:minutes",
    "meetings:new",
    "staff:home",
]


@pytest.mark.parametrize("name", NAMES)
def test_every_page_of_meetings_and_actions_has_its_welsh(
    world, untranslated_welsh: list[str], name: str
) -> None:
    drawn = [response.content.decode() for _, response in every_page(world, name, "cy")]
    assert any('lang="cy"' in page for page in drawn)
    assert untranslated_welsh == []


TYPED = [
    "Room 2",
    "We talked.",
    "More was said.",
    "Fix the rota",
    "Rota fixed.",
    "Done again.",
    "Once more.",
    "It is not.",
]


def states(people, case, other, language: str) -> Iterator[tuple[str, str]]:
    """Each step of a meeting and its plan, as each person meets it, in `language`."""
    held = Meeting.objects.get()
    action = Action.objects.get()
    today = timezone.localdate()

    def person(role: str) -> Client:
        client = Client()
        client.get(f"/language/{language}/")
        enter(client, role, people, case, other)
        return client

    champion, manager = person("champion_assigned"), person("manager")
    director, raiser = person("director"), person("raiser")

    def page(client: Client, url: str, data: dict[str, str] | None = None) -> tuple[str, str]:
        if data is None:
            return url, client.get(url, follow=True).content.decode()
        return f"{url} sent {sorted(data)}", client.post(url, data, follow=True).content.decode()

    # Scheduling: each refused answer, then the meeting scheduled.
    new = f"/cases/{case.code}/meetings/new/"
    when = {"time": "10:00", "minutes_long": "60", "place": "Room 2"}
    choices = {"director_attends": "yes", "raiser_attends": "no"}
    for refused in (
        {"day": "x", "time": "x", "minutes_long": "x"},
        {**when, "day": (today - datetime.timedelta(days=2)).isoformat(), "minutes_long": "5"},
        {**when, "day": (today + datetime.timedelta(days=800)).isoformat(), "minutes_long": "999"},
    ):
        yield page(champion, new, refused)
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    yield page(champion, new, {**when, **choices, "day": tomorrow})
    coming = Meeting.objects.exclude(pk=held.pk).get()
    base = f"/cases/{case.code}/meetings/{coming.code}/"
    # Too soon for minutes or a plan; then moved, refused, changed meanwhile, and cancelled.
    yield page(champion, f"{base}minutes/")
    yield page(champion, f"{base}actions/new/")
    yield page(champion, f"{base}change/", {"day": "x"})
    yield page(champion, f"{base}change/", {**when, "day": tomorrow, "version": "stale"})
    yield page(champion, f"{base}change/", {**when, "day": tomorrow, "minutes_long": "90"})
    yield page(director, "/accounts/")
    yield page(champion, f"{base}cancel/", {})
    yield page(champion, f"{base}cancel/")
    yield page(director, f"/actions/meetings/{coming.code}/")
    yield page(director, "/accounts/")

    # The held meeting: minutes refused, changed meanwhile, saved and answered by the raiser.
    minutes = f"/cases/{case.code}/meetings/{held.code}/minutes/"
    yield page(champion, minutes, {"minutes": "x" * 20001})
    yield page(champion, minutes, {"minutes": "We talked.", "shared_with_raiser": "yes"})
    again = {"minutes": "We talked.", "shared_with_raiser": "no", "version": "stale"}
    yield page(champion, minutes, again)
    services.respond_to_minutes(held, agree=False, comment="More was said.")
    yield page(champion, f"/cases/{case.code}/meetings/{held.code}/")
    services.respond_to_minutes(held, agree=True, comment="")
    yield page(champion, f"/cases/{case.code}/meetings/{held.code}/")

    # A plan: its refused answers, then an action added.
    plan = f"/cases/{case.code}/meetings/{held.code}/actions/new/"
    past = (today - datetime.timedelta(days=1)).isoformat()
    yield page(champion, plan, {"description": "Fix the rota", "owner": "0", "due": past})
    far = (today + datetime.timedelta(days=1000)).isoformat()
    yield page(champion, plan, {"description": "x" * 2001, "due": far})
    added = {"description": "Fix the rota", "owner": str(people["manager"].pk)}
    yield page(champion, plan, {**added, "due": tomorrow, "shared_with_raiser": "yes"})

    # Its owner: progress refused, changed meanwhile, then done; the champion confirms it.
    progress = f"/actions/{action.code}/"
    yield page(manager, progress, {"note": "x" * 5001})
    stale = {"status": "in_progress", "note": "Rota fixed.", "version": "stale"}
    yield page(manager, progress, stale)
    yield page(manager, progress, {"status": "done", "note": "Rota fixed."})
    yield page(manager, "/actions/")
    yield page(champion, f"/cases/{case.code}/meetings/{held.code}/")
    yield page(raiser, "/track/concern/")
    yield page(champion, f"/cases/{case.code}/actions/{action.code}/confirm/", {})
    services.update_action(action, people["manager"], "done", "Done again.", "manager")
    action.refresh_from_db()
    services.confirm_done(action, people["champion_assigned"])
    yield page(manager, progress, {**stale, "note": "Once more."})
    services.dispute(action, "It is not.")
    yield page(champion, f"/cases/{case.code}/meetings/{held.code}/")
    yield page(director, f"/actions/meetings/{held.code}/")
    yield page(raiser, "/track/concern/")

    # The accountability page with actions in it, and an owner's list too long to show whole.
    yield page(director, "/actions/accountability/")
    yield page(manager, "/actions/?finished=yes")
    with mock.patch.object(views, "PAGE", 1):
        yield page(manager, "/actions/?finished=yes&page=9")


def test_every_word_of_every_state_of_meetings_and_actions_is_marked(world, pseudo) -> None:
    people, case, other = world
    also = [*TYPED, *WORLD, *User.objects.values_list("full_name", flat=True)]
    also += ["x" * n for n in (2001, 5001, 20001)]
    also += [user.email for user in people.values()]
    left = {}
    for label, drawn in states(people, case, other, "en-gb"):
        words = english_left(drawn, *also)
        if words:
            left[label] = " ".join(words)
    assert left == {}


def test_every_state_of_meetings_and_actions_has_its_welsh(
    world, untranslated_welsh: list[str]
) -> None:
    people, case, other = world
    walked = list(states(people, case, other, "cy"))
    scheduled = html.unescape(walked[3][1])
    assert "Mae'r cyfarfod wedi'i drefnu" in scheduled
    assert "Does dim tudalen 9" in html.unescape(walked[-1][1])
    assert untranslated_welsh == []
