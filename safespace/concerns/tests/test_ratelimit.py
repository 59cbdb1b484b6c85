"""The /track/ limits: per person, even behind the proxy, and per receipt code; never for good,
and never a cap that one attacker can spend for everybody."""

from __future__ import annotations

import datetime
import time
from unittest import mock

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from safespace.concerns import ratelimit
from tests.helpers import dump_all_databases, raise_concern, receipt_from

PROXY = "10.0.0.2"
GUESS = {"receipt": "0000-0000-0000-0000", "passphrase": "guess guess guess"}


@pytest.fixture
def clock():
    """The limits' clock stands at the start of a window, so no test straddles two of them."""
    start = (time.time() // ratelimit.WINDOW) * ratelimit.WINDOW + 1
    with mock.patch.object(ratelimit, "time") as frozen:
        frozen.time.return_value = start
        yield frozen.time


def address_of(forwarded: str | None, remote: str = PROXY) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return ratelimit.client_address(request)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings) -> None:
    settings.SAFESPACE_TRUSTED_PROXIES = 0
    assert address_of("198.51.100.7") == PROXY


def test_behind_one_proxy_the_address_it_appended_is_used(settings) -> None:
    settings.SAFESPACE_TRUSTED_PROXIES = 1
    assert address_of("198.51.100.7") == "198.51.100.7"
    # Whatever the client wrote itself sits to the left, and is not believed.
    assert address_of("203.0.113.9, 198.51.100.7") == "198.51.100.7"
    assert address_of(None) == PROXY


def test_behind_two_proxies_the_address_the_outer_one_saw_is_used(settings) -> None:
    settings.SAFESPACE_TRUSTED_PROXIES = 2
    assert address_of("203.0.113.9, 198.51.100.7, 10.0.0.1") == "198.51.100.7"
    assert address_of("198.51.100.7") == "198.51.100.7"


@pytest.mark.django_db
def test_behind_the_proxy_one_person_is_limited_and_everyone_else_is_not(
    client, network, settings, clock
) -> None:
    settings.SAFESPACE_TRUSTED_PROXIES = 1
    receipt = receipt_from(raise_concern(client))
    attacker = Client(REMOTE_ADDR=PROXY)
    for attempt in range(ratelimit.PER_ADDRESS):
        # Writing a new address of their own each time does not escape the limit.
        attacker.post(
            "/track/",
            {**GUESS, "receipt": f"{attempt:04d}-0000-0000-0000"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}, 198.51.100.7",
        )
    blocked = attacker.post(
        "/track/",
        {"receipt": receipt, "passphrase": "violet harbour trellis"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert blocked.status_code == 429
    assert "too many attempts" in blocked.content.decode().lower()
    owner = Client(REMOTE_ADDR=PROXY)
    response = owner.post(
        "/track/",
        {"receipt": receipt, "passphrase": "violet harbour trellis"},
        HTTP_X_FORWARDED_FOR="192.0.2.10",
    )
    assert response.status_code == 302
    dump = dump_all_databases()
    assert "198.51.100.7" not in dump
    assert "192.0.2.10" not in dump


@pytest.mark.django_db
def test_many_addresses_guessing_never_shut_the_door_on_the_owner(client, network, clock) -> None:
    """310 wrong tries from 31 addresses: the owner, from a fresh address, still gets in."""
    receipt = receipt_from(raise_concern(client))
    for address in range(31):
        attacker = Client(REMOTE_ADDR=f"198.51.100.{address}")
        for guess in range(10):
            attacker.post("/track/", {**GUESS, "receipt": f"{guess:04d}-0000-0000-0000"})
    owner = Client(REMOTE_ADDR="192.0.2.10")
    right = {"receipt": receipt, "passphrase": "violet harbour trellis"}
    assert owner.post("/track/", right).status_code == 302


@pytest.mark.django_db
def test_guesses_at_one_receipt_from_many_addresses_stop_for_a_while(
    client, network, clock
) -> None:
    receipt = receipt_from(raise_concern(client))
    other = receipt_from(raise_concern(Client()))
    for address in range(ratelimit.PER_RECEIPT):
        wrong = {"receipt": receipt, "passphrase": f"guess number {address}"}
        assert Client(REMOTE_ADDR=f"198.51.100.{address}").post("/track/", wrong).status_code == 200
    right = {"receipt": receipt, "passphrase": "violet harbour trellis"}
    blocked = Client(REMOTE_ADDR="203.0.113.50").post("/track/", right)
    assert blocked.status_code == 429
    body = blocked.content.decode()
    assert "There have been too many attempts. Wait" in body
    assert "Your concern is safe." in body
    # Another concern's owner is not held up by it.
    elsewhere = {"receipt": other, "passphrase": "violet harbour trellis"}
    assert Client(REMOTE_ADDR="203.0.113.51").post("/track/", elsewhere).status_code == 302
    clock.return_value += 16 * 60
    assert Client(REMOTE_ADDR="203.0.113.50").post("/track/", right).status_code == 302


@pytest.mark.django_db
def test_coming_back_often_from_one_office_address_is_never_slowed(client, network) -> None:
    receipt = receipt_from(raise_concern(client))
    office = Client(REMOTE_ADDR="192.0.2.10")
    right = {"receipt": receipt, "passphrase": "violet harbour trellis"}
    for _ in range(ratelimit.PER_ADDRESS + 5):
        assert office.post("/track/", right).status_code == 302


@pytest.mark.django_db
def test_a_count_lasts_its_whole_window_in_the_database_cache(network, settings) -> None:
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(3):
        attacker.post("/track/", GUESS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM safespace_cache")
        expiries = [row[0] for row in cursor.fetchall()]
    assert len(expiries) == 2  # this address, and the receipt code tried
    for expires in expiries:
        if isinstance(expires, str):
            expires = datetime.datetime.fromisoformat(expires)
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=datetime.UTC)
        assert expires >= timezone.now() + datetime.timedelta(seconds=ratelimit.WINDOW)
