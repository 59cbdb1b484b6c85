"""Each figure against the value worked out by hand from a small, fixed set of concerns.

The period is the first quarter of 2025 in London time. Things just outside it (New Year's
Eve at 23:30, 1 April at 00:10, when London is an hour ahead of UTC) and in another network
are there to be left out.
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safespace.accounts.models import Directorate, Network, Role, Theme
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.aftercare.models import CheckIn, Closure, FeedbackAnswer, Outcome
from safespace.cases.models import Activity, Case, Channel, Message, Stage, TimeEntry
from safespace.cases.services import create
from safespace.insights import figures, summaries
from safespace.insights.figures import Scope
from safespace.insights.tables import Counts
from safespace.tripwire.models import Alert, EventKind, HREvent

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)


def at(text: str) -> datetime.datetime:
    """A London wall-clock time, "2025-01-10 10:00"."""
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def concern(
    network: Network,
    when: str,
    *,
    themes: tuple[Theme, ...] = (),
    directorates: tuple[Directorate, ...] = (),
    channel: str = Channel.ONLINE,
    stage: str = Stage.NEW,
    contact_due: datetime.date | None = None,
) -> Case:
    case = create.create_case(
        create.NewConcern(
            network=network,
            narrative="story",
            themes=themes,
            directorates_concerned=directorates,
            channel=channel,
        )
    )
    case.created, case.stage, case.first_contact_due = at(when), stage, contact_due
    case.save(update_fields=["created", "stage", "first_contact_due"])
    case.refresh_from_db()
    return case


@pytest.fixture
def place(db) -> Directorate:
    return Directorate.objects.create(name="Place")


@pytest.fixture
def childrens(db) -> Directorate:
    return Directorate.objects.create(name="Children's Services")


@pytest.fixture
def themes(network) -> dict[str, Theme]:
    return {"Pay": network.themes.get(name="Pay"), "Banter": network.themes.create(name="Banter")}


@pytest.fixture
def scope(network) -> Scope:
    return Scope(networks=(network,), start=START, end=END)


@pytest.fixture
def concerns(network, other_network, themes, place, childrens) -> dict[str, Case]:
    pay, banter = themes["Pay"], themes["Banter"]
    other_pay = other_network.themes.create(name="Pay")
    return {
        "c1": concern(network, "2025-01-10 10:00", themes=(pay,), directorates=(place,)),
        "c2": concern(
            network,
            "2025-01-20 09:00",
            themes=(pay, banter),
            directorates=(place, childrens),
            channel=Channel.PHONE,
            stage=Stage.LISTENING,
        ),
        "c3": concern(
            network, "2025-02-05 10:00", channel=Channel.CONVERSATION, stage=Stage.CLOSED
        ),
        "c4": concern(network, "2025-03-31 23:30", themes=(pay,), stage=Stage.CLOSED),
        # Outside the period, or the network.
        "before": concern(network, "2024-12-31 23:30", themes=(pay,), directorates=(place,)),
        "after": concern(network, "2025-04-01 00:10", themes=(banter,), directorates=(place,)),
        "other": concern(
            other_network, "2025-02-01 12:00", themes=(other_pay,), directorates=(place,)
        ),
    }


def column(counts: Counts) -> dict[str, int]:
    assert counts.columns and all(len(row) == 1 for row in counts.cells)
    return {label: row[0] for label, row in zip(counts.rows, counts.cells, strict=True)}


def test_concerns_by_month_count_london_days_and_show_empty_months(scope, concerns) -> None:
    counts = figures.by_month(scope)
    assert column(counts) == {"January 2025": 2, "February 2025": 1, "March 2025": 1}
    assert counts.total == 4
    assert counts.key == "by-month"


def test_a_month_with_no_concerns_still_has_its_row(network, concerns) -> None:
    counts = figures.by_month(
        Scope((network,), datetime.date(2025, 3, 15), datetime.date(2025, 5, 2))
    )
    assert column(counts) == {"March 2025": 1, "April 2025": 1, "May 2025": 0}


def test_concerns_by_theme_count_each_theme_and_those_with_none(scope, concerns) -> None:
    counts = figures.by_theme(scope)
    assert column(counts) == {"Banter": 1, "Pay": 3, "Not recorded": 1}
    assert counts.additive is False  # c2 is about pay and banter


def test_concerns_by_directorate_count_the_directorates_concerned(scope, concerns) -> None:
    counts = figures.by_directorate(scope)
    assert column(counts) == {"Children's Services": 1, "Place": 2, "Not recorded": 2}
    assert counts.additive is False


def test_concerns_by_channel(scope, concerns) -> None:
    assert column(figures.by_channel(scope)) == {
        "Online form": 2,
        "Phone call with a champion": 1,
        "Conversation with a champion": 1,
    }


def test_concerns_by_stage_follow_every_stage_there_is(scope, concerns) -> None:
    """Every stage but "held": a held concern is counted nowhere until it is released."""
    counted = column(figures.by_stage(scope))
    assert list(counted) == [label for value, label in Stage.choices if value != Stage.HELD]
    assert {k: v for k, v in counted.items() if v} == {"New": 1, "Listening": 1, "Closed": 2}


def test_two_networks_count_together(network, other_network, concerns) -> None:
    both = Scope((network, other_network), START, END)
    assert figures.by_month(both).total == 5
    # The two networks' themes called "Pay" are one row.
    assert column(figures.by_theme(both))["Pay"] == 4


def close(case: Case, when: str, outcome: str, *, reopened: bool = False) -> Closure:
    return Closure.objects.create(
        case=case, outcome=outcome, closed_at=at(when), reopened_at=at(when) if reopened else None
    )


@pytest.fixture
def closings(concerns) -> None:
    close(concerns["c3"], "2025-02-20 10:00", Outcome.RESOLVED)  # 15 days
    close(concerns["before"], "2025-01-10 23:30", Outcome.FORMAL)  # 10 days
    close(concerns["c2"], "2025-02-01 09:00", Outcome.PARTLY, reopened=True)  # reopened since
    close(concerns["c4"], "2025-04-02 09:00", Outcome.RESOLVED)  # after the period
    close(concerns["other"], "2025-02-02 12:00", Outcome.RESOLVED)  # another network


def test_outcomes_count_the_period_s_closings_that_still_stand(scope, closings) -> None:
    counted = column(figures.by_outcome(scope))
    assert {k: v for k, v in counted.items() if v} == {
        "Resolved": 1,
        "Referred to a formal process": 1,
    }
    assert list(counted) == [label for _, label in Outcome.choices]


def test_the_median_of_two_closings_is_their_mean(scope, closings) -> None:
    assert figures.median_days_to_close(scope) == (12.5, 2)


def test_the_median_of_three_closings_is_the_middle_one(scope, concerns, closings) -> None:
    close(concerns["c1"], "2025-03-01 10:00", Outcome.NOT_RESOLVED)  # 50 days
    assert figures.median_days_to_close(scope) == (15, 3)


def test_no_closings_have_no_median(scope, concerns) -> None:
    assert figures.median_days_to_close(scope) == (None, 0)


def message(case: Case, when: str, *, from_raiser: bool = False) -> None:
    Message.objects.create(case=case, from_raiser=from_raiser, sent=at(when))


def log(case: Case, champion, day: str, minutes: int, activity: str = Activity.LISTENING) -> None:
    TimeEntry.objects.create(
        case=case,
        champion=champion,
        day=datetime.date.fromisoformat(day),
        minutes=minutes,
        activity=activity,
    )


def test_first_contact_is_the_earliest_message_conversation_or_recorded_call(
    network, scope, make_user
) -> None:
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    due = datetime.date.fromisoformat
    # A message the day before it was due, then time logged listening: in time.
    written = concern(network, "2025-01-10 10:00", contact_due=due("2025-01-14"))
    message(written, "2025-01-13 16:00")
    log(written, champion, "2025-01-20", 30)
    # Listening two days late, then a message later still: late.
    late = concern(network, "2025-03-28 10:00", contact_due=due("2025-04-01"))
    log(late, champion, "2025-04-03", 45, Activity.MEETING)
    message(late, "2025-04-09 10:00")
    # Recorded by a champion after a phone call: contact on the day, whatever came later.
    called = concern(
        network, "2025-02-05 10:00", channel=Channel.PHONE, contact_due=due("2025-02-07")
    )
    message(called, "2025-02-20 10:00")
    # Only the person's own message and admin time: no contact yet.
    waiting = concern(network, "2025-03-03 10:00", contact_due=due("2025-03-05"))
    message(waiting, "2025-03-03 11:00", from_raiser=True)
    log(waiting, champion, "2025-03-04", 15, Activity.ADMIN)
    # Outside the period.
    outside = concern(network, "2025-04-02 10:00", contact_due=due("2025-04-04"))
    message(outside, "2025-04-02 11:00")

    assert figures.first_contact(scope) == (2, 3)


def test_champion_hours_count_time_given_in_the_period(
    network, other_network, scope, concerns, make_user
) -> None:
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    log(concerns["c1"], champion, "2025-01-13", 90)
    log(concerns["c1"], champion, "2025-02-01", 30, Activity.ADMIN)
    log(concerns["before"], champion, "2025-03-31", 45)  # raised earlier; time given now
    log(concerns["c3"], champion, "2025-04-01", 600)
    log(concerns["other"], champion, "2025-02-01", 120)
    counts = figures.champion_hours(scope)
    # 165 minutes is 2.75 hours, on two concerns.
    assert column(counts) == {figures.HOURS: 3, figures.CASES_WITH_TIME: 2}
    log(concerns["c2"], champion, "2025-03-01", 45)  # 210 minutes: 3.5 hours, shown as 4
    # A scope reads the summary once; looking again is a new look.
    assert column(figures.champion_hours(dataclasses.replace(scope))) == {
        figures.HOURS: 4,
        figures.CASES_WITH_TIME: 3,
    }


def action(
    case: Case, owner, due: str, status: str = ActionStatus.NOT_STARTED, done: str = ""
) -> None:
    meeting = Meeting.objects.create(case=case, starts=at("2025-01-02 10:00"), place="Room 1")
    Action.objects.create(
        meeting=meeting,
        case=case,
        owner=owner,
        due=datetime.date.fromisoformat(due),
        status=status,
        done_at=at(done) if done else None,
    )


def test_the_scorecard_places_each_action_due_in_the_period(
    network, scope, concerns, make_user, place, childrens
) -> None:
    in_place = make_user("place@example.org", (network, Role.MANAGER))
    in_childrens = make_user("childrens@example.org", (network, Role.MANAGER))
    nowhere = make_user("nowhere@example.org", (network, Role.MANAGER))
    in_place.directorate, in_childrens.directorate = place, childrens
    in_place.save()
    in_childrens.save()
    c1 = concerns["c1"]
    action(c1, in_place, "2025-01-15", ActionStatus.DONE, "2025-01-15 23:30")  # on time
    action(c1, in_place, "2025-01-15", ActionStatus.DONE, "2025-01-16 08:00")  # late
    action(c1, in_place, "2025-02-01", ActionStatus.IN_PROGRESS)  # overdue
    action(c1, in_childrens, "2025-03-31", ActionStatus.NOT_DONE)
    action(c1, nowhere, "2025-02-10")  # overdue
    action(c1, in_childrens, "2025-04-01")  # due after the period
    action(concerns["other"], in_place, "2025-02-01")  # another network
    counts = figures.accountability(scope)
    assert counts.columns == figures.SCORECARD
    assert dict(zip(counts.rows, counts.cells, strict=True)) == {
        "Children's Services": (0, 0, 0, 0, 1),
        "Place": (0, 1, 1, 1, 0),
        "Not recorded": (0, 0, 0, 1, 0),
    }
    assert counts.additive and counts.total == 5


def test_an_open_action_due_today_is_not_yet_overdue(network, make_user) -> None:
    today = timezone.localdate()
    case = concern(network, "2025-01-10 10:00")
    action(case, make_user("owner@example.org", (network, Role.MANAGER)), today.isoformat())
    counts = figures.accountability(Scope((network,), today, today))
    assert dict(zip(counts.rows, counts.cells, strict=True))["Not recorded"] == (1, 0, 0, 0, 0)


@pytest.fixture
def feedback(network, other_network) -> None:
    for network_, month, heard, again in (
        (network, "2025-01-01", 5, "yes"),
        (network, "2025-01-01", 5, "maybe"),
        (network, "2025-01-01", 4, "yes"),
        (network, "2025-03-01", 1, "no"),
        (network, "2024-12-01", 3, "yes"),
        (network, "2025-04-01", 3, "dont_know"),
        (other_network, "2025-02-01", 2, "dont_know"),
    ):
        FeedbackAnswer.objects.create(
            network=network_,
            month=datetime.date.fromisoformat(month),
            felt_heard=heard,
            speak_up_again=again,
        )


def test_felt_heard_counts_each_answer_in_the_period_s_months(scope, feedback) -> None:
    assert column(figures.felt_heard(scope)) == {
        "Yes, completely": 2,
        "Mostly": 1,
        "Partly": 0,
        "Not really": 0,
        "Not at all": 1,
    }


def test_would_speak_up_again_counts_each_answer(scope, feedback) -> None:
    assert column(figures.speak_up_again(scope)) == {
        "Yes": 2,
        "No": 1,
        "Maybe": 1,
        "I don't know": 0,
    }


def test_feedback_counts_the_whole_of_a_month_the_period_starts_in(network, feedback) -> None:
    mid_january = Scope((network,), datetime.date(2025, 1, 20), datetime.date(2025, 2, 10))
    assert figures.felt_heard(mid_january).total == 3


def test_detriment_counts_kinds_reported_and_hr_alerts(
    network, other_network, scope, concerns
) -> None:
    case, other = concerns["c3"], concerns["other"]
    closure = close(case, "2025-01-01 10:00", Outcome.RESOLVED)
    for months, answered, happened in (
        (1, "2025-02-10 10:00", ["capability", "duties"]),
        (2, "2025-03-01 10:00", ["capability"]),
        (3, "2025-03-05 10:00", []),
        (4, "2025-04-02 10:00", ["other"]),
        (5, "", []),
    ):
        CheckIn.objects.create(
            case=case,
            closure=closure,
            months_after=months,
            due=START,
            answered_at=at(answered) if answered else None,
            happened=happened,
        )
    for on, kind, created in (
        (case, EventKind.CAPABILITY, "2025-01-20 10:00"),
        (case, EventKind.DISMISSAL, "2025-02-02 10:00"),
        (case, EventKind.DISCIPLINARY, "2025-05-01 10:00"),
        (other, EventKind.GRIEVANCE, "2025-02-02 10:00"),
    ):
        event = HREvent.objects.create(key="k", kind=kind, date=START, batch=uuid.uuid4())
        Alert.objects.create(case=on, event=event, created=at(created))
    counts = figures.detriment(scope)
    assert dict(zip(counts.rows, counts.cells, strict=True)) == {
        "Capability or performance process": (2, 1),
        "Probation extended, failed or reviewed": (0, 0),
        "Disciplinary process": (0, 0),
        "Grievance against the person": (0, 0),
        "Dismissal": (0, 1),
        "Change to duties, hours or pay": (1, 0),
        "Excluded or ignored": (0, 0),
        "Something else": (0, 0),
    }
    assert counts.additive is False  # one answer can name several things


def test_every_table_has_the_key_its_export_address_uses(scope) -> None:
    for key, figure in figures.TABLES.items():
        assert figure(scope).key == key


def count_queries(scope: Scope) -> int:
    """The figures' queries, once the worker has counted the changed days into the summary."""
    summaries.recount_marked()
    scope = dataclasses.replace(scope)
    with CaptureQueriesContext(connection) as captured:
        for figure in figures.TABLES.values():
            figure(scope)
        figures.first_contact(scope)
        figures.median_days_to_close(scope)
    return len(captured)


def test_no_figure_costs_more_queries_with_more_concerns(network, scope, make_user) -> None:
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    for day in range(1, 4):
        case = concern(network, f"2025-01-{day:02} 10:00", contact_due=START)
        close(case, f"2025-02-{day:02} 10:00", Outcome.RESOLVED)
        log(case, champion, f"2025-01-{day:02}", 30)
    few = count_queries(scope)
    for day in range(1, 28):
        case = concern(network, f"2025-02-{day:02} 10:00", contact_due=START)
        close(case, f"2025-03-{day:02} 10:00", Outcome.RESOLVED)
        message(case, f"2025-02-{day:02} 11:00")
        log(case, champion, f"2025-02-{day:02}", 30)
    assert count_queries(scope) == few
