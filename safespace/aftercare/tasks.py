"""Background tasks of aftercare, each run by the worker (`manage.py worker`) once a day."""

from __future__ import annotations

from django_tasks import task

from safespace.aftercare import retention
from safespace.aftercare.services import send_due_check_in_notices


@task()
def send_check_in_notices() -> int:
    """Tell raisers who chose email that a check-in is waiting; returns how many were told.

    Idempotent: each check-in's notice is marked sent in the same transaction that queues it,
    so a rerun (a second worker, or one re-queued after its worker died) tells nobody twice.
    """
    return send_due_check_in_notices()


@task()
def shred_past_retention() -> int:
    """Shred the concerns whose retention period has ended and that no hold keeps; returns how
    many. Idempotent: a shredded concern has no key left, so a rerun finds nothing to do."""
    return retention.shred_past_retention()
