"""The API's tests share: accounts with roles, and tokens made for them."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from safespace.accounts.models import Network, Role, User
from safespace.api import tokens
from safespace.api.scopes import Scope


@pytest.fixture
def hr(make_user, network) -> User:
    return make_user("hr@example.org", (network, Role.HR))


@pytest.fixture
def admin(make_user, network) -> User:
    return make_user("admin@example.org", (network, Role.ADMIN))


@pytest.fixture
def insight(make_user, network) -> User:
    return make_user("insight@example.org", (network, Role.INSIGHT))


@pytest.fixture
def token_for(network: Network) -> Callable[..., str]:
    """A live token for this account and these purposes; `days` until it expires."""

    def make(user: User, *scopes: Scope, days: int = 30) -> str:
        _, secret = tokens.issue(
            user=user,
            name="Test system",
            scopes=scopes,
            expires=timezone.now() + datetime.timedelta(days=days),
            by=None,
        )
        return secret

    return make
