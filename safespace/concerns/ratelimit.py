"""Limits on /track/ attempts, per address and overall, in the shared cache.

Counters expire with their window, so the real owner is never locked out for good. The
address is kept only as a keyed hash inside a cache key, never stored as itself.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW = 15 * 60
PER_ADDRESS = 10
OVERALL = 300


def _address_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"track:addr:{digest[:32]}"


def _window() -> int:
    return int(time.time() // WINDOW)


def _keys(request: HttpRequest) -> list[tuple[str, int]]:
    window = _window()
    return [(f"{_address_key(request)}:{window}", PER_ADDRESS), (f"track:all:{window}", OVERALL)]


def blocked(request: HttpRequest) -> int:
    """Minutes to wait, or 0 when another attempt is allowed."""
    for key, limit in _keys(request):
        if int(cache.get(key, 0)) >= limit:
            remaining = WINDOW - int(time.time()) % WINDOW
            return max(1, (remaining + 59) // 60)
    return 0


def count(request: HttpRequest) -> None:
    for key, _limit in _keys(request):
        cache.add(key, 0, WINDOW + 60)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW + 60)
