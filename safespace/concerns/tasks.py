"""Background task of raising a concern, run by the worker (`manage.py worker`) every hour."""

from __future__ import annotations

from django_tasks import task

from safespace.concerns import drafts


@task()
def prune_drafts() -> int:
    """Delete unfinished concerns idle longer than a session; returns how many went.

    Idempotent: deleting what is already gone deletes nothing.
    """
    return drafts.prune()
