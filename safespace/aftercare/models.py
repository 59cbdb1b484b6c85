"""After a concern: how it closed, what the raiser thought, and whether anything happened since."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop

from safespace.accounts.models import Network, User
from safespace.cases.models import Case
from safespace.lib.fields import EncryptedField


class Outcome(models.TextChoices):
    RESOLVED = "resolved", gettext_noop("Resolved")
    PARTLY = "partly", gettext_noop("Partly resolved")
    NOT_RESOLVED = "not_resolved", gettext_noop("Not resolved")
    FORMAL = "formal", gettext_noop("Referred to a formal process")
    WITHDRAWN = "withdrawn", gettext_noop("Withdrawn by the person who raised it")
    NO_CONTACT = "no_contact", gettext_noop("No further contact")


class Closure(models.Model):
    """One closing of a case. Reopening keeps it, with the reason, so the history stays whole."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closures")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    formal_process = models.CharField(max_length=200, blank=True)
    summary = EncryptedField()  # the raiser reads it
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = EncryptedField()

    class Meta:
        ordering = ["closed_at"]
        indexes = [
            # Check-ins due: the latest closing of each case, by date.
            models.Index(fields=["closed_at"], name="closure_closed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.case} closed {self.closed_at:%d %B %Y}"


class FeedbackGiven(models.Model):
    """That this case's raiser gave feedback, and their own words, sealed with the case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="feedback_given")
    anything_else = EncryptedField()
    given = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"feedback on {self.case}"


class SpeakUpAgain(models.TextChoices):
    YES = "yes", gettext_noop("Yes")
    NO = "no", gettext_noop("No")
    MAYBE = "maybe", gettext_noop("Maybe")
    DONT_KNOW = "dont_know", gettext_noop("I don't know")


class FeedbackAnswer(models.Model):
    """The two answers, kept with no link to the case or the raiser: only network and month.

    A random key, so the order rows were written in cannot be matched to FeedbackGiven.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    felt_heard = models.PositiveSmallIntegerField()  # 1 (not at all) to 5 (completely)
    speak_up_again = models.CharField(max_length=10, choices=SpeakUpAgain.choices)

    class Meta:
        indexes = [
            # Insight: one network's answers over a range of months.
            models.Index(fields=["network", "month"], name="feedback_network_month"),
        ]

    def __str__(self) -> str:
        return f"feedback for {self.month:%B %Y}"


class Detriment(models.TextChoices):
    CAPABILITY = "capability", gettext_noop("A capability or performance process")
    PROBATION = "probation", gettext_noop("My probation was extended or failed")
    DISCIPLINARY = "disciplinary", gettext_noop("A disciplinary process")
    DUTIES = "duties", gettext_noop("A change to my duties, hours or pay")
    EXCLUDED = "excluded", gettext_noop("Being excluded or ignored")
    OTHER = "other", gettext_noop("Something else")


class CheckIn(models.Model):
    """A check-in due some months after closing: "has anything happened since?"."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="check_ins")
    closure = models.ForeignKey(Closure, on_delete=models.CASCADE, related_name="check_ins")
    months_after = models.PositiveSmallIntegerField()
    due = models.DateField()
    answered_at = models.DateTimeField(null=True, blank=True)
    # When the raiser was emailed that it is waiting (only those who chose email are).
    notified_at = models.DateTimeField(null=True, blank=True)
    # What happened, if anything: Detriment values (not sensitive alone; the words are sealed).
    happened = models.JSONField(default=list)
    details = EncryptedField()

    class Meta:
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(fields=["closure", "months_after"], name="check_in_once")
        ]
        indexes = [
            # The raiser's page: this case's check-ins that are due and unanswered.
            models.Index(fields=["case", "due"], name="check_in_case_due"),
            # What needs attention (cases.attention): the answered check-ins that report a
            # detriment, and each case's newest, without reading every check-in.
            models.Index(
                fields=["case", "answered_at"],
                condition=models.Q(answered_at__isnull=False) & ~models.Q(happened=[]),
                name="check_in_detriment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months_after}-month check-in for {self.case}"

    @property
    def reported_detriment(self) -> bool:
        return bool(self.happened)


class RetentionHold(models.Model):
    """The lead champion's decision to keep a concern past its retention period, until a date.

    It expires by itself: the nightly job shreds the concern at the first run after `until`,
    unless another hold is placed. The reason is the lead's own words about why (a tribunal
    claim, a grievance still open), written without the concern's details; it is kept after
    the concern is shredded, as the record of why it was kept."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="retention_holds")
    until = models.DateField()
    reason = models.CharField(max_length=500)
    placed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-until"]
        indexes = [models.Index(fields=["case", "until"], name="retention_hold_case_until")]

    def __str__(self) -> str:
        return f"{self.case} kept until {self.until:%d %B %Y}"
