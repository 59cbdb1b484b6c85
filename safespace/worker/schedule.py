"""The work that runs on a clock, queued by the worker itself so there is no cron to forget.

Each job is queued at most once for its period (a day or an hour, in Europe/London), guarded
by a unique `ScheduledRun` row written in the same transaction as the task: a restart, a
second worker, or a worker that was down when the hour came (it catches up when it starts)
can never queue a job twice for one period. The jobs themselves are idempotent as well.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from safespace.actions.tasks import send_daily_digests
from safespace.aftercare.tasks import send_check_in_notices, shred_past_retention
from safespace.concerns.tasks import prune_drafts
from safespace.insights.tasks import recount_insight
from safespace.worker.models import ScheduledRun
from safespace.worker.tasks import prune_sessions, prune_task_results


@dataclass(frozen=True)
class Job:
    name: str
    task: Task  # type: ignore[type-arg]
    # Daily jobs run on the first check at or after this hour; hourly jobs ignore it.
    hour: int = 0
    hourly: bool = False

    def period(self, now: datetime.datetime) -> str | None:
        """The period this job is due for at `now`, or None before today's hour."""
        local = timezone.localtime(now)
        if self.hourly:
            return local.strftime("%Y-%m-%dT%H")
        if local.hour < self.hour:
            return None
        return local.date().isoformat()


JOBS = (
    Job("daily digests", send_daily_digests, hour=7),
    Job("check-in notices", send_check_in_notices, hour=8),
    Job("prune drafts", prune_drafts, hourly=True),
    Job("prune sessions", prune_sessions, hourly=True),
    # Figures count a changed day from the rows until it is recounted into the summary.
    Job("recount insight", recount_insight, hourly=True),
    Job("prune task results", prune_task_results, hour=3),
    # Concerns whose retention period has ended: their keys are destroyed in the night.
    Job("shred past retention", shred_past_retention, hour=2),
)


def queue_due(now: datetime.datetime | None = None) -> list[str]:
    """Queue every job due and not yet queued for its period; returns the names queued."""
    now = now or timezone.now()
    queued = []
    for job in JOBS:
        period = job.period(now)
        if period is None or ScheduledRun.objects.filter(job=job.name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, period=period)
                run.task_id = str(job.task.enqueue().id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker queued it a moment ago
        queued.append(job.name)
    return queued
