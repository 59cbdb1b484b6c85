"""Marking the days whose tallies a change makes out of date (safespace/insights/summaries.py).

Each handler runs in the transaction of the change it hears, and marks the network's days the
changed row is counted on, before and after the change. A change made without signals (a
queryset's update, a bulk insert, SQL by hand) marks nothing: run `manage.py rebuild_insight`
after one, as the demo and the bench do after seeding.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from safespace.accounts.models import Directorate, Theme
from safespace.actions.models import Action
from safespace.aftercare.models import CheckIn, Closure, FeedbackAnswer
from safespace.cases.models import Case, Message, TimeEntry
from safespace.insights import summaries
from safespace.insights.models import Tally
from safespace.tripwire.models import Alert

Mark = tuple[int, datetime.date]


def _raised(case_ids: Iterable[int]) -> Iterator[Mark]:
    """The day each of these concerns was raised, in its network."""
    for network, created in Case.objects.filter(pk__in=list(case_ids)).values_list(
        "network_id", "created"
    ):
        yield network, timezone.localdate(created)


def _network_of(case_id: int) -> list[int]:
    return list(Case.objects.filter(pk=case_id).values_list("network_id", flat=True))


def marks_of(row: models.Model) -> set[Mark]:
    """The days of its network whose tallies count this row."""
    if isinstance(row, Case):
        return {(row.network_id, timezone.localdate(row.created))}
    if isinstance(row, Message):
        return set(_raised([row.case_id]))
    if isinstance(row, TimeEntry):
        # The concern's first contact, and every day it was given time, each of which is keyed
        # by the one before it.
        days = TimeEntry.objects.filter(case_id=row.case_id).values_list("day", flat=True)
        raised = set(_raised([row.case_id]))
        network = next(iter(raised))[0] if raised else None
        if network is None:
            return set()
        return raised | {(network, row.day)} | {(network, day) for day in days}
    if isinstance(row, Closure):
        return {(n, timezone.localdate(row.closed_at)) for n in _network_of(row.case_id)}
    if isinstance(row, Action):
        return {(n, row.due) for n in _network_of(row.case_id)}
    if isinstance(row, FeedbackAnswer):
        return {(row.network_id, row.month)}
    if isinstance(row, CheckIn):
        if row.answered_at is None:
            return set()
        return {(n, timezone.localdate(row.answered_at)) for n in _network_of(row.case_id)}
    if isinstance(row, Alert):
        return {(n, timezone.localdate(row.created)) for n in _network_of(row.case_id)}
    return set()


# Rows whose day or state can change after they are written: the day they were on is marked
# as well as the day they are on now.
MOVABLE: tuple[type[models.Model], ...] = (TimeEntry, Closure, Action, CheckIn)
COUNTED: tuple[type[models.Model], ...] = (
    Case,
    Message,
    TimeEntry,
    Closure,
    Action,
    FeedbackAnswer,
    CheckIn,
    Alert,
)


def before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    if old is not None:
        summaries.mark(marks_of(old))


def after_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    summaries.mark(marks_of(instance))


def themes_changed(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    """A concern's themes or directorates changed, from either side of the relation."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        summaries.mark(_raised([instance.pk]))
    elif kwargs.get("pk_set"):
        summaries.mark(_raised(kwargs["pk_set"]))


def key_gone(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """A theme or directorate deleted leaves the concerns it was on without it."""
    if isinstance(instance, Theme):
        tallies = Tally.objects.filter(measure="themes", network_id=instance.network_id)
        ids = {str(instance.pk)}
        days = [
            (network, day)
            for network, day, key in tallies.values_list("network_id", "day", "key")
            if ids & set(key.split(","))
        ]
    else:
        days = list(
            Tally.objects.filter(measure="directorate", key=str(instance.pk)).values_list(
                "network_id", "day"
            )
        )
    summaries.mark(days)


def connect() -> None:
    for model in MOVABLE:
        pre_save.connect(before_save, sender=model, dispatch_uid=f"insight-before-{model}")
    for model in COUNTED:
        post_save.connect(after_change, sender=model, dispatch_uid=f"insight-save-{model}")
        post_delete.connect(after_change, sender=model, dispatch_uid=f"insight-delete-{model}")
    for through in (Case.themes.through, Case.directorates_concerned.through):
        m2m_changed.connect(themes_changed, sender=through, dispatch_uid=f"insight-{through}")
    named: tuple[type[models.Model], ...] = (Theme, Directorate)
    for model in named:
        pre_delete.connect(key_gone, sender=model, dispatch_uid=f"insight-gone-{model}")
