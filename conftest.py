"""Shared fixtures: a network with its people in every role, and a way to sign each one in.

Helpers that are not fixtures live in tests/helpers.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import hypothesis
import pytest
from argon2 import PasswordHasher
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts.models import Directorate, Membership, Network, Role, Theme, User
from safespace.lib import receipts
from safespace.public import context_processors
from safespace.public.context_processors import forget_networks
from tests.helpers import PASSWORD, sign_in

# Property tests check what is true, not how fast: a loaded CI machine must not fail one for
# taking longer than Hypothesis's default 200 ms an example.
hypothesis.settings.register_profile("suite", deadline=None)
hypothesis.settings.load_profile("suite")

# Receipts and passphrases are hashed with Argon2id at 19 MiB (docs/decisions/0006), tens of
# milliseconds a hash, and the suite raises and tracks hundreds of concerns. Tests hash them with
# the same algorithm at its smallest cost, except those marked receipt_hash_cost, whose subject
# the cost is. Stored hashes carry their own settings, so every hash still checks either way.
QUICK_RECEIPT_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
QUICK_DUMMY_HASH = QUICK_RECEIPT_HASHER.hash("no such receipt")


@pytest.fixture(autouse=True)
def quick_receipt_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("receipt_hash_cost") is None:
        monkeypatch.setattr(receipts, "HASHER", QUICK_RECEIPT_HASHER)
        monkeypatch.setattr(receipts, "DUMMY_HASH", QUICK_DUMMY_HASH)


@pytest.fixture(autouse=True)
def networks_read_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's own networks name its pages: none kept from a test rolled back, and none
    read again halfway through a slow test (which would change what it counts)."""
    forget_networks()
    monkeypatch.setattr(context_processors, "SECONDS", math.inf)


@pytest.fixture(autouse=True)
def english_outside_requests() -> Iterator[None]:
    """A page asked for in Welsh leaves Welsh active in its thread; each test starts, and
    ends, in the service's own language, so what one test asked for never changes another."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def directorate(db: None) -> Directorate:
    return Directorate.objects.create(name="Place")


@pytest.fixture
def network(db: None) -> Network:
    network = Network.objects.create(name="Race Equality Network", slug="race-equality")
    Theme.objects.create(network=network, name="Pay")
    return network


@pytest.fixture
def other_network(db: None) -> Network:
    return Network.objects.create(name="Women's Network", slug="womens")


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(email: str, *roles: tuple[Network, Role], two_factor: bool = True) -> User:
        user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
        for network, role in roles:
            Membership.objects.create(user=user, network=network, role=role)
        if two_factor:
            TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        return user

    return make


@pytest.fixture
def signed_in(client: Client) -> Callable[[User], Client]:
    return lambda user: sign_in(client, user)


# What takes far longer than a usual test, longest first. These start before everything else,
# so that no worker is left running one of them alone while the others have finished.
LONGEST_FIRST = (
    "tests/e2e",
    "tests/test_writes_wait.py",
    "safespace/lib/tests/test_settings.py",
    "tests/test_html_valid.py",
    "safespace/directory/tests/test_import.py",
)


def started_early(scope: str) -> int:
    return next((n for n, path in enumerate(LONGEST_FIRST) if scope.startswith(path)), 99)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With --dist loadgroup (make test), the browser journeys are one unit of work: one server
    and one browser run them all, on one worker, while the other workers share the rest test by
    test. The grouping is by path because pytest-xdist 3.8 no longer sees xdist_group marks
    under pytest 9 (it renames an attribute pytest 9 no longer reads). The units in
    LONGEST_FIRST are handed out first."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

    class BrowserJourneysTogether(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            return "tests/e2e" if nodeid.startswith("tests/e2e/") else nodeid

        def _assign_work_unit(self, node: Any) -> None:
            # The queue is whole by the first assignment; the sort keeps the order within a rank.
            if not self.ordered:
                queue = sorted(self.workqueue.items(), key=lambda unit: started_early(unit[0]))
                self.workqueue.clear()
                self.workqueue.update(queue)
                self.ordered = True
            super()._assign_work_unit(node)

    return BrowserJourneysTogether(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every database test may use the key store too: creating a case writes its key there."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_db = marker is not None or "db" in getattr(item, "fixturenames", ())
        if not uses_db:
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        kwargs.setdefault("databases", ["default", "keys"])
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)
