"""Meetings with the senior managers who can act, and the action plans that follow them."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop

from safespace.accounts.models import User
from safespace.cases.models import Case
from safespace.lib.fields import EncryptedField


class Meeting(models.Model):
    """A meeting about one case. Its invitation says only "Safe Space meeting"."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    organiser = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    starts = models.DateTimeField()
    minutes_long = models.PositiveSmallIntegerField(default=60)
    # A room or an online meeting link: where, never what about.
    place = models.CharField(max_length=300)
    managers = models.ManyToManyField(User, blank=True, related_name="meetings_invited")
    raiser_attends = models.BooleanField(default=False)
    director_attends = models.BooleanField(default=False)
    # RFC 5545: every change to the invitation raises the sequence of the same UID.
    sequence = models.PositiveIntegerField(default=0)
    cancelled = models.DateTimeField(null=True, blank=True)
    minutes = EncryptedField()
    minutes_recorded = models.DateTimeField(null=True, blank=True)
    minutes_shared_with_raiser = models.BooleanField(default=False)
    # The raiser's answer to the minutes: they agree, or they add a comment (sealed).
    raiser_agreed = models.DateTimeField(null=True, blank=True)
    raiser_comment = EncryptedField()

    class Meta:
        ordering = ["starts"]
        indexes = [
            # A case page's meetings, in time order.
            models.Index(fields=["case", "starts"], name="meeting_case_starts"),
        ]

    def __str__(self) -> str:
        return f"Safe Space meeting {self.starts:%d %B %Y}"

    @property
    def uid(self) -> str:
        return f"{self.code}@safespace"

    @property
    def network_id(self) -> int:
        """The policy asks about a meeting in its case's network."""
        return self.case.network_id

    @property
    def held(self) -> bool:
        return self.cancelled is None and (
            self.minutes_recorded is not None or self.starts <= timezone.now()
        )


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", gettext_noop("Not started")
    IN_PROGRESS = "in_progress", gettext_noop("In progress")
    DONE = "done", gettext_noop("Done")
    NOT_DONE = "not_done", gettext_noop("Not done")


class Action(models.Model):
    """One thing a named owner agreed to do, by a date, after a meeting."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    # Denormalised from the meeting: the owner's list and the scorecard filter on it.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = EncryptedField()
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="actions_owned")
    due = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    shared_with_raiser = models.BooleanField(default=True)
    done_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The raiser's "I don't think this is done", flagged to the champion (sealed words).
    disputed_at = models.DateTimeField(null=True, blank=True)
    dispute = EncryptedField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "created"]
        indexes = [
            # A senior manager's /actions/: their own, soonest due first.
            models.Index(fields=["owner", "due"], name="action_owner_due"),
            # Reminders and escalation: open actions by due date.
            models.Index(fields=["status", "due"], name="action_status_due"),
            # What needs attention (cases.attention): the few disputed actions, and each
            # case's newest dispute, without reading every action ever set.
            models.Index(
                fields=["case", "disputed_at"],
                condition=models.Q(disputed_at__isnull=False),
                name="action_disputed",
            ),
        ]

    def __str__(self) -> str:
        return f"action due {self.due:%d %B %Y}"

    @property
    def network_id(self) -> int:
        return self.case.network_id

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due < timezone.localdate()


class ActionUpdate(models.Model):
    """Progress on an action, with the evidence for it, from its owner or a champion."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = EncryptedField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"update on {self.action}"
