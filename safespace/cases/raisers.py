"""The link from a named concern to the account of the person who raised it, kept keyed.

A concern raised under one's name while signed in is listed on that person's own page. The
case keeps only an HMAC of the account's stable id (its `code`) under a key derived from
SECRET_KEY, which is never in the database (as receipt look-ups are, safespace/lib/receipts.py):
the page finds the person's cases by computing it, but a dump of the database alone cannot say
which account raised which concern.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from django.conf import settings


def link_for(account_code: uuid.UUID | str) -> str:
    """The keyed link for the account with this `code`."""
    key = hashlib.sha256(b"safespace-raiser-link:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, uuid.UUID(str(account_code)).bytes, hashlib.sha256).hexdigest()
