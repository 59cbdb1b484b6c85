"""Receipt codes: enough entropy, easy to read back, and nothing malformed gets through."""

import math

from hypothesis import given
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


@given(st.text(max_size=40))
def test_malformed_codes_are_refused_never_guessed(text: str) -> None:
    parsed = receipts.parse_code(text)
    if parsed is not None:
        assert len(parsed) == receipts.CODE_LENGTH
        assert set(parsed) <= set(receipts.ALPHABET)


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
