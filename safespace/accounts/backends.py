"""Email-and-password sign-in that production refuses for demo accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from safespace.accounts.models import User


class EmailBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        email = str(kwargs.get("username") or kwargs.get("email") or "").strip().lower()
        # ModelBackend hashes the password even for an unknown email, so timing tells nothing.
        user = super().authenticate(request, username=email, password=kwargs.get("password"))
        if user is not None and settings.PRODUCTION and getattr(user, "is_demo", False):
            return None
        return user
