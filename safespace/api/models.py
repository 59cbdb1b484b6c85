"""Tokens the organisation's systems call the API with: made by an administrator, shown once."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import User


class Token(models.Model):
    """One system's bearer token. Only its SHA-256 is kept; it acts as `user`, for its scopes."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        _("Purpose"),
        max_length=120,
        help_text=_(
            "What calls with it, and why: for example “HR system, nightly directory sync”."
        ),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("Acts as"),
        help_text=_(
            "The account whose roles the calls are made with, such as an HR import account."
        ),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    # SHA-256, not a slow hash: the token is 256 random bits, so there is nothing to guess.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, to tell tokens apart in lists and logs; not enough to use.
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked is None and self.expires > timezone.now()
