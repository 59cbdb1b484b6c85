"""Scheduled work is queued by the worker on its hour, once a period, whatever restarts."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safespace.aftercare import services as aftercare
from safespace.aftercare.models import CheckIn
from safespace.cases.models import Case, ContactMethod, Stage
from safespace.worker import schedule, supervise
from safespace.worker.models import ScheduledRun
from tests.helpers import run_worker

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


def queued_tasks() -> list[str]:
    return sorted(row.task_path.rsplit(".", 1)[1] for row in DBTaskResult.objects.all())


@pytest.mark.django_db
def test_each_job_is_queued_on_its_hour_once_a_period() -> None:
    hourly = ["prune drafts", "prune sessions", "recount insight"]
    assert schedule.queue_due(at(4, 1, 59)) == hourly
    assert schedule.queue_due(at(4, 2, 59)) == [*hourly, "shred past retention"]
    assert schedule.queue_due(at(4, 6, 59)) == [*hourly, "prune task results"]
    assert schedule.queue_due(at(4, 6, 59)) == []
    assert schedule.queue_due(at(4, 6, 59)) == []
    assert schedule.queue_due(at(4, 7, 30)) == ["daily digests", *hourly]
    assert schedule.queue_due(at(4, 9)) == ["check-in notices", *hourly]
    # A restarted worker (or a second one) finds them already queued.
    assert schedule.queue_due(at(4, 9, 45)) == []
    assert queued_tasks() == [
        *["prune_drafts"] * 5,
        *["prune_sessions"] * 5,
        "prune_task_results",
        *["recount_insight"] * 5,
        "send_check_in_notices",
        "send_daily_digests",
        "shred_past_retention",
    ]
    # A worker that was down all morning catches up with everything on starting.
    assert schedule.queue_due(at(5, 12)) == [
        "daily digests",
        "check-in notices",
        "prune drafts",
        "prune sessions",
        "recount insight",
        "prune task results",
        "shred past retention",
    ]


@pytest.mark.django_db
def test_the_worker_queues_and_runs_the_scheduled_jobs_itself() -> None:
    run_worker(schedule=True)

    periods = set(ScheduledRun.objects.values_list("job", flat=True))
    assert "prune drafts" in periods
    assert all(r.status == "SUCCESSFUL" for r in DBTaskResult.objects.all())


@pytest.fixture
def closed_case(network) -> Case:
    from safespace.cases.services import create

    case = create.create_case(
        create.NewConcern(
            network=network,
            narrative="story",
            contact_method=ContactMethod.EMAIL,
            contact_details="me@home.example",
        )
    )
    Case.objects.filter(pk=case.pk).update(stage=Stage.LISTENING)
    return case


@pytest.mark.django_db
def test_a_check_in_notice_goes_once_and_a_missed_day_is_caught_up(
    closed_case, make_user, django_capture_on_commit_callbacks
) -> None:
    from safespace.accounts.models import Role

    champion = make_user("champion@example.org", (closed_case.network, Role.CHAMPION))
    with django_capture_on_commit_callbacks(execute=True):
        aftercare.close(
            Case.objects.get(pk=closed_case.pk),
            champion,
            outcome="resolved",
            formal_process="",
            summary="Done.",
        )
    mail.outbox.clear()
    first = CheckIn.objects.order_by("due").first()
    assert first is not None
    later = first.due + datetime.timedelta(days=3)  # the worker was down on the day

    with django_capture_on_commit_callbacks(execute=True):
        assert aftercare.send_due_check_in_notices(later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert aftercare.send_due_check_in_notices(later) == 0

    assert [m.to for m in mail.outbox] == [["me@home.example"]]
    first.refresh_from_db()
    assert first.notified_at is not None


@pytest.mark.django_db
def test_worker_status_shows_the_oldest_waiting_task_and_fails_when_late(capsys) -> None:
    from safespace.concerns.tasks import prune_drafts

    call_command("worker_status")
    assert "Waiting tasks: none." in capsys.readouterr().out

    result = prune_drafts.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=42)
    )
    with pytest.raises(SystemExit) as stopped:
        call_command("worker_status")
    out = capsys.readouterr()
    assert stopped.value.code == 1
    assert "Waiting tasks: 1; the oldest has waited 42" in out.out
    assert "is the worker running?" in out.err

    run_worker()
    call_command("worker_status")
    assert "Waiting tasks: none." in capsys.readouterr().out


def test_a_worker_that_dies_is_started_again(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(supervise, "FIRST_PAUSE", 0.01)
    starts = tmp_path / "starts"
    dies = f"import os; open({str(starts)!r}, 'a').write('x'); os.kill(os.getpid(), 9)"

    restarts = supervise.keep_running([sys.executable, "-c", dies], restarts=2)

    assert restarts == 2
    assert starts.read_text() == "xxx"
