"""Background tasks of action plans, run by the worker (`manage.py worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from safespace.actions import chasing


@task()
def send_daily_digests() -> int:
    """Today's reminders and escalations as one digest per person; returns how many went.

    "Today" is the day the worker runs it (in Europe/London), not the day it was queued, so a
    worker catching up after a stop cannot send two digests to one person on one day.
    Idempotent: each digest is claimed for its person and day before it goes, so a rerun sends
    only those not yet sent. The worker queues it every morning (safespace/worker/schedule.py).
    """
    return chasing.send_digests(timezone.localdate())
