"""API tokens: made once and shown once, kept only as a SHA-256, found again by it."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safespace.accounts.models import User
from safespace.api.models import Token
from safespace.api.scopes import Scope
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record

PREFIX = "ssapi_"
SHOWN = len(PREFIX) + 6  # characters kept to tell tokens apart


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(
    *,
    user: User,
    name: str,
    scopes: Iterable[Scope | str],
    expires: datetime.datetime,
    by: User | None,
) -> tuple[Token, str]:
    """A new token; the caller shows the secret once, as nothing can show it again."""
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = Token.objects.create(
            name=name,
            user=user,
            scopes=sorted({Scope(scope).value for scope in scopes}),
            digest=digest(secret),
            prefix=secret[:SHOWN],
            expires=expires,
            created_by=by,
        )
        record(
            actor_code=str(by.code) if by else "",
            actor_role="admin" if by else "system",
            action=AuditAction.API_TOKEN_CREATE,
            object_type="api_token",
            object_code=str(token.code),
        )
    return token, secret


def revoke(token: Token, *, by: User | None) -> bool:
    """Stop the token for good; False if it was revoked already."""
    with transaction.atomic():
        changed = Token.objects.filter(pk=token.pk, revoked__isnull=True).update(
            revoked=timezone.now()
        )
        if changed:
            record(
                actor_code=str(by.code) if by else "",
                actor_role="admin" if by else "system",
                action=AuditAction.API_TOKEN_REVOKE,
                object_type="api_token",
                object_code=str(token.code),
            )
    return bool(changed)


def _live(secret: str) -> QuerySet[Token]:
    """The live token with this secret (not revoked, not expired, its account active), as a
    query: empty for anything that cannot be a token."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return Token.objects.none()
    return Token.objects.filter(
        digest=digest(secret),
        revoked__isnull=True,
        expires__gt=timezone.now(),
        user__is_active=True,
    )


def is_live(secret: str) -> bool:
    """Whether this secret is a live token's, without counting it as used."""
    return _live(secret).exists()


def find(secret: str) -> Token | None:
    """The live token with this secret (not revoked, not expired, its account active)."""
    found = _live(secret).select_related("user").first()
    if found is not None:
        found.last_used = timezone.now()
        Token.objects.filter(pk=found.pk).update(last_used=found.last_used)
    return found
