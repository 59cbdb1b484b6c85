"""Unfinished concerns, kept so nothing typed is lost, and readable only with the raiser's cookie."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class Draft(models.Model):
    """A concern part-way through the form.

    The answers are sealed with a key that lives only in the raiser's browser (a cookie), so
    the database holds ciphertext it cannot open: a dump reveals nothing, and a draft the
    person abandons is unreadable to everyone, then pruned.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sealed = models.BinaryField()
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # Pruning: drafts idle longer than a session (drafts.prune).
            models.Index(fields=["updated"], name="draft_updated"),
        ]

    def __str__(self) -> str:
        return f"draft {self.code}"
