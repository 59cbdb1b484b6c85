"""Per-case encryption: AES-256-GCM under a data key per case, wrapped by a master key.

Each blob is bound by its associated data to one case, one field and the row that holds it
(the row's own immutable id; for a message also whose side it came from), so ciphertext moved
between cases, fields or rows (two messages swapped, an older note version copied over a newer
one) fails to open. The case keys live in the key store (a separate
database); destroying one makes that case's content unreadable in every copy and backup.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from safespace.lib.masterkey import Keyring
from safespace.lib.masterkey import parse as _parse

# The first byte of a blob says which associated data sealed it. Blobs of LEGACY named only
# the case and the field; the re-seal migrations alone open them (reseal_legacy), so after
# those ran a LEGACY blob, or one relabelled as such, never opens again.
VERSION = b"\x02"
LEGACY = b"\x01"
NONCE = 12

# What names the row a sealed value belongs to: its own immutable id (a UUID code, or the
# primary key of a row without one) and anything else it is bound to (a message's side).
Row = Sequence[uuid.UUID | int | str]


class CryptoError(Exception):
    pass


class KeyDestroyed(CryptoError):
    """The case has no key: it was shredded (or never made)."""


class DecryptionFailed(CryptoError):
    """Wrong case, field or row, or the bytes were altered: never shown, always reported."""

    def __init__(self, message: str, case_code: uuid.UUID | None = None, field: str = "") -> None:
        super().__init__(message)
        self.case_code = case_code
        self.field = field


def keyring() -> Keyring:
    return _parse(settings.SAFESPACE_MASTER_KEY)


def _wrap_aad(case_code: uuid.UUID, kek_id: str) -> bytes:
    return b"safespace-case-key:" + case_code.bytes + kek_id.encode()


def _wrap(case_code: uuid.UUID, data_key: bytes) -> tuple[str, bytes]:
    ring = keyring()
    nonce = os.urandom(NONCE)
    sealed = AESGCM(ring.keys[ring.current]).encrypt(
        nonce, data_key, _wrap_aad(case_code, ring.current)
    )
    return ring.current, nonce + sealed


def _unwrap(key: CaseKey) -> bytes:
    kek = keyring().keys.get(key.kek_id)
    if kek is None:
        raise ImproperlyConfigured(
            f"Case keys are wrapped under {key.kek_id!r}, which SAFESPACE_MASTER_KEY does not list."
        )
    wrapped = bytes(key.wrapped)
    try:
        return AESGCM(kek).decrypt(
            wrapped[:NONCE], wrapped[NONCE:], _wrap_aad(key.case_code, key.kek_id)
        )
    except InvalidTag:
        raise DecryptionFailed("A case key did not unwrap.") from None


def create_case_key(case_code: uuid.UUID) -> None:
    kek_id, wrapped = _wrap(case_code, AESGCM.generate_key(bit_length=256))
    CaseKey.objects.using(KEYS).create(case_code=case_code, kek_id=kek_id, wrapped=wrapped)


# Keys unwrapped for one list page (see case_keys); empty outside such a block.
_preloaded: ContextVar[dict[uuid.UUID, bytes] | None] = ContextVar("case_keys", default=None)


@contextmanager
def case_keys(case_codes: Iterable[uuid.UUID]) -> Iterator[None]:
    """Unwrap several cases' keys with one query, for a page that opens many cases.

    The keys live only for the block, in this request's context, never in the process.
    """
    found = CaseKey.objects.using(KEYS).filter(case_code__in=list(case_codes))
    token = _preloaded.set({key.case_code: _unwrap(key) for key in found})
    try:
        yield
    finally:
        _preloaded.reset(token)


def _data_key(case_code: uuid.UUID) -> bytes:
    preloaded = _preloaded.get()
    if preloaded is not None and case_code in preloaded:
        return preloaded[case_code]
    key = CaseKey.objects.using(KEYS).filter(case_code=case_code).first()
    if key is None:
        raise KeyDestroyed("This case's key has been destroyed.")
    return _unwrap(key)


def _part(part: uuid.UUID | int | str) -> bytes:
    # Tagged, so a key's digits can never read as a code or a word.
    if isinstance(part, uuid.UUID):
        return b"u" + part.bytes
    if isinstance(part, bool):
        raise TypeError("Name a row's side by a word, not a flag.")
    if isinstance(part, int):
        return b"i" + str(part).encode()
    return b"s" + part.encode()


def _aad(case_code: uuid.UUID, field: str, row: Row) -> bytes:
    if not row:
        raise ValueError("A sealed value is bound to the row that holds it.")
    parts = [case_code.bytes, field.encode(), *(_part(p) for p in row)]
    # Each part length-prefixed, so no two different bindings give the same bytes.
    return b"safespace:v2" + b"".join(len(p).to_bytes(4, "big") + p for p in parts)


def _legacy_aad(case_code: uuid.UUID, field: str) -> bytes:
    return b"safespace:v1:" + case_code.bytes + b":" + field.encode()


def seal(case_code: uuid.UUID, field: str, plaintext: str, row: Row) -> bytes:
    aad = _aad(case_code, field, row)
    nonce = os.urandom(NONCE)
    sealed = AESGCM(_data_key(case_code)).encrypt(nonce, plaintext.encode(), aad)
    return VERSION + nonce + sealed


def _open(case_code: uuid.UUID, field: str, blob: bytes, version: bytes, aad: bytes) -> str:
    if not blob.startswith(version) or len(blob) < 1 + NONCE + 16:
        raise DecryptionFailed("Not a sealed value.", case_code, field)
    key = _data_key(case_code)
    try:
        plain = AESGCM(key).decrypt(blob[1 : 1 + NONCE], blob[1 + NONCE :], aad)
    except InvalidTag:
        raise DecryptionFailed("A sealed value did not open.", case_code, field) from None
    return plain.decode()


def unseal(case_code: uuid.UUID, field: str, blob: bytes, row: Row) -> str:
    return _open(case_code, field, blob, VERSION, _aad(case_code, field, row))


def reseal_legacy(
    case_code: uuid.UUID, field: str, blob: bytes, row: Row, *, legacy_field: str = ""
) -> bytes | None:
    """For the re-seal migrations only: a LEGACY blob sealed again, bound to its row.

    None when there is nothing to do: the blob is already bound to its row.
    """
    if blob.startswith(VERSION):
        return None
    plain = _open(case_code, field, blob, LEGACY, _legacy_aad(case_code, legacy_field or field))
    return seal(case_code, field, plain, row)


def shred_case_key(case_code: uuid.UUID) -> bool:
    deleted, _ = CaseKey.objects.using(KEYS).filter(case_code=case_code).delete()
    return deleted > 0


def rotate_master_key(batch: int = 500) -> int:
    """Re-wrap every case key not yet under the current master key. Ciphertext is untouched."""
    ring = keyring()
    count = 0
    while True:
        with transaction.atomic(using=KEYS):
            keys = list(
                CaseKey.objects.using(KEYS)
                .select_for_update()
                .exclude(kek_id=ring.current)
                .order_by("pk")[:batch]
            )
            if not keys:
                return count
            now = timezone.now()
            for key in keys:
                key.kek_id, key.wrapped = _wrap(key.case_code, _unwrap(key))
                key.rotated = now
            CaseKey.objects.using(KEYS).bulk_update(keys, ["kek_id", "wrapped", "rotated"])
            count += len(keys)
