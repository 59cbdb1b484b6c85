"""HR events sent by the HR system, the alerts they trip, and the tokens its API calls carry."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safespace.accounts.models import User
from safespace.cases.models import Case


class EventKind(models.TextChoices):
    CAPABILITY = "capability", "Capability"
    PROBATION_REVIEW = "probation_review", "Probation review"
    DISCIPLINARY = "disciplinary", "Disciplinary"
    GRIEVANCE = "grievance", "Grievance against the person"
    DISMISSAL = "dismissal", "Dismissal"


class HREvent(models.Model):
    """One HR process starting against someone, as the HR system reported it.

    Every good row of every import is kept, whether or not it is about anyone who spoke up,
    so what an import leaves behind says nothing about who did. The person is only the keyed
    hash of their employee number (safespace/tripwire/keys.py).
    """

    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    date = models.DateField()
    batch = models.UUIDField()
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["imported_at", "pk"]
        indexes = [
            # The matcher: the events of one import.
            models.Index(fields=["batch"], name="hr_event_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%d %B %Y}"


class Alert(models.Model):
    """An HR event about a raiser who asked to be watched for one, while they are watched."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hr_alerts")
    event = models.ForeignKey(HREvent, on_delete=models.CASCADE, related_name="alerts")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["case", "event"], name="hr_alert_once_per_event")
        ]

    def __str__(self) -> str:
        return f"HR alert on {self.case}"


class ApiToken(models.Model):
    """A bearer token for the HR events API. Only its SHA-256 is kept; it is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    # SHA-256, not a slow hash: the token is 256 random bits, so there is nothing to guess.
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"API token of {self.user}"
