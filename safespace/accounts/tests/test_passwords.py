import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.helpers import PASSWORD

# The suite signs people in with a fast hasher; these tests are about the real one.
PRODUCTION_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted() -> None:
    validate_password("violet-harbour-trellis-49")


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_passwords_are_hashed_with_argon2(make_user) -> None:
    user = make_user("someone@example.org")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)
