"""The master key setting, read without touching the database (so settings can check it).

SAFESPACE_MASTER_KEY is one or more `key-id:base64-of-32-bytes`, comma-separated; the first
wraps new case keys and every one listed can unwrap (see safespace/keystore/crypto.py).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Keyring:
    current: str
    keys: dict[str, bytes]


@cache
def parse(value: str) -> Keyring:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        key_id, sep, encoded = part.partition(":")
        if not sep or not key_id:
            raise ImproperlyConfigured("SAFESPACE_MASTER_KEY entries look like 'key-id:base64'.")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                f"SAFESPACE_MASTER_KEY {key_id!r} is not valid base64."
            ) from None
        if len(key) != 32:
            raise ImproperlyConfigured(
                f"SAFESPACE_MASTER_KEY {key_id!r} must be 32 bytes, not {len(key)}."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"SAFESPACE_MASTER_KEY lists {key_id!r} twice.")
        keys[key_id] = key
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("SAFESPACE_MASTER_KEY is empty.")
    return Keyring(current=order[0], keys=keys)
