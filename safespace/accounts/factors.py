"""Second-factor secrets as the case database keeps them: sealed or keyed-hashed, never usable.

An authenticator's TOTP secret is sealed with AES-256-GCM under a key derived from the master
key (SAFESPACE_MASTER_KEY, which is never in the database) and bound to its account, so a dump
holds no secret and a sealed secret copied onto another account does not open. Backup codes and
the codes emailed before enrolling are kept only as HMACs, each kind under its own key
(safespace/lib/keyed.py, also never in the database), the way receipt look-ups are: a short
code cannot be found by trying every value offline without it, and rotating SECRET_KEY does
not stop one working. Codes hashed before these keys existed were keyed from SECRET_KEY; they
are still accepted while SECRET_KEY (or SECRET_KEY_FALLBACKS) holds the value that made them.

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

from safespace.lib import keyed
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
    return keyed.digest(keyed.Purpose.BACKUP_CODE, normalise_code(code).encode())[:16]


def backup_code_hashes(code: str) -> list[str]:
    """Every form a stored backup code may take: its hash now, then as keyed from SECRET_KEY."""
    legacy = [
        salted_hmac(
            "safespace.accounts.backup-code", normalise_code(code), secret, algorithm="sha256"
        ).hexdigest()[:16]
        for secret in keyed.legacy_secrets()
    ]
    return [hash_backup_code(code), *legacy]


def is_hashed_backup_code(value: str) -> bool:
    return bool(HASHED_CODE.match(value))


def hash_email_code(user_code: str, code: str) -> str:
    return keyed.digest(keyed.Purpose.EMAIL_CODE, f"{user_code}:{normalise_code(code)}".encode())


def email_code_hashes(user_code: str, code: str) -> list[str]:
    """Every form a stored emailed code may take: its hash now, then as keyed from SECRET_KEY."""
    message = f"{user_code}:{normalise_code(code)}"
    legacy = [
        salted_hmac(
            "safespace.accounts.email-code", message, secret, algorithm="sha256"
        ).hexdigest()
        for secret in keyed.legacy_secrets()
    ]
    return [hash_email_code(user_code, code), *legacy]
