"""Background tasks of insight, run by the worker (`manage.py worker`)."""

from __future__ import annotations

from django_tasks import task

from safespace.insights import summaries


@task()
def recount_insight() -> int:
    """Count the days marked since the last run into the insight tallies; returns how many.

    Idempotent: a day counted is no longer marked, and one marked again while it was being
    counted stays marked for the next run. Figures are exact whether or not this has run; it
    keeps what they count from the rows to the days changed since."""
    return summaries.recount_marked()
