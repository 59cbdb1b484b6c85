"""The people and concerns the tripwire's tests share: HR, a lead, and a watched raiser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safespace.accounts.models import Network, Role, User
from safespace.cases.models import Case, Sharing
from safespace.cases.services import assign, create
from safespace.tripwire import keys
from tests.helpers import NUMBER


@pytest.fixture
def hr(make_user, network) -> User:
    return make_user("hr@example.org", (network, Role.HR))


@pytest.fixture
def staff(make_user, network) -> dict[str, User]:
    return {
        "lead": make_user("lead@example.org", (network, Role.LEAD)),
        "director": make_user("director@example.org", (network, Role.DIRECTOR)),
        "champion": make_user("champion@example.org", (network, Role.CHAMPION)),
    }


@pytest.fixture
def make_case(network: Network) -> Callable[..., Case]:
    def make(number: str | None = NUMBER, **extra: Any) -> Case:
        concern = create.NewConcern(
            network=network,
            narrative="My manager mocks my accent.",
            hr_watch_key=keys.watch_key(number) if number else "",
            **extra,
        )
        return create.create_case(concern)

    return make


@pytest.fixture
def watched(make_case, staff) -> Case:
    """An open concern, assigned, shared with the Director, whose raiser asked to be watched."""
    case = make_case(share_with_director=Sharing.ANONYMOUS)
    assign.assign_champion(case, staff["champion"], actor=staff["lead"])
    return case
