"""The data protection officer's own record: each search for a person, and each erasure."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from safespace.accounts.models import Network, User


class Search(models.Model):
    """One search for a person's concerns: who searched, when, why, and how many were found.

    The audit event of the search names this row; the reason is kept here, as the audit trail
    keeps no words. What was typed is kept only as a keyed hash (safespace/lib/keyed.py): asked
    later whether anyone searched for a given person, the hash can say so, while a copy of the
    database does not say who was looked for.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(default=timezone.now)
    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    query_hash = models.CharField(max_length=64)
    found = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"search {self.code} at {self.at:%Y-%m-%d %H:%M}"


class Erasure(models.Model):
    """A concern erased at its raiser's request, and why: what remains once nothing of it can be
    read. A concern is erased once, so a second request for it finds this row."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(default=timezone.now)
    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    # The concern's own code and reference, not a link to it: a held concern is deleted.
    case_code = models.UUIDField(unique=True)
    reference = models.CharField(max_length=12)
    reason = models.TextField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.reference} erased at {self.at:%Y-%m-%d %H:%M}"
