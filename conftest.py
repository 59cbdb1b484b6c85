"""Shared fixtures: a network with its people in every role, and a way to sign each one in."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from unittest import mock

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts.middleware import SIGNED_IN_AT
from safespace.accounts.models import Directorate, Membership, Network, Role, Theme, User

PASSWORD = "a-long-test-password-1"  # noqa: S105 (fictional, tests only)


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


def sign_in(client: Client, user: User) -> Client:
    """Signed in with both factors, as the real sign-in leaves the session."""
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session[SIGNED_IN_AT] = time.time()
    session.save()
    return client


@pytest.fixture
def signed_in(client: Client) -> Callable[[User], Client]:
    return lambda user: sign_in(client, user)


def run_worker(*, schedule: bool = False) -> None:
    """The production task worker, running what is queued and then stopping."""
    # It takes over Ctrl+C and friends for a graceful stop; give them back to pytest after.
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    # Between tasks the worker closes stale connections; inside a test's transaction on
    # PostgreSQL that would close the test's own connection, so it is kept for the test.
    # The scheduled jobs depend on the hour, so tests queue them themselves.
    keep = mock.patch("safespace.worker.running.close_old_connections")
    try:
        with keep:
            call_command("worker", "--batch", *([] if schedule else ["--no-schedule"]), verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


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


def shown_escaped(body: str, text: str) -> None:
    """Every character is on the page, and none of it became markup."""
    for line in text.splitlines():
        assert escape(line) in body
    assert "<script>alert(1)" not in body and "<b>not bold" not in body


def refused(response: HttpResponse, field: str, message: str) -> str:
    """A kind message in the error summary, linked to the question, and beside the question."""
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<a href="#id_{field}">{escape(message)}</a>' in body
    assert f'id="id_{field}-error"' in body
    return str(body)
