"""Keyed hashes (HMAC-SHA-256), each under its own key with one job (docs/decisions/0008).

Safe Space finds some things again without keeping them: a concern by its receipt code, a
raiser's concerns by their account, concerns naming the same person, a backup code, an email
address in the sent-email records, a /track/ counter. Each is an HMAC under a key that is never
in the database, so a dump cannot be searched by trying every value.

Each purpose has its own key, derived with HKDF-SHA-256 from SAFESPACE_HASH_KEY with the
purpose as HKDF's `info` label. The root key is used for nothing else, and no derived key serves
two purposes, so none of these hashes depends on SECRET_KEY, which Django uses for sessions and
signing and which may be rotated at any time.

Before these keys existed the hashes were keyed from SECRET_KEY; `legacy_secrets` lists the
values those were made under, so that stored hashes of that kind can still be found once and
made again under the purpose's key.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class Purpose(StrEnum):
    """The one job of each derived key; the value is HKDF's `info` label, never to change."""

    RECEIPT_LOOKUP = "safespace:receipt-lookup:v1"
    RAISER_LINK = "safespace:raiser-link:v1"
    PATTERN_MARK = "safespace:pattern-mark:v1"
    BACKUP_CODE = "safespace:backup-code:v1"
    EMAIL_CODE = "safespace:email-code:v1"
    EMAIL_RECIPIENT = "safespace:email-recipient:v1"
    RATE_LIMIT = "safespace:rate-limit:v1"
    PERSON_SEARCH = "safespace:person-search:v1"


@lru_cache(maxsize=32)
def _derive(root: str, purpose: Purpose) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.value.encode())
    return hkdf.derive(root.encode("utf-8"))


def key(purpose: Purpose) -> bytes:
    """The 32-byte key for this purpose alone."""
    root = str(getattr(settings, "SAFESPACE_HASH_KEY", "") or "")
    if not root:
        raise ImproperlyConfigured("SAFESPACE_HASH_KEY is not set; keyed hashes cannot be made.")
    return _derive(root, purpose)


def digest(purpose: Purpose, message: bytes) -> str:
    """HMAC-SHA-256 of `message` under the purpose's key, as 64 hex characters."""
    return hmac.new(key(purpose), message, hashlib.sha256).hexdigest()


def legacy_secrets() -> list[str]:
    """SECRET_KEY and its fallbacks: what hashes stored before the purpose keys were keyed by."""
    fallbacks = [str(s) for s in getattr(settings, "SECRET_KEY_FALLBACKS", []) or []]
    return [s for s in dict.fromkeys([str(settings.SECRET_KEY), *fallbacks]) if s]
