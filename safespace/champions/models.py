"""The champion pool: terms of reference, training, recruitment and the monthly review."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop

from safespace.accounts.models import Directorate, Network, User


class TermsOfReference(models.Model):
    """One version of a network's Terms of Reference. The newest is the one in force."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="terms")
    version = models.PositiveIntegerField()
    body = models.TextField()
    published = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["network", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["network", "version"], name="terms_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.network} Terms of Reference, version {self.version}"


class TermsAcceptance(models.Model):
    """A champion's acceptance of one version; a newer version needs a new acceptance."""

    terms = models.ForeignKey(
        TermsOfReference, on_delete=models.CASCADE, related_name="acceptances"
    )
    champion = models.ForeignKey(User, on_delete=models.CASCADE, related_name="terms_accepted")
    accepted = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["terms", "champion"], name="terms_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.champion} accepted {self.terms}"


class TrainingRecord(models.Model):
    """A course a champion attended, such as the three-hour preparation session."""

    champion = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training")
    course = models.CharField(max_length=200)
    day = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    recorded = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.course} ({self.champion})"


class Pipeline(models.TextChoices):
    APPLIED = "applied", gettext_noop("Applied")
    APPROVED = "approved", gettext_noop("Approved")
    TRAINED = "trained", gettext_noop("Trained")
    ACTIVE = "active", gettext_noop("Active champion")
    NOT_TAKEN_FORWARD = "not_taken_forward", gettext_noop("Not taken forward")


# Where an application may go next: the recruitment pipeline, in order.
PIPELINE_NEXT: dict[str, list[str]] = {
    Pipeline.APPLIED: [Pipeline.APPROVED, Pipeline.NOT_TAKEN_FORWARD],
    Pipeline.APPROVED: [Pipeline.TRAINED, Pipeline.NOT_TAKEN_FORWARD],
    Pipeline.TRAINED: [Pipeline.ACTIVE, Pipeline.NOT_TAKEN_FORWARD],
    Pipeline.ACTIVE: [],
    Pipeline.NOT_TAKEN_FORWARD: [],
}


class Application(models.Model):
    """Someone's expression of interest in becoming a champion."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="applications")
    full_name = models.CharField(max_length=150)
    email = models.EmailField()
    directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    why = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Pipeline.choices, default=Pipeline.APPLIED)
    received = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received"]
        indexes = [
            # The lead's pipeline: one network's applications by status, oldest first.
            models.Index(fields=["network", "status", "received"], name="application_pipeline"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_status_display()})"


class Review(models.Model):
    """The champions' monthly review meeting for a network."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="reviews")
    starts = models.DateTimeField()
    place = models.CharField(max_length=300)
    # The agenda is fixed when the meeting is scheduled: pseudonymised lines, no narrative.
    agenda = models.JSONField(default=list)
    # What was agreed. Champions are asked to refer to cases by reference only.
    minutes = models.TextField(blank=True)
    attendees = models.ManyToManyField(User, blank=True, related_name="reviews_attended")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts"]
        indexes = [
            # The list of a network's reviews, newest first.
            models.Index(fields=["network", "starts"], name="review_network_starts"),
        ]

    def __str__(self) -> str:
        return f"Monthly review, {self.starts:%d %B %Y}"


class Wellbeing(models.IntegerChoices):
    STRUGGLING = 1, gettext_noop("I'm struggling")
    LOW = 2, gettext_noop("Not great")
    OK = 3, gettext_noop("OK")
    WELL = 4, gettext_noop("Well")
    VERY_WELL = 5, gettext_noop("Very well")


class WellbeingCheckIn(models.Model):
    """A champion's private answer to "how are you doing?". Nobody sees one on its own.

    It holds no link to the champion, only the network and the month, so the lead's view can
    only ever be the aggregate.
    """

    # A random key, so the order rows were written in cannot be matched to who answered.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month it was given in
    feeling = models.PositiveSmallIntegerField(choices=Wellbeing.choices)
    wants_support = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # The lead's aggregate: one network, one month.
            models.Index(fields=["network", "month"], name="wellbeing_network_month"),
        ]

    def __str__(self) -> str:
        return f"check-in for {self.month:%B %Y}"


class WellbeingAnswered(models.Model):
    """That a champion has answered this month, kept apart from what they answered."""

    champion = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["champion", "network", "month"], name="wellbeing_once_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.champion} answered for {self.month:%B %Y}"
