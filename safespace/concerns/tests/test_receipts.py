"""Receipt codes: enough entropy, easy to read back, and nothing malformed gets through."""

import math

from hypothesis import example, given
from hypothesis import strategies as st

from safespace.lib import receipts

codes = st.text(
    alphabet=receipts.ALPHABET, min_size=receipts.CODE_LENGTH, max_size=receipts.CODE_LENGTH
)


def test_a_code_carries_at_least_64_bits() -> None:
    assert receipts.CODE_LENGTH * math.log2(len(receipts.ALPHABET)) >= 64
    assert len(set(receipts.ALPHABET)) == len(receipts.ALPHABET) == 32


def test_new_codes_differ() -> None:
    assert len({receipts.new_code() for _ in range(1000)}) == 1000


@given(codes)
def test_a_code_round_trips_through_formatting_and_parsing(code: str) -> None:
    shown = receipts.format_code(code)
    assert shown.count("-") == 3
    assert receipts.parse_code(shown) == code
    assert receipts.parse_code(shown.lower().replace("-", " ")) == code


@given(codes)
def test_look_alike_letters_are_read_as_the_digits_they_resemble(code: str) -> None:
    typed = code.replace("0", "O").replace("1", "l")
    assert receipts.parse_code(typed) == code


# What someone may type for each symbol: the symbol, its lower case, and the look-alikes.
TYPEABLE = set(receipts.ALPHABET) | set(receipts.ALPHABET.lower()) | set("oOiIlL")
SEPARATORS = " -\t\n"


def could_be_a_code(text: str) -> bool:
    kept = [ch for ch in text if ch not in SEPARATORS]
    return len(kept) == receipts.CODE_LENGTH and all(ch in TYPEABLE for ch in kept)


@given(st.text(max_size=40))
@example("ABCD-EFGH-JKMN-PQR\u0131")  # dotless i, which upper() turns into I
@example("ABCD-EFGH-JKMN-PQ\u00df")  # sharp s, which upper() turns into SS
@example("ABCD-EFGH-JKMN-PQ\ufb00")  # the ff ligature, which upper() turns into FF
@example("ABCD-EFGH-JKMN-PQRS\u00a0")  # a no-break space
def test_malformed_codes_are_refused_never_guessed(text: str) -> None:
    parsed = receipts.parse_code(text)
    if could_be_a_code(text):
        assert parsed is not None
        assert len(parsed) == receipts.CODE_LENGTH
        assert set(parsed) <= set(receipts.ALPHABET)
    else:
        assert parsed is None


@given(codes, st.integers(0, receipts.CODE_LENGTH - 1), st.characters(min_codepoint=128))
def test_a_code_with_any_character_outside_ascii_is_refused(
    code: str, at: int, character: str
) -> None:
    typed = receipts.format_code(code[:at] + character + code[at + 1 :])
    assert receipts.parse_code(typed) is None


def test_codes_of_the_wrong_length_or_with_other_symbols_are_refused() -> None:
    assert receipts.parse_code("ABCD-EFGH-JKMN-PQR") is None
    assert receipts.parse_code("ABCD-EFGH-JKMN-PQRST") is None
    assert receipts.parse_code("ABCD-EFGH-JKMN-PQR!") is None
    assert receipts.parse_code("ABCD-EFGH-JKMN-PQRU") is None


def test_secrets_are_kept_only_as_argon2id_hashes() -> None:
    hashed = receipts.slow_hash("violet harbour trellis")
    assert hashed.startswith("$argon2id$")
    assert receipts.check("violet harbour trellis", hashed)
    assert not receipts.check("violet harbour trellis!", hashed)


def test_a_suggested_passphrase_is_five_plain_words() -> None:
    words = receipts.new_passphrase().split()
    assert len(words) == 5
    assert all(word in receipts.WORDS for word in words)
