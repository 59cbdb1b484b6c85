from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from safespace.accounts.models import Membership, Role, User


@pytest.mark.django_db
def test_it_creates_an_administrator_with_their_network() -> None:
    with mock.patch("getpass.getpass", return_value="violet-harbour-trellis-49"):
        call_command("create_administrator", "Owner@Example.gov.uk", "Ola Owner")
    user = User.objects.get(email="owner@example.gov.uk")
    assert Membership.objects.get(user=user).role == Role.ADMIN
    assert user.check_password("violet-harbour-trellis-49")


@pytest.mark.django_db
def test_it_refuses_a_weak_password_and_creates_nothing() -> None:
    with mock.patch("getpass.getpass", return_value="password"), pytest.raises(CommandError):
        call_command("create_administrator", "owner@example.gov.uk", "Ola Owner")
    assert not User.objects.exists()
