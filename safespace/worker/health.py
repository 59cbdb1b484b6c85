"""How the background work stands, for `manage.py worker_status` and monitoring."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min
from django_tasks_db.models import DBTaskResult

from safespace.worker.models import ScheduledRun
from safespace.worker.running import STALE_AFTER
from safespace.worker.schedule import JOBS


@dataclass(frozen=True)
class Status:
    waiting: int
    oldest_waiting: datetime.datetime | None
    running: int
    stale: int
    failed_today: int
    last_runs: dict[str, datetime.datetime | None]

    def is_late(self, now: datetime.datetime, *, minutes: int) -> bool:
        return self.oldest_waiting is not None and (
            now - self.oldest_waiting > datetime.timedelta(minutes=minutes)
        )


def status(now: datetime.datetime) -> Status:
    ready = DBTaskResult.objects.ready()
    running = DBTaskResult.objects.running()
    last = {
        row["job"]: row["latest"]
        for row in ScheduledRun.objects.values("job").annotate(latest=Max("queued_at"))
    }
    return Status(
        waiting=ready.count(),
        oldest_waiting=ready.aggregate(oldest=Min("enqueued_at"))["oldest"],
        running=running.count(),
        stale=running.filter(started_at__lt=now - STALE_AFTER).count(),
        failed_today=DBTaskResult.objects.failed()
        .filter(finished_at__gte=now - datetime.timedelta(days=1))
        .count(),
        last_runs={job.name: last.get(job.name) for job in JOBS},
    )
