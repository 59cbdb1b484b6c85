"""What the lead champion writes into the evaluation report: the learning, in their words."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from safespace.accounts.models import Network, User


class ReportNarrative(models.Model):
    """The written sections of one network's evaluation report for one period.

    Not case content, so not sealed: the Director of Wellbeing and insight viewers read it in
    the report. The form asks the lead not to name anyone or describe a case recognisably.
    Each save is an audit event (`report.save_narrative`).
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    # The period the report covers, both days included: whole months, as the form asks.
    start = models.DateField()
    end = models.DateField()
    # Optional: the report says something general about the service when these are empty.
    context = models.TextField(blank=True)
    problem = models.TextField(blank=True)
    what_was_done = models.TextField(blank=True)
    # What only the lead can say, so the form asks for them.
    learning_points = models.TextField(blank=True)
    went_well = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    written_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["network", "-start"]
        constraints = [
            # Also the index for the report's one look-up: this network, this period.
            models.UniqueConstraint(
                fields=["network", "start", "end"], name="report_narrative_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="report_narrative_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} report, {self.start:%B %Y} to {self.end:%B %Y}"
