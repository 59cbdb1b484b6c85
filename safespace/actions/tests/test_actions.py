"""A senior manager's actions: only their own, only the context the raiser allowed."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safespace.accounts.models import Directorate, Role
from safespace.actions import services
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.cases.models import Sharing
from safespace.cases.services import assign, create, shred
from safespace.policy import RAISER_CASE, RAISER_SINCE
from tests.helpers import sign_in


@pytest.fixture
def setting(make_user, network):
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    manager = make_user("manager@example.org", (network, Role.MANAGER))
    other = make_user("other.manager@example.org", (network, Role.MANAGER))

    def case_with_action(level: str, owner=manager, words: str = "Review the rota"):
        case = create.create_case(
            create.NewConcern(
                network=network,
                narrative="The story itself",
                raiser_name="Kwame Asante",
                share_with_manager=level,
            )
        )
        assign.assign_champion(case, champion, actor=None)
        meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 4")
        action = services.add_action(
            meeting,
            champion,
            description=words,
            owner=owner,
            due=timezone.localdate() + datetime.timedelta(days=7),
            shared_with_raiser=True,
        )
        return case, action

    return champion, manager, other, case_with_action


def test_a_manager_sees_only_their_own_actions_and_only_what_was_shared(client, setting) -> None:
    _, manager, other, case_with_action = setting
    anonymous, _ = case_with_action(Sharing.ANONYMOUS, words="Anonymous action words")
    named, _ = case_with_action(Sharing.NAMED, words="Named action words")
    private, _ = case_with_action(Sharing.NONE, words="Private action words")
    case_with_action(Sharing.NAMED, owner=other, words="Someone else's action")
    sign_in(client, manager)
    page = client.get("/actions/").content.decode()
    for words in ("Anonymous action words", "Named action words", "Private action words"):
        assert words in page
    assert "Someone else's action" not in page
    assert "The story itself" not in page
    assert page.count("Kwame Asante") == 1  # only where the raiser agreed to be named
    assert anonymous.reference in page and named.reference in page
    assert private.reference not in page


def test_the_owner_records_progress_the_champion_confirms_and_the_raiser_can_dispute(
    client, setting
) -> None:
    champion, manager, other, case_with_action = setting
    case, action = case_with_action(Sharing.ANONYMOUS)
    sign_in(client, other)
    assert client.get(f"/actions/{action.code}/").status_code == 404
    sign_in(client, manager)
    url = f"/actions/{action.code}/"
    assert "Enter what has been done" in client.post(url, {"status": "done"}).content.decode()
    client.post(url, {"status": "done", "note": "New rota published on the intranet"})
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.confirmed_at is None
    sign_in(client, champion)
    client.post(f"/cases/{case.code}/actions/{action.code}/confirm/")
    action.refresh_from_db()
    assert action.confirmed_by == champion

    them = Client()
    session = them.session
    session[RAISER_CASE], session[RAISER_SINCE] = str(case.code), time.time()
    session.save()
    page = them.get("/track/concern/").content.decode()
    assert "Review the rota" in page and "New rota published" in page
    them.post(
        f"/track/concern/actions/?action={action.code}",
        {"words": "Nothing changed on my team"},
    )
    action.refresh_from_db()
    assert action.disputed_at is not None
    meeting_page = client.get(f"/cases/{case.code}/meetings/{action.meeting.code}/")
    assert "Nothing changed on my team" in meeting_page.content.decode()


def test_the_actions_page_costs_the_same_for_few_and_many(client, setting) -> None:
    _, manager, _, case_with_action = setting
    for _ in range(2):
        case_with_action(Sharing.ANONYMOUS)
    sign_in(client, manager)
    client.get("/actions/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/actions/").status_code == 200
        return len(captured)

    few = queries()
    for _ in range(8):
        case_with_action(Sharing.NAMED)
    assert queries() == few == 11


def change(action: Action, **fields: object) -> None:
    """Change an action through its save, as the service does, so that insight's summary of
    actions (which the scorecard reads) hears of it; a queryset's update would not."""
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()


def test_the_scorecard_counts_by_directorate_and_owner(client, setting, make_user, network):
    _, manager, _, case_with_action = setting
    manager.directorate = Directorate.objects.create(name="Housing")
    manager.save()
    _, late = case_with_action(Sharing.ANONYMOUS)
    _, overdue = case_with_action(Sharing.ANONYMOUS)
    _, on_time = case_with_action(Sharing.ANONYMOUS)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    change(
        late,
        status=ActionStatus.DONE,
        due=yesterday - datetime.timedelta(days=5),
        done_at=timezone.now(),
    )
    change(overdue, due=yesterday)
    change(on_time, status=ActionStatus.DONE, done_at=timezone.now())
    director = make_user("director@example.org", (network, Role.DIRECTOR))
    sign_in(client, director)
    page = client.get("/actions/accountability/").content.decode()
    row = page.split("Housing")[1].split("</tr>")[0]
    cells = [c.split(">")[-1] for c in row.split("</td>")[:-1]]
    assert cells[:4] == ["3", "0", "1", "1"]  # actions, not yet due, done on time, done late
    assert ">1</strong>" in row  # overdue


