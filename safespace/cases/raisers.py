"""The link from a named concern to the account of the person who raised it, kept keyed.

A concern raised under one's name while signed in is listed on that person's own page. The
case keeps only an HMAC of the account's stable id (its `code`) under the raiser link's own key
(safespace/lib/keyed.py), which is never in the database: the page finds the person's cases by
computing it, but a dump of the database alone cannot say which account raised which concern.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from safespace.lib import keyed


def link_for(account_code: uuid.UUID | str) -> str:
    """The keyed link for the account with this `code`."""
    return keyed.digest(keyed.Purpose.RAISER_LINK, uuid.UUID(str(account_code)).bytes)


def legacy_links_for(account_code: uuid.UUID | str) -> list[str]:
    """The links made before the raiser link had its own key: keyed from SECRET_KEY (and any
    fallbacks). Only the migration that re-keys them reads these (cases 0011)."""
    message = uuid.UUID(str(account_code)).bytes
    return [
        hmac.new(
            hashlib.sha256(b"safespace-raiser-link:" + secret.encode()).digest(),
            message,
            hashlib.sha256,
        ).hexdigest()
        for secret in keyed.legacy_secrets()
    ]
