"""Tokens the organisation's systems call the API with: made by an administrator, shown once."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from safespace.accounts.models import User


class Token(models.Model):
    """One system's bearer token. Only its SHA-256 is kept; it acts as `user`, for its scopes."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        "Purpose",
        max_length=120,
        help_text="What calls with it, and why: for example “HR system, nightly directory sync”.",
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name="Acts as",
        help_text="The account whose roles the calls are made with, such as an HR import account.",
    )
    scopes = models.JSONField(default=list)
    # SHA-256, not a slow hash: the token is 256 random bits, so there is nothing to guess.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, to tell tokens apart in lists and logs; not enough to use.
    prefix = models.CharField(max_length=16, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    expires = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked is None and self.expires > timezone.now()
