"""Limits on /track/ attempts and on staff-directory look-ups from the raise form, per address
and overall, in the shared cache.

Counters expire with their window, so the real owner is never locked out for good. The
address is kept only as a keyed hash inside a cache key, never stored as itself.

Behind a proxy the person's own address is the one our outermost proxy saw
(safespace/lib/addresses.py), as for the sign-in lockout.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from safespace.lib.addresses import client_address

WINDOW = 15 * 60
PER_ADDRESS = 10
OVERALL = 300
# The raise form looks a named person or team up in the staff directory. Someone raising a
# concern needs a handful of tries; someone walking the directory needs thousands.
LOOKUP_PER_ADDRESS = 20
LOOKUP_OVERALL = 1000
# A counter outlives its window a little, so it is never gone before the window is.
LIFETIME = WINDOW + 60


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
