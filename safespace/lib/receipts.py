"""Receipt codes and passphrases for anonymous raisers: made, shown, parsed and checked.

A receipt code is 16 symbols of Crockford's base 32 (80 bits), shown in
four groups of four. Both the code and the passphrase are kept only as Argon2id hashes. To find
the case without trying every hash, the case also keeps a keyed HMAC of the code under the
receipt look-up's own key (safespace/lib/keyed.py, never in the database), so a database dump
gives an attacker nothing to search offline, and rotating SECRET_KEY loses no concern.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from safespace.lib import keyed

# Crockford's base 32: no I, L, O or U, and when someone types one of the look-alikes we read
# it as the digit it resembles, so nothing a tired reader confuses can lock them out.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
CODE_LENGTH = 16
GROUP = 4
PASSPHRASE_MIN = 10
PASSPHRASE_MAX = 200

# Argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane, about 20 ms a hash
# on one core. Why this and not more is docs/decisions/0006-receipt-hash-cost.md. Each hash
# carries its own settings, so hashes made with earlier ones (64 MiB) still verify, and
# `refreshed` replaces them the next time their owner signs in.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

WORDS = [
    "apple",
    "amber",
    "anchor",
    "arrow",
    "autumn",
    "badge",
    "baker",
    "bamboo",
    "banner",
    "barley",
    "basket",
    "beacon",
    "berry",
    "bicycle",
    "blanket",
    "blossom",
    "bottle",
    "bramble",
    "breeze",
    "brick",
    "bridge",
    "bucket",
    "button",
    "cabin",
    "cactus",
    "camera",
    "candle",
    "canoe",
    "canvas",
    "carpet",
    "castle",
    "cedar",
    "cherry",
    "chimney",
    "cider",
    "circle",
    "clover",
    "cobalt",
    "comet",
    "copper",
    "coral",
    "cotton",
    "meadow",
    "cricket",
    "crystal",
    "cushion",
    "daisy",
    "dawn",
    "delta",
    "desert",
    "dolphin",
    "dragon",
    "drum",
    "eagle",
    "echo",
    "elder",
    "ember",
    "engine",
    "fabric",
    "falcon",
    "feather",
    "fern",
    "festival",
    "fiddle",
    "flame",
    "flint",
    "forest",
    "fossil",
    "fountain",
    "fox",
    "galaxy",
    "garden",
    "garnet",
    "ginger",
    "glacier",
    "globe",
    "harbour",
    "harvest",
    "hazel",
    "heron",
    "hill",
    "honey",
    "horizon",
    "island",
    "ivory",
    "jacket",
    "jasmine",
    "jigsaw",
    "journey",
    "kettle",
    "kite",
    "ladder",
    "lagoon",
    "lantern",
    "lark",
    "laurel",
    "lemon",
    "library",
    "lily",
    "linen",
    "lizard",
    "magnet",
    "maple",
    "marble",
    "meadowlark",
    "melody",
    "mirror",
    "mitten",
    "moon",
    "morning",
    "mosaic",
    "moss",
    "mountain",
    "nectar",
    "needle",
    "nutmeg",
    "oak",
    "ocean",
    "olive",
    "onion",
    "orbit",
    "orchard",
    "otter",
    "paddle",
    "palace",
    "panda",
    "paper",
    "parade",
    "parcel",
    "pebble",
    "pepper",
    "piano",
    "pillow",
    "pine",
    "planet",
    "plum",
    "pocket",
    "pond",
    "poppy",
    "puzzle",
    "quartz",
    "quill",
    "rabbit",
    "rainbow",
    "raven",
    "ribbon",
    "river",
    "robin",
    "rocket",
    "rose",
    "saddle",
    "saffron",
    "sail",
    "salmon",
    "sapphire",
    "satchel",
    "scarf",
    "shell",
    "shore",
    "silver",
    "sketch",
    "sky",
    "slate",
    "snow",
    "sparrow",
    "spice",
    "spring",
    "spruce",
    "squirrel",
    "star",
    "stone",
    "storm",
    "summer",
    "sunset",
    "swan",
    "table",
    "teapot",
    "thistle",
    "thunder",
    "tiger",
    "timber",
    "toast",
    "torch",
    "tulip",
    "tunnel",
    "umbrella",
    "valley",
    "velvet",
    "violet",
    "voyage",
    "walnut",
    "willow",
    "window",
    "winter",
    "wren",
    "yarrow",
    "zebra",
]


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def parse_code(text: str) -> str | None:
    """The code as typed, with spaces, dashes and lower case forgiven; None if it cannot be one.

    Anything outside ASCII is refused before changing case, which would otherwise read a
    dotless i (U+0131) as "I", and so "1", or a sharp s (U+00DF) as "SS", and accept a code
    nobody was given.
    """
    if not text.isascii():
        return None
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\n").translate(LOOK_ALIKES)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def new_passphrase(words: int = 5) -> str:
    return " ".join(secrets.choice(WORDS) for _ in range(words))


def normalise_passphrase(text: str) -> str:
    return " ".join(text.split())


def lookup_key(code: str) -> str:
    """What a case keeps to be found by this code: HMAC-SHA-256 under the look-up's own key."""
    return keyed.digest(keyed.Purpose.RECEIPT_LOOKUP, code.encode("ascii"))


def legacy_lookup_keys(code: str) -> list[str]:
    """The look-ups cases raised before the purpose keys keep: keyed from SECRET_KEY (and any
    SECRET_KEY_FALLBACKS). Found by one of these, a case is given `lookup_key` instead."""
    return [
        hmac.new(
            hashlib.sha256(b"safespace-receipt-lookup:" + secret.encode()).digest(),
            code.encode("ascii"),
            hashlib.sha256,
        ).hexdigest()
        for secret in keyed.legacy_secrets()
    ]


def slow_hash(secret: str) -> str:
    return HASHER.hash(secret)


def check(secret: str, hashed: str) -> bool:
    try:
        return HASHER.verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


def refreshed(secret: str, hashed: str) -> str | None:
    """A new hash of `secret` when `hashed` was made with other settings than HASHER's; else None.

    Only for a secret that `check` has just accepted: the extra work then follows a success,
    which a guesser never sees.
    """
    try:
        stale = HASHER.check_needs_rehash(hashed)
    except InvalidHashError:
        return None
    return HASHER.hash(secret) if stale else None


# A real hash to check against when no case matched, so a wrong code costs as long as a
# wrong passphrase and timing reveals nothing.
DUMMY_HASH = HASHER.hash("no such receipt")
