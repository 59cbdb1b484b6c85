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


class Tally(models.Model):
    """How many of one thing, for one network, on one day: the figures' summary.

    Every insight figure is a sum of these over the days of its period, so a page reads a few
    rows a day whatever the number of cases behind them (safespace/insights/summaries.py says
    what each measure and key counts). A day is recounted from the rows whenever something on
    it changes; until it is, it is marked in `Recount`, and read from the rows instead.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    measure = models.CharField(max_length=20)
    key = models.CharField(max_length=200, blank=True)
    n = models.BigIntegerField()

    class Meta:
        constraints = [
            # Also the index every figure reads by: this measure, these networks, these days.
            models.UniqueConstraint(fields=["measure", "network", "day", "key"], name="tally_once"),
        ]
        # Every measure of a period at once, and a day's tallies replaced.
        indexes = [models.Index(fields=["network", "day"], name="tally_network_day")]

    def __str__(self) -> str:
        return f"{self.network_id} {self.day} {self.measure} {self.key}: {self.n}"


class Recount(models.Model):
    """A change to what a day of a network's tallies count, since they were counted.

    Written in the same transaction as the change, so a figure never misses one: figures read
    a marked day from the rows, and the worker counts it into `Tally` every hour. Each change
    adds a row and locks nothing, so writers never wait for each other or for the worker; the
    worker deletes only the rows it saw before counting, so a change that comes in while it
    counts leaves its day marked.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    marked = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["network", "day"], name="recount_network_day")]

    def __str__(self) -> str:
        return f"{self.network_id} {self.day}"


class MonthTally(models.Model):
    """A month's tallies of a network summed: what a period reads for each whole month in it.

    Counted from `Tally` whenever a day of the month is recounted, so three years are read as
    36 months and a few days at each end, rather than a thousand days.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # its first day
    measure = models.CharField(max_length=20)
    key = models.CharField(max_length=200, blank=True)
    n = models.BigIntegerField()

    class Meta:
        constraints = [
            # Also the index a period reads by: these networks, these months.
            models.UniqueConstraint(
                fields=["network", "month", "measure", "key"], name="month_tally_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network_id} {self.month:%Y-%m} {self.measure} {self.key}: {self.n}"
