""" "Exit this page" leaves nothing open behind it: no receipt session, no draft."""

from __future__ import annotations

import pytest
from django.test import Client

from safespace.concerns.models import Draft
from tests.helpers import ANSWERS, raise_concern, receipt_from

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def test_every_raise_and_track_page_exits_through_the_service(client, network) -> None:
    for path in ["/raise/", "/raise/what-happened/", "/track/"]:
        assert 'href="/exit/"' in client.get(path).content.decode(), path


def test_exit_after_signing_in_at_track_leaves_only_the_sign_in_page(network, settings) -> None:
    raiser = Client()
    receipt = receipt_from(raise_concern(raiser))
    passphrase = ANSWERS["passphrase"]["own"]
    browser = Client()
    signed_in = browser.post("/track/", {"receipt": receipt, "passphrase": passphrase})
    assert signed_in["Location"] == "/track/concern/"
    assert "Your concern" in browser.get("/track/concern/").content.decode()

    left = browser.get("/exit/")
    assert left.status_code == 302
    assert left["Location"] == settings.SAFESPACE_EXIT_URL
    assert "cookies" in left["Clear-Site-Data"]

    back = browser.get("/track/concern/")
    assert back["Location"] == "/track/"
    assert "Comments about my hair" not in browser.get("/track/", follow=True).content.decode()


def test_exit_while_raising_forgets_the_unsent_answers(client, network) -> None:
    client.post("/raise/what-happened/", ANSWERS["what-happened"])
    assert Draft.objects.count() == 1
    client.get("/exit/")
    assert Draft.objects.count() == 0
    page = client.get("/raise/what-happened/").content.decode()
    assert "Comments about my hair" not in page
