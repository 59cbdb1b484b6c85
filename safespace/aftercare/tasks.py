"""Background task of aftercare, run by the worker (`manage.py worker`) once a day."""

from __future__ import annotations

from django_tasks import task

from safespace.aftercare.services import send_due_check_in_notices


@task()
def send_check_in_notices() -> int:
    """Tell raisers who chose email that a check-in is waiting; returns how many were told.

    Idempotent: each check-in's notice is marked sent in the same transaction that queues it,
    so a rerun (a second worker, or one re-queued after its worker died) tells nobody twice.
    """
    return send_due_check_in_notices()
