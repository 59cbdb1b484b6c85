"""The task worker: runs queued tasks, queues scheduled ones, and outlives a bad database.

django-tasks-db's own worker gives up (or, under its autoreloader, lives on doing nothing) when
its polling transaction meets a locked or lost database, and a task whose worker was killed
stays RUNNING for ever. This loop uses the same claim and run steps but:

- treats any database error between tasks as passing: it logs the kind, closes the connections,
  waits a little longer each time (up to a minute) and goes on;
- puts a task back in the queue when it has been RUNNING longer than `STALE_AFTER` (its worker
  died) or failed only because the database was locked or lost, up to `MAX_ATTEMPTS` runs in
  all; every task is written to be safe to run again;
- queues the scheduled jobs (safespace/worker/schedule.py) as their hour comes.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.db import connections as db_connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as TaskRunner
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from safespace.worker import schedule

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=settings.SAFESPACE_TASK_STALE_AFTER)
MAX_ATTEMPTS = 3
# How long after a database error before trying again: doubling from 1 s, at most a minute.
FIRST_PAUSE = 1.0
LONGEST_PAUSE = 60.0
# A batch run (tests, a manual catch-up) gives up after this many database errors in a row.
BATCH_PATIENCE = 3
# Scheduled jobs and stale tasks are looked for at most this often.
HOUSEKEEPING_EVERY = 30.0
DATABASE_FAILURES = {
    f"{kind.__module__}.{kind.__qualname__}"
    for kind in (OperationalError, InterfaceError, DatabaseError)
}


def requeue_stale(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Give tasks whose worker died back to the queue; returns (re-queued, given up).

    A task that has been started `MAX_ATTEMPTS` times is marked failed instead, so one that
    kills its worker every time cannot keep the others from running.
    """
    now = now or timezone.now()
    requeued = given_up = 0
    with exclusive_transaction(DBTaskResult.objects.db):
        stale = DBTaskResult.objects.running().filter(started_at__lt=now - STALE_AFTER)
        for result in stale.select_for_update(skip_locked=True):
            if len(result.worker_ids) >= MAX_ATTEMPTS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = "safespace.worker.running.WorkerLost"
                result.traceback = f"Its worker stopped while running it, {MAX_ATTEMPTS} times."
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                logger.error("Gave up on task %s after %d lost workers", result.id, MAX_ATTEMPTS)
                given_up += 1
            else:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                logger.warning("Re-queued task %s: its worker stopped while running it", result.id)
                requeued += 1
    return requeued, given_up


def _retry_if_database_failed(result_id: uuid.UUID) -> None:
    """A task that failed only because the database was locked or lost runs again shortly."""
    result = DBTaskResult.objects.filter(id=result_id).first()
    if (
        result is None
        or result.status != TaskResultStatus.FAILED
        or result.exception_class_path not in DATABASE_FAILURES
        or len(result.worker_ids) >= MAX_ATTEMPTS
    ):
        return
    result.status = TaskResultStatus.READY
    result.run_after = timezone.now() + timedelta(seconds=5 * len(result.worker_ids))
    result.save(update_fields=["status", "run_after"])
    logger.warning("Task %s met a database error; it will run again", result_id)


class Worker:
    def __init__(
        self, *, worker_id: str, interval: float = 1.0, batch: bool = False, schedule: bool = True
    ) -> None:
        self.worker_id = worker_id
        self.scheduling = schedule
        self.interval = interval
        self.batch = batch
        # django-tasks-db's runner: its run_task records success or failure, and its signal
        # handling lets a task finish on Ctrl+C or SIGTERM.
        self.runner = TaskRunner(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.pause = FIRST_PAUSE
        self.next_housekeeping = 0.0

    @property
    def running(self) -> bool:
        return self.runner.running

    def run(self) -> None:
        logger.info("Worker %s started", self.worker_id)
        self.runner.configure_signals()
        failures = 0
        while self.running:
            try:
                ran = self.step()
            except DatabaseError as error:
                failures += 1
                if self.batch and failures > BATCH_PATIENCE:
                    raise  # a one-off run reports a database that stays away

                logger.warning(
                    "The database could not be used (%s); trying again in %.0f s",
                    type(error).__name__,
                    self.pause,
                )
                db_connections.close_all()
                time.sleep(self.pause)
                self.pause = min(self.pause * 2, LONGEST_PAUSE)
                continue
            self.pause, failures = FIRST_PAUSE, 0
            if not ran:
                if self.batch:
                    return
                time.sleep(self.interval)

    def step(self) -> bool:
        """Housekeeping when due, then one task if one is ready; whether a task ran."""
        close_old_connections()
        if self.batch or time.monotonic() >= self.next_housekeeping:
            if self.scheduling:
                schedule.queue_due()
            requeue_stale()
            self.next_housekeeping = time.monotonic() + HOUSEKEEPING_EVERY
        with exclusive_transaction(DBTaskResult.objects.db):
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is not None:
                result.claim(self.worker_id)
        if result is None:
            return False
        self.runner.run_task(result)
        _retry_if_database_failed(result.id)
        return True