def cells_of(row: str) -> list[int]:
    return [int(n) for n in re.findall(r"<td[^>]*>(?:<strong[^>]*>)?(\d+)", row)]


def test_every_scorecard_row_adds_up(client, setting, make_user, network) -> None:
    """Each action is in exactly one outcome column, on every row of both tables."""
    _, manager, _, case_with_action = setting
    manager.directorate = Directorate.objects.create(name="Housing")
    manager.save()
    today = timezone.localdate()
    made = [case_with_action(Sharing.ANONYMOUS)[1] for _ in range(6)]
    late, overdue, on_time, not_done, pending, done_today = made
    change(
        late,
        status=ActionStatus.DONE,
        due=today - datetime.timedelta(days=9),
        done_at=timezone.now(),
    )
    change(overdue, status=ActionStatus.IN_PROGRESS, due=today - datetime.timedelta(days=2))
    change(
        on_time,
        status=ActionStatus.DONE,
        due=today - datetime.timedelta(days=1),
        done_at=timezone.now() - datetime.timedelta(days=3),
    )
    change(not_done, status=ActionStatus.NOT_DONE, due=today - datetime.timedelta(days=4))
    change(pending, due=today + datetime.timedelta(days=30))
    change(done_today, status=ActionStatus.DONE, done_at=None)
    sign_in(client, make_user("director@example.org", (network, Role.DIRECTOR)))
    page = client.get("/actions/accountability/").content.decode()
    assert "What each column counts" in page
    body_rows = [
        part.split("</tr>")[0]
        for table in page.split("<tbody")[1:]
        for part in table.split("</tbody>")[0].split('<tr class="govuk-table__row">')[1:]
    ]
    assert len(body_rows) == 2  # Housing, and the one owner
    for row in body_rows:
        total, *outcomes = cells_of(row)
        assert total == 6
        assert sum(outcomes) == total, row
        assert outcomes == [1, 2, 1, 1, 1]


def test_an_erased_concerns_action_is_gone_from_its_owners_pages(client, setting) -> None:
    _, manager, _, case_with_action = setting
    erased, action = case_with_action(Sharing.NAMED, words="Erased action words")
    case_with_action(Sharing.NAMED, words="Kept action words")
    shred.shred_case(erased, None)
    sign_in(client, manager)
    page = client.get("/actions/").content.decode()
    assert "Kept action words" in page
    assert erased.reference not in page
    assert client.get(f"/actions/{action.code}/").status_code == 404


def test_the_list_shows_what_is_still_to_do_and_the_finished_ones_a_link_away(
    client, setting, monkeypatch
) -> None:
    _, manager, _, case_with_action = setting
    today = timezone.localdate()
    for days, words in ((3, "Soonest to do"), (9, "Later to do"), (20, "Last to do")):
        _, action = case_with_action(Sharing.ANONYMOUS, words=words)
        Action.objects.filter(pk=action.pk).update(due=today + datetime.timedelta(days=days))
    for days, status, words in (
        (-5, "done", "Done lately"),
        (-40, "not_done", "Not done long ago"),
    ):
        _, action = case_with_action(Sharing.ANONYMOUS, words=words)
        Action.objects.filter(pk=action.pk).update(
            due=today + datetime.timedelta(days=days), status=status
        )
    sign_in(client, manager)

    to_do = client.get("/actions/").content.decode()
    assert to_do.index("Soonest to do") < to_do.index("Later to do") < to_do.index("Last to do")
    assert "Done lately" not in to_do and "Not done long ago" not in to_do
    assert 'href="/actions/?finished=yes"' in to_do

    finished = client.get("/actions/?finished=yes").content.decode()
    assert finished.index("Done lately") < finished.index("Not done long ago")
    assert "Soonest to do" not in finished

    # Longer than a page: a page at a time, each list keeping to itself.
    monkeypatch.setattr("safespace.actions.views.PAGE", 2)
    to_do = client.get("/actions/").content.decode()
    assert "Last to do" not in to_do and 'href="/actions/?page=2"' in to_do
    assert "Last to do" in client.get("/actions/?page=2").content.decode()
    monkeypatch.setattr("safespace.actions.views.PAGE", 1)
    finished = client.get("/actions/?finished=yes").content.decode()
    assert "Not done long ago" not in finished
    assert 'href="/actions/?finished=yes&amp;page=2"' in finished
    later = client.get("/actions/?finished=yes&page=2").content.decode()
    assert "Not done long ago" in later and "Done lately" not in later


def test_a_manager_with_nothing_to_do_is_told_so(client, setting) -> None:
    _, manager, _, case_with_action = setting
    _, action = case_with_action(Sharing.ANONYMOUS, words="All done")
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.DONE)
    sign_in(client, manager)
    assert "You have no actions to do." in client.get("/actions/").content.decode()
    assert "All done" in client.get("/actions/?finished=yes").content.decode()
