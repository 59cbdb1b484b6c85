"""Chasing: reminders 7 days before and on the day, escalation at 14 days overdue, one digest."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from safespace.accounts.models import Role
from safespace.actions import chasing, services
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.actions.tasks import send_daily_digests
from safespace.cases.models import Case, Stage
from safespace.cases.services import assign, create
from safespace.notifications.mail import recipient_key
from safespace.notifications.models import DigestSent, SentEmail
from tests.helpers import run_worker

DAY = datetime.date(2027, 3, 10)
WORDS = "Rewrite the rota policy for the night shift"


def days(n: int) -> datetime.date:
    return DAY + datetime.timedelta(days=n)


@pytest.fixture
def people(make_user, network, other_network):
    return {
        "champion": make_user("champion@example.org", (network, Role.CHAMPION)),
        "owner": make_user("owner@example.org", (network, Role.MANAGER)),
        "other_owner": make_user("other.owner@example.org", (network, Role.MANAGER)),
        "director": make_user("director@example.org", (network, Role.DIRECTOR)),
        "lead": make_user("lead@example.org", (network, Role.LEAD), (network, Role.CHAMPION)),
        "elsewhere": make_user("director@womens.example.org", (other_network, Role.DIRECTOR)),
    }


@pytest.fixture
def meeting(people, network) -> Meeting:
    case = create.create_case(
        create.NewConcern(network=network, narrative="The rota keeps giving me nights")
    )
    assign.assign_champion(case, people["champion"], actor=None)
    return Meeting.objects.create(case=case, starts=timezone.now(), place="Room 4")


@pytest.fixture
def action(meeting, people):
    def make(due: datetime.date, owner: str = "owner", **changes: object) -> Action:
        made = services.add_action(
            meeting,
            people["champion"],
            description=WORDS,
            owner=people[owner],
            due=due,
            shared_with_raiser=True,
        )
        if changes:
            Action.objects.filter(pk=made.pk).update(**changes)
            made.refresh_from_db()
        return made

    return make


def who(day: datetime.date) -> dict[str, dict[str, list[datetime.date]]]:
    """Each recipient on `day`, with the due dates of what their digest holds, by reason."""
    return {
        email: {
            reason: [a.due for a in getattr(digest, reason)]
            for reason in ("due_soon", "due_today", "escalated")
            if getattr(digest, reason)
        }
        for email, digest in chasing.digests(day).items()
    }


@pytest.fixture
def frozen() -> Iterator[None]:
    """The clock stopped at 07:00 in London on DAY, when the daily run would start."""
    at = datetime.datetime(2027, 3, 10, 7, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def test_owners_are_reminded_seven_days_before_and_on_the_due_date(action) -> None:
    action(days(7))
    action(DAY, owner="other_owner")
    for not_yet in (6, 8, -1, -13):
        action(days(not_yet))
    assert who(DAY) == {
        "owner@example.org": {"due_soon": [days(7)]},
        "other.owner@example.org": {"due_today": [DAY]},
    }


def test_fourteen_days_overdue_goes_to_the_director_and_the_lead_of_that_network_only(
    action,
) -> None:
    for overdue in (13, 14, 20):
        action(days(-overdue))
    escalated = {"escalated": [days(-20), days(-14)]}
    assert who(DAY) == {"director@example.org": escalated, "lead@example.org": escalated}


def test_escalation_repeats_in_each_daily_digest_while_the_action_stays_open(action) -> None:
    overdue = action(days(-14))
    for later in range(0, 30, 7):
        assert set(who(days(later))) == {"director@example.org", "lead@example.org"}
    Action.objects.filter(pk=overdue.pk).update(status=ActionStatus.IN_PROGRESS)
    assert set(who(days(1))) == {"director@example.org", "lead@example.org"}
    Action.objects.filter(pk=overdue.pk).update(status=ActionStatus.DONE)
    assert who(days(1)) == {}


def test_who_hears_about_one_action_on_each_day_around_it(action) -> None:
    action(DAY)
    heard = {n: sorted(who(days(n))) for n in range(-10, 32) if who(days(n))}
    escalation = ["director@example.org", "lead@example.org"]
    assert heard == {
        -7: ["owner@example.org"],
        0: ["owner@example.org"],
        **{n: escalation for n in range(14, 32)},
    }


def test_done_not_done_withdrawn_and_inactive_are_not_chased(action, people, meeting) -> None:
    for status in (ActionStatus.DONE, ActionStatus.NOT_DONE):
        for due in (days(7), DAY, days(-20)):
            action(due, status=status)
    people["other_owner"].is_active = False
    people["other_owner"].save()
    action(DAY, owner="other_owner")
    assert who(DAY) == {}

    action(days(-20))
    people["lead"].is_active = False
    people["lead"].save()
    assert set(who(DAY)) == {"director@example.org"}

    Case.objects.filter(pk=meeting.case_id).update(stage=Stage.WITHDRAWN)
    action(DAY)
    assert who(DAY) == {}


def test_each_person_gets_one_digest_whatever_the_reasons(action) -> None:
    action(DAY, owner="lead")
    action(days(7), owner="lead")
    action(days(-15))
    assert who(DAY)["lead@example.org"] == {
        "due_soon": [days(7)],
        "due_today": [DAY],
        "escalated": [days(-15)],
    }
    assert chasing.send_digests(DAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["director@example.org", "lead@example.org"]


def test_a_second_run_the_same_day_sends_nothing(action) -> None:
    action(days(-14))
    action(DAY)
    assert chasing.send_digests(DAY) == 3
    assert chasing.send_digests(DAY) == 0
    assert len(mail.outbox) == 3
    assert DigestSent.objects.filter(day=DAY).count() == 3
    assert chasing.send_digests(days(1)) == 2  # escalation goes on; the owner's day has passed


def test_a_digest_claimed_today_before_addresses_had_their_own_key_goes_once(action) -> None:
    """A claim made under SECRET_KEY, before an upgrade the same day, still counts."""
    action(days(-14))
    for address in ("director@example.org", "lead@example.org"):
        old = salted_hmac("safespace.lib.mail.recipient", address, algorithm="sha256")
        DigestSent.objects.create(day=DAY, recipient=old.hexdigest())
    assert chasing.send_digests(DAY) == 0
    assert mail.outbox == []


def test_the_digest_says_only_that_there_is_something_to_see(action, meeting) -> None:
    action(DAY)
    action(days(-30))
    chasing.send_digests(DAY)
    assert mail.outbox
    for email in mail.outbox:
        text = f"{email.subject}\n{email.body}"
        assert email.subject == "Safe Space"
        assert "There is something for you to see in Safe Space" in email.body
        assert "http://127.0.0.1:8000/" in email.body
        for secret in (WORDS, "rota", meeting.case.reference, "overdue", "2027", "March"):
            assert secret not in text
        assert not email.attachments


def test_every_digest_sent_is_recorded_without_its_content(action) -> None:
    action(days(-14))
    chasing.send_digests(DAY)
    records = SentEmail.objects.filter(template="digest")
    assert sorted(r.recipient for r in records) == sorted(
        recipient_key(a) for a in ("director@example.org", "lead@example.org")
    )
    for record in records.values():
        assert set(record) == {"id", "recipient", "template", "sent"}


def test_a_digest_that_fails_is_sent_by_the_next_run_the_same_day(action) -> None:
    action(days(-14))
    real_send = chasing.mail.send

    def refuse_the_director(recipient: str, *args: object, **kwargs: object) -> None:
        if recipient == "director@example.org":
            raise ConnectionRefusedError("director@example.org refused")
        real_send(recipient, *args, **kwargs)

    with (
        mock.patch.object(chasing.mail, "send", side_effect=refuse_the_director),
        pytest.raises(chasing.DigestsNotSent, match="1 of 2"),
    ):
        chasing.send_digests(DAY)
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    assert chasing.send_digests(DAY) == 1
    assert [m.to for m in mail.outbox][1:] == [["director@example.org"]]


def test_building_digests_costs_the_same_for_few_and_many_actions(action) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            chasing.digests(DAY)
        return len(captured)

    for due in (days(7), DAY, days(-14)):
        action(due)
    few = queries()
    for due in (days(7), DAY, days(-14), days(-20)):
        for owner in ("owner", "other_owner", "lead"):
            action(due, owner=owner)
    assert queries() == few == 3


def test_send_reminders_queues_the_task_and_the_worker_sends_the_digests(action, frozen) -> None:
    action(DAY)
    action(days(-14))
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "Queued today's digests for the worker" in out.getvalue()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "safespace.actions.tasks.send_daily_digests"
    assert mail.outbox == []

    run_worker()

    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.task_result.return_value == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "director@example.org",
        "lead@example.org",
        "owner@example.org",
    ]
    call_command("send_reminders", stdout=io.StringIO())
    run_worker()
    assert len(mail.outbox) == 3


def test_send_reminders_now_sends_without_the_worker(action, frozen, capsys) -> None:
    action(days(7))
    call_command("send_reminders", "--now")
    assert "Sent 1 daily digests" in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    assert not DBTaskResult.objects.exists()


def test_today_is_the_date_in_london(action) -> None:
    first_of_july = datetime.date(2027, 7, 1)
    action(first_of_july)
    # 23:30 in UTC on 30 June is already half past midnight on 1 July in London (summer time).
    late = datetime.datetime(2027, 6, 30, 23, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late):
        assert send_daily_digests.call() == 1
    assert DigestSent.objects.get().day == first_of_july
