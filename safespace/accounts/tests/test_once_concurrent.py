"""Two sends of one form page at the same moment, from two connections, make one thing.

The sequential double-send tests in test_once.py find the token already recorded. Here the
second send arrives while the first is still inside its transaction, so it must wait on the
unique index of SentForm.token and then be answered as the first was. That needs two real
connections writing at once, which PostgreSQL gives; SQLite's test database lets only one
writer in at a time, so the two sends could never overlap there and the test is skipped.
"""

from __future__ import annotations

import re
import threading
import time
from http.cookies import SimpleCookie
from typing import Any
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client

from safespace.accounts.models import Role
from safespace.cases.models import Message, Sharing
from safespace.cases.services import assign, create, messages
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "keys"])

SLOW = 0.5  # how long the first send holds its transaction open


def test_two_sends_at_the_same_moment_make_one_message(make_user, network) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database lets one writer in at a time: sends cannot overlap")
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    case = create.create_case(
        create.NewConcern(
            network=network, narrative="Left out of every meeting", share_with_manager=Sharing.NONE
        )
    )
    assign.assign_champion(case, champion, actor=None)
    browser = sign_in(Client(), champion)
    path = f"/cases/{case.code}/message/"
    found = re.search(r'name="once" value="([0-9a-f]{32})"', browser.get(path).content.decode())
    assert found
    data = {"body": "Shall we meet on Tuesday?", "once": found.group(1)}

    real = messages.send_message
    started = threading.Event()

    def slow_send(*args: Any, **kwargs: Any) -> Any:
        started.set()
        time.sleep(SLOW)  # the token is recorded, the transaction still open
        return real(*args, **kwargs)

    answers: list[tuple[int, str]] = []
    cookies = SimpleCookie(browser.cookies)

    def send(after_first_started: bool) -> None:
        tab = Client()
        tab.cookies = SimpleCookie(cookies)
        try:
            if after_first_started:
                assert started.wait(5)
            response = tab.post(path, data)
            answers.append((response.status_code, response.get("Location", "")))
        finally:
            connections.close_all()

    with mock.patch.object(messages, "send_message", side_effect=slow_send) as sent:
        tabs = [threading.Thread(target=send, args=(second,)) for second in (False, True)]
        began = time.monotonic()
        for tab in tabs:
            tab.start()
        for tab in tabs:
            tab.join(20)
        took = time.monotonic() - began

    assert Message.objects.filter(case=case).count() == 1
    assert sent.call_count == 1, "the second send never reached the view"
    assert took >= SLOW, "the two sends overlapped"
    assert sorted(answers) == [(302, f"/cases/{case.code}/"), (302, f"/cases/{case.code}/")]
    follow = sign_in(Client(), champion).get(f"/cases/{case.code}/").content.decode()
    assert follow.count("Shall we meet on Tuesday?") == 1
