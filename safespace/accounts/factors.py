"""Second-factor secrets as the case database keeps them: sealed or keyed-hashed, never usable.

An authenticator's TOTP secret is sealed with AES-256-GCM under a key derived from the master
key (SAFESPACE_MASTER_KEY, which is never in the database) and bound to its account, so a dump
holds no secret and a sealed secret copied onto another account does not open. Backup codes and
the codes emailed before enrolling are kept only as HMACs under a key derived from SECRET_KEY
(also never in the database), the way receipt look-ups are: a short code cannot be found by
trying every value offline without it.

django-otp's own columns carry these (`otp_totp_totpdevice.key`, `otp_static_statictoken.token`),
so the forms fit their lengths: a sealed secret is "!" and 64 characters of base64; a hashed
backup code is 16 hex characters (64 bits of HMAC).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

from safespace.lib.masterkey import parse

SEALED = "!"
NONCE = 12
KEY_COLUMN = 80
HASHED_CODE = re.compile(r"^[0-9a-f]{16}$")


class SecretUnreadable(Exception):
    """The sealed secret opens under no listed master key (or is not sealed at all)."""


def _keys() -> list[bytes]:
    """The sealing keys, one for each listed master key, the current one first."""
    ring = parse(settings.SAFESPACE_MASTER_KEY)
    order = [ring.current, *(k for k in ring.keys if k != ring.current)]
    return [
        hmac.new(ring.keys[key_id], b"safespace-second-factor", hashlib.sha256).digest()
        for key_id in order
    ]


def _aad(user_id: int) -> bytes:
    return b"safespace-totp:" + str(user_id).encode()


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED)


def seal_secret(secret: bytes, user_id: int) -> str:
    nonce = os.urandom(NONCE)
    sealed = AESGCM(_keys()[0]).encrypt(nonce, secret, _aad(user_id))
    value = SEALED + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    if len(value) > KEY_COLUMN:
        raise ValueError("This authenticator secret is too long to seal in its column.")
    return value


def open_secret(value: str, user_id: int) -> bytes:
    if not is_sealed(value):
        # A plain secret planted in the database is refused, never used.
        raise SecretUnreadable("The authenticator secret is not sealed.")
    try:
        blob = base64.urlsafe_b64decode(value[len(SEALED) :])
    except (binascii.Error, ValueError):
        raise SecretUnreadable("The sealed authenticator secret is damaged.") from None
    for key in _keys():
        try:
            return AESGCM(key).decrypt(blob[:NONCE], blob[NONCE:], _aad(user_id))
        except InvalidTag:
            continue
    raise SecretUnreadable("The authenticator secret opens under no listed master key.")


def sealed_hex_key(hex_key: str, user_id: int) -> str:
    """A TOTP key as django-otp makes it (hex), sealed; a key already sealed is left alone."""
    if is_sealed(hex_key):
        return hex_key
    return seal_secret(bytes.fromhex(hex_key), user_id)


def reseal(value: str, user_id: int) -> str:
    """The same secret sealed under the current master key (after a rotation)."""
    return seal_secret(open_secret(value, user_id), user_id)


def normalise_code(code: str) -> str:
    return "".join(code.split()).lower()


def hash_backup_code(code: str) -> str:
    return salted_hmac(
        "safespace.accounts.backup-code", normalise_code(code), algorithm="sha256"
    ).hexdigest()[:16]


def is_hashed_backup_code(value: str) -> bool:
    return bool(HASHED_CODE.match(value))


def hash_email_code(user_code: str, code: str) -> str:
    return salted_hmac(
        "safespace.accounts.email-code", f"{user_code}:{normalise_code(code)}", algorithm="sha256"
    ).hexdigest()
