"""The accountability page reads insight's summary of actions, and gives exactly what counting
every action from the rows gives (scorecard.counts, as the page once counted), in the same
order, for a few queries however many actions there are."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safespace.accounts.models import Directorate, Network, Role, User
from safespace.actions import scorecard
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.cases.models import Case
from safespace.cases.services import create
from safespace.insights import summaries
from safespace.insights.models import Recount, Tally
from tests.helpers import sign_in

Table = list[tuple[str, list[int]]]


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def moment(n: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(days(n), datetime.time(12)))


class History:
    """Actions set at meetings on one concern in each network, owned by a few senior managers."""

    def __init__(self, network: Network, other: Network, make_user: Callable[..., User]) -> None:
        housing = Directorate.objects.create(name="Housing")
        place = Directorate.objects.create(name="Place")
        self.owners = [
            make_user("zara.owen@example.org", (network, Role.MANAGER)),
            make_user("amir.bell@example.org", (network, Role.MANAGER)),
            make_user("nobody.known@example.org", (network, Role.MANAGER)),
        ]
        self.owners[0].directorate, self.owners[1].directorate = place, housing
        for owner in self.owners[:2]:
            owner.save()
        self.cases = [self.concern(network), self.concern(other)]

    @staticmethod
    def concern(network: Network) -> Case:
        return create.create_case(create.NewConcern(network=network, narrative="story"))

    def action(self, n: int, due: int, status: str = ActionStatus.NOT_STARTED) -> Action:
        """The nth action: its owner and network by turns, due `due` days from today, done (if
        it is done) the day before or after, by turns."""
        case = self.cases[n % 2]
        meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 1")
        done_at = moment(due + (1 if n % 3 else -1)) if status == ActionStatus.DONE else None
        return Action.objects.create(
            meeting=meeting,
            case=case,
            owner=self.owners[n % 3],
            due=days(due),
            status=status,
            done_at=done_at,
        )

    def make(self, count: int) -> list[Action]:
        """`count` actions in every state, due months ago, last week, today, next week and in
        months to come, so that the page reads whole months, days and today."""
        dues = (-100, -7, 0, 7, 70)
        return [
            self.action(n, dues[n % len(dues)], ActionStatus.values[n % len(ActionStatus.values)])
            for n in range(count)
        ]


@pytest.fixture
def history(network, other_network, make_user) -> History:
    return History(network, other_network, make_user)


@pytest.fixture
def director(client: Client, network, make_user) -> Client:
    """The Director of the first network only: the second's actions are not theirs to see."""
    return sign_in(client, make_user("director@example.org", (network, Role.DIRECTOR)))


def from_rows(network: Network) -> tuple[Table, Table]:
    """Both tables as the page counted them before the summary: every action of the network,
    grouped by the owner's directorate name and by the owner's name, in the database's order."""
    actions = Action.objects.filter(case__network=network)
    counted = scorecard.counts(timezone.localdate())

    def table(field: str, unnamed: str) -> Table:
        rows = actions.values(field).annotate(**counted).order_by(field)
        return [
            (
                row[field] or unnamed,
                [row[scorecard.ACTIONS], *(row[o.key] for o in scorecard.OUTCOMES)],
            )
            for row in rows
        ]

    return table("owner__directorate__name", "Not known"), table("owner__full_name", "")


def on_the_page(client: Client) -> tuple[Table, Table]:
    page = client.get("/actions/accountability/")
    assert page.status_code == 200
    bodies = re.findall(r"<tbody[^>]*>(.*?)</tbody>", page.content.decode(), re.S)
    tables = [
        [
            (name, [int(n) for n in re.findall(r"<td[^>]*>(?:<strong[^>]*>)?(\d+)", cells)])
            for name, cells in re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', body, re.S)
        ]
        for body in bodies
    ]
    assert len(tables) == 2
    return tables[0], tables[1]


def change(action: Action, **fields: object) -> None:
    """Change an action as the service does, through its save, which marks its days."""
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()


def test_the_page_gives_what_the_rows_give(director, history, network) -> None:
    made = history.make(30)
    # The worker counts these into the summary; then some change, and more are set, so that
    # their days are read from the rows.
    summaries.recount_marked()

    def first(status: str, due: int) -> Action:
        return next(a for a in made if a.status == status and a.due == days(due))

    change(first(ActionStatus.NOT_STARTED, -100), status=ActionStatus.DONE, done_at=moment(-1))
    change(first(ActionStatus.NOT_STARTED, 7), status=ActionStatus.NOT_DONE)
    change(first(ActionStatus.IN_PROGRESS, -7), due=days(-3))
    change(first(ActionStatus.DONE, 70), status=ActionStatus.IN_PROGRESS, done_at=None)
    change(first(ActionStatus.IN_PROGRESS, 0), due=days(40))  # from today into next month
    history.make(7)
    assert Tally.objects.filter(measure="action").exists()
    assert Recount.objects.exists()
    by_directorate, by_owner = on_the_page(director)
    assert (by_directorate, by_owner) == from_rows(network)
    # Every outcome has some, the second network's actions are not among them, and the
    # owner with no directorate is there as not known.
    columns = [sum(cells[i] for _, cells in by_owner) for i in range(6)]
    assert all(columns)
    assert (
        columns[0] == Action.objects.filter(case__network=network).count() < Action.objects.count()
    )
    assert "Not known" in dict(by_directorate)
    # Once the worker has counted everything, nothing changes.
    summaries.recount_marked()
    assert not Recount.objects.exists()
    assert on_the_page(director) == (by_directorate, by_owner)


def test_an_empty_history_says_so(director) -> None:
    body = director.get("/actions/accountability/").content.decode()
    assert body.count("No actions yet.") == 2


def test_the_page_costs_the_same_for_few_and_many_actions(director, history) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            on_the_page(director)
        return len(captured)

    on_the_page(director)  # what every page reads once and keeps (the network's contacts)
    made = history.make(5)
    summaries.recount_marked()
    change(made[0], status=ActionStatus.DONE, done_at=moment(-1))
    few = queries()
    made = history.make(50)
    summaries.recount_marked()
    change(made[20], status=ActionStatus.DONE, done_at=moment(-1))
    change(made[31], due=days(-2))
    assert queries() == few <= 11
