"""Load and save a raiser's unfinished answers, sealed under a key held in their cookie."""

from __future__ import annotations

import base64
import binascii
import json
import os
import uuid
from datetime import timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from safespace.concerns.models import Draft

COOKIE = settings.SAFESPACE_DRAFT_COOKIE
# Unfinished answers live in this browser until it is closed (the cookie has no expiry) and
# are gone after as long idle as a session: a colleague who sits down at a shared computer
# later finds an empty form.
LIFETIME = timedelta(seconds=settings.SESSION_COOKIE_AGE)
# A sent concern's receipt waits here only for the confirmation page, which shows it once;
# it is here at all so that a second Send of the same form (a double click) can show it too.
RECEIPT_LIFETIME = timedelta(minutes=10)


class DraftState:
    """The answers so far, plus where they live. `data` is a plain dict of JSON values."""

    def __init__(self, code: uuid.UUID, key: bytes, data: dict[str, Any], is_new: bool) -> None:
        self.code = code
        self.key = key
        self.data = data
        self.is_new = is_new

    def cookie_value(self) -> str:
        return f"{self.code.hex}.{base64.urlsafe_b64encode(self.key).decode('ascii')}"


def _aad(code: uuid.UUID) -> bytes:
    return b"safespace-draft:" + code.bytes


def _from_cookie(raw: str) -> tuple[uuid.UUID, bytes] | None:
    try:
        code_hex, key_b64 = raw.split(".", 1)
        key = base64.urlsafe_b64decode(key_b64.encode("ascii"))
        code = uuid.UUID(hex=code_hex)
    except (ValueError, binascii.Error):
        return None
    return (code, key) if len(key) == 32 else None


def _open(code: uuid.UUID, key: bytes) -> DraftState | None:
    draft = Draft.objects.filter(code=code, updated__gte=timezone.now() - LIFETIME).first()
    if draft is None:
        return None
    sealed = bytes(draft.sealed)
    try:
        data = json.loads(AESGCM(key).decrypt(sealed[:12], sealed[12:], _aad(code)))
    except (InvalidTag, ValueError):
        return None
    if "case" in data and draft.updated < timezone.now() - RECEIPT_LIFETIME:
        draft.delete()  # a receipt nobody came to see goes, rather than waiting for someone
        return None
    return DraftState(code, key, data, is_new=False)


def load(request: HttpRequest) -> DraftState:
    """The person's draft, or a fresh one when they have none (or it expired or was tampered)."""
    parsed = _from_cookie(request.COOKIES.get(COOKIE, ""))
    if parsed is not None:
        opened = _open(*parsed)
        if opened is not None:
            return opened
    return DraftState(uuid.uuid4(), AESGCM.generate_key(bit_length=256), {}, is_new=True)


def reload(state: DraftState) -> DraftState | None:
    """The draft as the database holds it now, which another request may have changed."""
    return _open(state.code, state.key)


def store(state: DraftState) -> None:
    """Seal the answers and write them, without touching the cookie (usable in a transaction)."""
    nonce = os.urandom(12)
    plain = json.dumps(state.data, ensure_ascii=False).encode("utf-8")
    sealed = nonce + AESGCM(state.key).encrypt(nonce, plain, _aad(state.code))
    Draft.objects.update_or_create(
        code=state.code, defaults={"sealed": sealed, "updated": timezone.now()}
    )


def remember(state: DraftState, response: HttpResponse) -> None:
    """Give the browser the cookie that finds and opens this draft."""
    response.set_cookie(
        COOKIE,
        state.cookie_value(),
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Strict",
    )


def save(state: DraftState, response: HttpResponse) -> None:
    store(state)
    remember(state, response)


def forget(request: HttpRequest) -> None:
    """Delete the draft this browser's cookie names, whatever it holds."""
    parsed = _from_cookie(request.COOKIES.get(COOKIE, ""))
    if parsed is not None:
        Draft.objects.filter(code=parsed[0]).delete()


def discard(state: DraftState, response: HttpResponse) -> None:
    Draft.objects.filter(code=state.code).delete()
    response.delete_cookie(COOKIE, samesite="Strict")


def prune() -> int:
    """Delete every draft left idle longer than a session; returns how many went."""
    deleted, _ = Draft.objects.filter(updated__lt=timezone.now() - LIFETIME).delete()
    return deleted
