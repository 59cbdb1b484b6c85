"""Limits on /track/ attempts, per address and per receipt code, in the shared cache.

Counters expire with their window, so the real owner is never locked out for good. The
address and the receipt code are kept only as keyed hashes inside cache keys, never as
themselves, under the rate limit's own key (safespace/lib/keyed.py): not SECRET_KEY, and not
the receipt look-up's key, so a copy of the cache gives nothing to match against the cases.

Behind a proxy the person's own address is the one our outermost proxy saw
(safespace/lib/addresses.py), as for the sign-in lockout.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

from safespace.lib import keyed
from safespace.lib.addresses import client_address

WINDOW = 15 * 60
# /track/ counts failed tries only, so someone coming back often is never slowed. Per address,
# enough for an office whose staff all reach us from one address; per receipt code (by its
# keyed look-up hash), a few, so nobody can work through guesses at one concern's passphrase
# from many addresses. There is no service-wide cap: one attacker could spend it for everyone.
PER_ADDRESS = 30
PER_RECEIPT = 5
# A counter outlives its window a little, so it is never gone before the window is.
LIFETIME = WINDOW + 60


def _digest(kind: str, value: str) -> str:
    return keyed.digest(keyed.Purpose.RATE_LIMIT, f"{kind}:{value}".encode())[:32]


def _address_key(request: HttpRequest, scope: str) -> str:
    return f"{scope}:addr:{_digest('address', client_address(request))}"


def _window() -> int:
    return int(time.time() // WINDOW)


def _keys(request: HttpRequest, scope: str, receipt: str) -> list[tuple[str, int]]:
    window = _window()
    keys = [(f"{_address_key(request, scope)}:{window}", PER_ADDRESS)]
    if receipt:
        keys.append((f"{scope}:receipt:{_digest('receipt', receipt)}:{window}", PER_RECEIPT))
    return keys


def blocked(request: HttpRequest, scope: str = "track", receipt: str = "") -> int:
    """Minutes to wait, or 0 when another attempt is allowed (for this receipt code, if given)."""
    for key, limit in _keys(request, scope, receipt):
        if int(cache.get(key, 0)) >= limit:
            remaining = WINDOW - int(time.time()) % WINDOW
            return max(1, (remaining + 59) // 60)
    return 0


def count(request: HttpRequest, scope: str = "track", receipt: str = "") -> None:
    for key, _limit in _keys(request, scope, receipt):
        if cache.add(key, 1, LIFETIME):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, LIFETIME)
        # The database cache's incr() stores the value again with the default timeout (five
        # minutes), which would let a count lapse long before its window ends.
        cache.touch(key, LIFETIME)
