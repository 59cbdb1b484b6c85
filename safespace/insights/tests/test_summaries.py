"""The insight summary always gives the figures the rows give.

Random histories of concerns, closings, time, messages, actions, feedback, check-ins and HR
alerts, with some days counted into the summary by the worker and then changed again (a stage
moved, time moved to another day, an action's date changed, a theme deleted, a closing
reopened): every figure from the summary equals the same figure counted from the rows, and
every tally equals its rows once the worker has run.
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safespace.accounts.models import Directorate, Network, Role, Theme, User
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.aftercare.models import (
    CheckIn,
    Closure,
    Detriment,
    FeedbackAnswer,
    Outcome,
    SpeakUpAgain,
)
from safespace.cases.models import Activity, Case, Channel, Message, Stage, TimeEntry
from safespace.cases.services import create
from safespace.insights import figures, ftsu, summaries
from safespace.insights.ftsu import Quarter
from safespace.insights.models import Recount, Tally
from safespace.keystore.router import KEYS
from safespace.tripwire.models import Alert, EventKind, HREvent

pytestmark = pytest.mark.django_db(databases=["default", "keys"], transaction=False)

FIRST = datetime.date(2025, 3, 1)
DAYS = 120  # the histories happen over these days from FIRST


def day(offset: int) -> datetime.date:
    return FIRST + datetime.timedelta(days=offset)


def at(offset: int, hour: int) -> datetime.datetime:
    """A moment in London; hours near midnight test the day a moment belongs to."""
    return timezone.make_aware(datetime.datetime.combine(day(offset), datetime.time(hour)))


offsets = st.integers(0, DAYS - 1)
hours = st.sampled_from([0, 9, 23])

concerns = st.lists(
    st.fixed_dictionaries(
        {
            "raised": offsets,
            "hour": hours,
            "channel": st.sampled_from(Channel.values),
            "stage": st.sampled_from(Stage.values),
            "themes": st.sets(st.integers(0, 3), max_size=3),
            "directorates": st.sets(st.integers(0, 1), max_size=2),
            "anonymous": st.booleans(),
            "due": st.none() | st.integers(0, 10),
            "closed": st.none()
            | st.tuples(st.integers(0, 40), hours, st.sampled_from(Outcome.values), st.booleans()),
            "time": st.lists(
                st.tuples(
                    st.integers(0, 30), st.integers(0, 300), st.sampled_from(Activity.values)
                ),
                max_size=3,
            ),
            "messages": st.lists(st.tuples(st.integers(0, 20), hours, st.booleans()), max_size=2),
            "actions": st.lists(
                st.tuples(
                    st.integers(0, 1),
                    st.integers(0, 60),
                    st.sampled_from(ActionStatus.values),
                    st.none() | st.integers(-5, 5),
                ),
                max_size=2,
            ),
            "check_in": st.none()
            | st.tuples(st.integers(0, 20), st.sets(st.sampled_from(Detriment.values))),
            "alert": st.none() | st.tuples(st.integers(0, 20), st.sampled_from(EventKind.values)),
        }
    ),
    min_size=1,
    max_size=6,
)
feedback = st.lists(
    st.tuples(st.integers(0, 3), st.integers(1, 5), st.sampled_from(SpeakUpAgain.values)),
    max_size=4,
)
# After the worker has counted the history in, one of these happens to it.
changes = st.lists(
    st.sampled_from(["stage", "time", "action", "theme", "reopen", "message", "delete time"]),
    max_size=3,
)
periods = st.tuples(offsets, offsets).map(sorted)


@dataclasses.dataclass
class World:
    network: Network
    other: Network
    themes: list[Theme]
    directorates: list[Directorate]
    champion: User
    owners: list[User]


@pytest.fixture
def world(network, other_network, make_user) -> World:
    themes = [
        Theme.objects.create(network=network, name=name)
        for name in ("Inappropriate banter", "Probation", "Bullying", "Car parking")
    ]
    directorates = [Directorate.objects.create(name=name) for name in ("Place", "People")]
    owners = [
        make_user("owner1@example.org", (network, Role.MANAGER)),
        make_user("owner2@example.org", (network, Role.MANAGER)),
    ]
    User.objects.filter(pk=owners[0].pk).update(directorate=directorates[0])
    return World(
        network=network,
        other=other_network,
        themes=themes,
        directorates=directorates,
        champion=make_user("champion@example.org", (network, Role.CHAMPION)),
        owners=owners,
    )


def make_history(world: World, drawn: list[dict[str, Any]], answers: list) -> list[Case]:
    cases = []
    for i, spec in enumerate(drawn):
        network = world.network if i % 4 else world.other
        case = create.create_case(
            create.NewConcern(
                network=network,
                narrative="story",
                channel=spec["channel"],
                themes=[world.themes[t] for t in spec["themes"]]
                if network == world.network
                else [],
                directorates_concerned=[world.directorates[d] for d in spec["directorates"]],
            )
        )
        case.created = at(spec["raised"], spec["hour"])
        case.stage = spec["stage"]
        case.anonymous = spec["anonymous"]
        due = spec["due"]
        case.first_contact_due = None if due is None else day(spec["raised"] + due)
        case.save(update_fields=["created", "stage", "anonymous", "first_contact_due"])
        cases.append(case)
        closure = None
        if spec["closed"]:
            after, hour, outcome, reopened = spec["closed"]
            closed_at = at(spec["raised"] + after, hour)
            closure = Closure.objects.create(
                case=case,
                outcome=outcome,
                closed_at=closed_at,
                reopened_at=closed_at if reopened else None,
            )
        for after, minutes, activity in spec["time"]:
            TimeEntry.objects.create(
                case=case,
                champion=world.champion,
                day=day(spec["raised"] + after),
                minutes=minutes,
                activity=activity,
            )
        for after, hour, from_raiser in spec["messages"]:
            Message.objects.create(
                case=case, from_raiser=from_raiser, sent=at(spec["raised"] + after, hour)
            )
        for owner, after, status, done in spec["actions"]:
            meeting = Meeting.objects.create(case=case, starts=at(spec["raised"], 9), place="Room")
            due_day = day(spec["raised"] + after)
            Action.objects.create(
                meeting=meeting,
                case=case,
                owner=world.owners[owner],
                due=due_day,
                status=status,
                done_at=None if done is None else at(spec["raised"] + after + done, 12),
            )
        if spec["check_in"] and closure is not None:
            after, happened = spec["check_in"]
            CheckIn.objects.create(
                case=case,
                closure=closure,
                months_after=3,
                due=day(spec["raised"]),
                answered_at=at(spec["raised"] + after, 10),
                happened=sorted(happened),
            )
        if spec["alert"]:
            after, kind = spec["alert"]
            event = HREvent.objects.create(
                key=uuid.uuid4().hex, kind=kind, date=day(spec["raised"]), batch=uuid.uuid4()
            )
            Alert.objects.create(case=case, event=event, created=at(spec["raised"] + after, 11))
    for month, heard, again in answers:
        FeedbackAnswer.objects.create(
            network=world.network,
            month=(FIRST + datetime.timedelta(days=31 * month)).replace(day=1),
            felt_heard=heard,
            speak_up_again=again,
        )
    return cases


def change(world: World, cases: list[Case], what: str) -> None:
    case = cases[-1]
    if what == "stage":
        case.stage = Stage.CLOSED if case.stage != Stage.CLOSED else Stage.LISTENING
        case.save(update_fields=["stage"])
    elif what == "time":
        entry = TimeEntry.objects.filter(case__in=cases).first()
        if entry:
            entry.day += datetime.timedelta(days=9)
            entry.save()
    elif what == "delete time":
        entry = TimeEntry.objects.filter(case__in=cases).order_by("-pk").first()
        if entry:
            entry.delete()
    elif what == "action":
        action = Action.objects.filter(case__in=cases).first()
        if action:
            action.due -= datetime.timedelta(days=20)
            action.save()
    elif what == "theme":
        # A fresh copy, if not deleted already: deleting clears the object's id, and the
        # world's copy outlives this example.
        for theme in Theme.objects.filter(pk=world.themes[0].pk):
            theme.delete()
    elif what == "reopen":
        closure = Closure.objects.filter(case__in=cases, reopened_at__isnull=True).first()
        if closure:
            closure.reopened_at = timezone.now()
            closure.save()
    elif what == "message":
        Message.objects.create(case=case, from_raiser=False, sent=case.created)


def every_figure(scope: figures.Scope) -> dict[str, Any]:
    found: dict[str, Any] = {
        key: (table.rows, table.cells)
        for key, table in ((k, f(scope)) for k, f in figures.TABLES.items())
    }
    found["first contact"] = figures.first_contact(scope)
    found["median"] = figures.median_days_to_close(scope)
    found["ftsu"] = ftsu.concern_counts(scope, ())
    found["ftsu detriment"] = ftsu.detriment_counts(scope).cells
    return found


def both(networks: tuple[Network, ...], first: int, last: int) -> tuple[dict, dict]:
    scope = figures.Scope(networks, day(first), day(last))
    rows = dataclasses.replace(scope, from_rows=True)
    return every_figure(scope), every_figure(rows)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=concerns, answers=feedback, changed=changes, period=periods, fold=st.booleans())
def test_every_figure_from_the_summary_equals_the_figure_from_the_rows(
    world: World, drawn, answers, changed, period, fold: bool
) -> None:
    with transaction.atomic(), transaction.atomic(using=KEYS):
        cases = make_history(world, drawn, answers)
        if fold:
            summaries.recount_marked()
        for what in changed:
            change(world, cases, what)
        for networks in ((world.network,), (world.network, world.other)):
            from_summary, from_rows = both(networks, *period)
            assert from_summary == from_rows
        # Once the worker has run, nothing is counted from the rows, and every tally is right.
        summaries.recount_marked()
        assert not Recount.objects.exists()
        assert summaries.differences([world.network.pk, world.other.pk]) == []
        from_summary, from_rows = both((world.network, world.other), *period)
        assert from_summary == from_rows
        transaction.set_rollback(True)
        transaction.set_rollback(True, using=KEYS)


def test_rebuilding_counts_what_changed_without_the_service(world: World) -> None:
    cases = make_history(
        world,
        [
            {
                "raised": 3,
                "hour": 9,
                "channel": Channel.PHONE,
                "stage": Stage.LISTENING,
                "themes": {0},
                "directorates": set(),
                "anonymous": True,
                "due": 2,
                "closed": None,
                "time": [(0, 30, Activity.LISTENING)],
                "messages": [],
                "actions": [],
                "check_in": None,
                "alert": None,
            }
        ]
        * 2,
        [],
    )
    summaries.recount_marked()
    assert summaries.differences([world.network.pk, world.other.pk]) == []
    # A change by SQL marks nothing: the check finds it, and a rebuild puts it right.
    Case.objects.filter(pk=cases[1].pk).update(channel=Channel.CONVERSATION)
    with pytest.raises(CommandError, match="differ from their rows"):
        call_command("rebuild_insight", "--check")
    call_command("rebuild_insight")
    call_command("rebuild_insight", "--check")
    assert Tally.objects.filter(measure="channel", key=Channel.CONVERSATION).exists()


def test_a_change_made_while_a_day_is_counted_keeps_it_marked(world: World) -> None:
    make_history(world, [], [(0, 5, SpeakUpAgain.values[0])])
    month = FIRST.replace(day=1)
    marked = Recount.objects.get(network=world.network, day=month)
    assert not Tally.objects.filter(measure="heard").exists()
    real_count = summaries.count

    def count_then_change(ids, days):
        found = list(real_count(ids, days))
        # Someone answers while the worker counts: their change moves `marked` on.
        FeedbackAnswer.objects.create(
            network=world.network, month=month, felt_heard=1, speak_up_again=SpeakUpAgain.values[0]
        )
        return found

    summaries.count = count_then_change
    try:
        summaries.recount(world.network.pk, month)
    finally:
        summaries.count = real_count
    # The change is counted from the rows until the next run counts it in.
    assert Recount.objects.filter(network=world.network, day=month).exclude(pk=marked.pk).exists()
    scope = figures.Scope((world.network,), month, month)
    assert sum(figures.felt_heard(scope).cells[i][0] for i in range(5)) == 2
    summaries.recount_marked()
    assert sum(figures.felt_heard(dataclasses.replace(scope)).cells[i][0] for i in range(5)) == 2


def test_the_worker_recounts_marked_days_every_hour() -> None:
    from safespace.worker.schedule import JOBS

    job = next(job for job in JOBS if job.name == "recount insight")
    assert job.hourly


def test_the_return_of_a_quarter_reads_the_summary(world: World) -> None:
    quarter = Quarter.containing(FIRST)
    made = make_history(
        world,
        [
            {
                "raised": 1,
                "hour": 9,
                "channel": Channel.ONLINE,
                "stage": Stage.NEW,
                "themes": {0, 1},
                "directorates": set(),
                "anonymous": False,
                "due": None,
                "closed": None,
                "time": [],
                "messages": [],
                "actions": [],
                "check_in": None,
                "alert": None,
            }
        ]
        * 5,
        [],
    )
    assert len(made) == 5
    summaries.recount_marked()
    built = ftsu.build(world.network, quarter, exact=True)
    rows = dict(built.table.rows)
    assert rows[ftsu.RAISED][0].value == 3  # the first and the fifth are in the other network
