"""That an email went, and that today's digest went: never to whom in the clear, never what it said.

Recipients are kept as a keyed hash (see `safespace.notifications.mail.recipient_key`): some emails go
to a raiser's personal address, which the case holds only as ciphertext, so a plain address
here would tell someone holding a database dump who raised a concern. Anyone who knows an
address, and runs code with SAFESPACE_HASH_KEY, can still ask what was sent to it
(`manage.py sent_emails`).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SentEmail(models.Model):
    """One email sent: to whom (hashed), which template, when. Never its subject or words."""

    recipient = models.CharField(max_length=64)
    template = models.CharField(max_length=60)
    sent = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent"]
        indexes = [
            # `sent_emails ADDRESS`: what went to one person, newest first.
            models.Index(fields=["recipient", "sent"], name="sentemail_recipient_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.template} email at {self.sent:%Y-%m-%d %H:%M}"


class DigestSent(models.Model):
    """A person's daily digest for one day: held before it is sent, so it never goes twice."""

    recipient = models.CharField(max_length=64)
    day = models.DateField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Day first: it is also the index for "who has had today's digest".
            models.UniqueConstraint(fields=["day", "recipient"], name="digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"digest for {self.day:%Y-%m-%d}"
