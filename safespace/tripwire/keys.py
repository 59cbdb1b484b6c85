"""The keyed hash that stands for an employee number: the only form of it Safe Space keeps."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

from safespace.directory.models import EMPLOYEE_NUMBER_MAX

# Letters, digits and the separators HR systems print; anything else is a typing slip.
ALLOWED = re.compile(r"^[A-Za-z0-9 ./-]+$")
SEPARATORS = re.compile(r"[\s./-]+")


def normalise(number: str) -> str:
    """One spelling per employee number, whoever typed it and whatever exported it.

    Case and separators are dropped, and leading zeros of an all-digit number too: a
    spreadsheet opened on the way turns 004512 into 4512, and the raiser may type either.
    """
    plain = SEPARATORS.sub("", number).upper()
    if plain.isdigit():
        plain = plain.lstrip("0") or "0"
    return plain


def is_valid(number: str) -> bool:
    number = number.strip()
    return (
        bool(number)
        and len(number) <= EMPLOYEE_NUMBER_MAX
        and bool(ALLOWED.match(number))
        and bool(normalise(number))
    )


def watch_key(number: str) -> str:
    """HMAC-SHA256 of the normalised number under SAFESPACE_HR_HASH_KEY, as hex.

    Keyed, because employee numbers are few enough to try every one: without the key, which
    is never in the database, a dump's hashes cannot be turned back into numbers.
    """
    key = settings.SAFESPACE_HR_HASH_KEY.encode("utf-8")
    message = b"safespace.tripwire:" + normalise(number).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()
