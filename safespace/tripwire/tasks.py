"""The tripwire's background task, run by the worker (`manage.py worker`)."""

from __future__ import annotations

import uuid

from django_tasks import task

from safespace.tripwire import services


@task()
def match_import(batch: str) -> int:
    """Match one import's events against the raisers who asked to be watched.

    Run apart from the import itself, so that how long HR waits for an answer cannot say
    whether anyone matched. Idempotent: an event already alerted on is not alerted on again,
    so a rerun (after its worker died) alerts nobody twice.
    """
    return services.match_import(uuid.UUID(batch))
