"""Whose address a request came from, as the outermost of our own proxies saw it.

Behind a proxy every request arrives from the proxy's address, so the person's own address is
read from X-Forwarded-For. Each proxy appends the address it was reached from, so only the
entries our own proxies appended can be believed: with N trusted proxies, the Nth from the
right. Anything further left was written by the client and could be anything. With no proxy
configured (SAFESPACE_TRUSTED_PROXIES=0) the header is ignored. The /track/ limits and the
sign-in lockout both count by this address.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


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
