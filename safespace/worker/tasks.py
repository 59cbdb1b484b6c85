"""The worker's own housekeeping: old task records, and sessions that have expired."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
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


@task()
def prune_sessions() -> None:
    """Delete sessions that have expired, so nothing of a visit outlives it on the server: a
    raiser's unfinished answers and receipt sign-in live in their session. Idempotent."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
