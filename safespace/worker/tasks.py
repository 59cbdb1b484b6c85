"""The worker's own housekeeping task."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

KEEP_RESULTS = timedelta(days=14)


@task()
def prune_task_results() -> int:
    """Delete finished tasks' records older than two weeks; returns how many went.

    Idempotent: deleting what is already gone deletes nothing. Waiting and running tasks are
    never touched.
    """
    deleted, _ = (
        DBTaskResult.objects.finished()
        .filter(finished_at__lt=timezone.now() - KEEP_RESULTS)
        .delete()
    )
    return deleted
