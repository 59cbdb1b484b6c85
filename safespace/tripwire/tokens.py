"""Bearer tokens for the HR events API: made once, shown once, kept only as a SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from django.http import HttpRequest
from django.utils import timezone

from safespace.accounts.models import User
from safespace.tripwire.models import ApiToken

PREFIX = "sshr_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(user: User) -> str:
    """A new token for this person; the caller shows it once, as nothing can show it again."""
    token = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=digest(token))
    return token


def revoke(user: User) -> int:
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def bearer(request: HttpRequest) -> User | None:
    """The active person whose token the request carries (`Authorization: Bearer …`), or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(token.strip()), user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
    return found.user
