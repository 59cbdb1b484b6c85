"""Limits on /track/ attempts and on staff-directory look-ups from the raise form, per address
and overall, in the shared cache.

Counters expire with their window, so the real owner is never locked out for good. The
address is kept only as a keyed hash inside a cache key, never stored as itself.

Behind a proxy every request arrives from the proxy's address, so the person's own address is
read from X-Forwarded-For. Each proxy appends the address it was reached from, so only the
entries our own proxies appended can be believed: with N trusted proxies, the Nth from the
right. Anything further left was written by the client and could be anything.
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
# The raise form looks a named person or team up in the staff directory. Someone raising a
# concern needs a handful of tries; someone walking the directory needs thousands.
LOOKUP_PER_ADDRESS = 20
LOOKUP_OVERALL = 1000
# A counter outlives its window a little, so it is never gone before the window is.
LIFETIME = WINDOW + 60


def client_address(request: HttpRequest) -> str:
    """The address of whoever is asking, as the outermost of our trusted proxies saw it."""
    trusted = settings.SAFESPACE_TRUSTED_PROXIES
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if trusted <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if entry.strip()
    ]
    if not forwarded:
        return remote
    # Fewer entries than proxies: every one was appended by a proxy we trust; take the first.
    return forwarded[-min(trusted, len(forwarded))]


def _address_key(request: HttpRequest, scope: str) -> str:
    address = client_address(request)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"{scope}:addr:{digest[:32]}"


def _window() -> int:
    return int(time.time() // WINDOW)


def _keys(request: HttpRequest, scope: str) -> list[tuple[str, int]]:
    window = _window()
    if scope == "track":
        per_address, overall = PER_ADDRESS, OVERALL
    else:
        per_address, overall = LOOKUP_PER_ADDRESS, LOOKUP_OVERALL
    return [
        (f"{_address_key(request, scope)}:{window}", per_address),
        (f"{scope}:all:{window}", overall),
    ]


def blocked(request: HttpRequest, scope: str = "track") -> int:
    """Minutes to wait, or 0 when another attempt is allowed."""
    for key, limit in _keys(request, scope):
        if int(cache.get(key, 0)) >= limit:
            remaining = WINDOW - int(time.time()) % WINDOW
            return max(1, (remaining + 59) // 60)
    return 0


def count(request: HttpRequest, scope: str = "track") -> None:
    for key, _limit in _keys(request, scope):
        if cache.add(key, 1, LIFETIME):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, LIFETIME)
        # The database cache's incr() stores the value again with the default timeout (five
        # minutes), which would let a count lapse long before its window ends.
        cache.touch(key, LIFETIME)
