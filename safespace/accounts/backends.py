"""Email-and-password sign-in that production refuses for demo accounts, and that an
installation may keep for administrators only (SAFESPACE_LOCAL_SIGN_IN)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from safespace.accounts import roles
from safespace.accounts.models import User


class EmailBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        email = str(kwargs.get("username") or kwargs.get("email") or "").strip().lower()
        # ModelBackend hashes the password even for an unknown email, so timing tells nothing.
        user = super().authenticate(request, username=email, password=kwargs.get("password"))
        if user is not None and settings.PRODUCTION and getattr(user, "is_demo", False):
            return None
        if user is not None and not local_sign_in_allowed(user):
            return None
        return user


def local_sign_in_allowed(user: User) -> bool:
    """Once everyone signs in through the organisation's provider, an installation may keep
    the password and code for administrators only, to get in when the provider cannot."""
    if settings.SAFESPACE_LOCAL_SIGN_IN == "everyone":
        return True
    return bool(user.is_superuser) or roles.administers(user)
