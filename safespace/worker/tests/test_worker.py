"""The worker goes on through a locked or lost database, and a dead worker's task runs again."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from safespace.concerns.models import Draft
from safespace.concerns.tasks import prune_drafts
from safespace.worker import running
from safespace.worker.running import MAX_ATTEMPTS, STALE_AFTER, Worker
from tests.helpers import run_worker, signals_given_back

calls: list[str] = []


@task()
def fails_once_on_a_locked_database() -> str:
    calls.append("run")
    if len(calls) == 1:
        raise OperationalError("database is locked")
    return "done"


def an_old_draft() -> Draft:
    return Draft.objects.create(sealed=b"x", updated=timezone.now() - datetime.timedelta(days=1))


def left_running_by(workers: int, *, minutes_ago: float) -> DBTaskResult:
    result = DBTaskResult.objects.get(id=prune_drafts.enqueue().id)
    result.claim("worker-that-died")
    DBTaskResult.objects.filter(id=result.id).update(
        worker_ids=[f"dead-{n}" for n in range(workers)],
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    return result


@pytest.mark.django_db
def test_a_task_whose_worker_was_killed_runs_again() -> None:
    draft = an_old_draft()
    result = left_running_by(1, minutes_ago=STALE_AFTER.total_seconds() / 60 + 1)

    run_worker()

    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert not Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_a_task_still_within_its_time_is_left_to_its_worker() -> None:
    result = left_running_by(1, minutes_ago=1)

    run_worker()

    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_that_kills_every_worker_is_given_up_so_others_run() -> None:
    result = left_running_by(MAX_ATTEMPTS, minutes_ago=STALE_AFTER.total_seconds() / 60 + 1)
    draft = an_old_draft()
    other = prune_drafts.enqueue()

    run_worker()

    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert "stopped while running it" in result.traceback
    assert DBTaskResult.objects.get(id=other.id).status == TaskResultStatus.SUCCESSFUL
    assert not Draft.objects.filter(pk=draft.pk).exists()


def run_through(errors: list[Exception]) -> None:
    """Run the worker in batch mode while its first claims meet `errors`, one each."""
    pending = list(errors)

    def claim_or_fail(using: str | None = None):
        if pending:
            raise pending.pop(0)
        return exclusive_transaction(using)

    with (
        mock.patch.object(running, "exclusive_transaction", side_effect=claim_or_fail),
        mock.patch.object(running, "close_old_connections"),
        mock.patch.object(running, "db_connections") as connections,
        mock.patch.object(running.time, "sleep") as sleep,
        signals_given_back(),
    ):
        Worker(worker_id="test", batch=True, schedule=False).run()
    assert connections.close_all.call_count == len(errors)
    assert [c.args[0] for c in sleep.call_args_list] == [1.0, 2.0, 4.0][: len(errors)]


@pytest.mark.django_db
def test_the_worker_waits_out_a_locked_database_and_goes_on() -> None:
    draft = an_old_draft()
    result = prune_drafts.enqueue()

    run_through([OperationalError("database is locked"), OperationalError("database is locked")])

    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL
    assert not Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_the_worker_goes_on_after_losing_its_database_connection() -> None:
    result = prune_drafts.enqueue()

    run_through([OperationalError("server closed the connection unexpectedly")])

    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
def test_a_task_that_met_a_locked_database_runs_again() -> None:
    calls.clear()
    result = fails_once_on_a_locked_database.enqueue()

    run_worker()  # the first run fails and is put back, due a few seconds later
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.READY
    DBTaskResult.objects.filter(id=result.id).update(run_after=timezone.now())
    run_worker()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert calls == ["run", "run"]
