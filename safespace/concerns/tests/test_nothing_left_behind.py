"""After raising a concern on a shared computer, the next person at it finds nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safespace.cases.models import Case
from safespace.concerns import drafts
from safespace.concerns.models import Draft
from tests.helpers import ANSWERS, answer_every_question, opens_a_concern

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

PASSPHRASE = ANSWERS["passphrase"]["own"]
STORY_START = ANSWERS["what-happened"]["narrative"].split(".")[0]


def after_closing_the_browser(client: Client) -> Client:
    """A new browser session holding every cookie that outlives closing the browser."""
    later = Client()
    for name, morsel in client.cookies.items():
        if morsel["max-age"] or morsel["expires"]:
            later.cookies[name] = morsel.value
    return later


def reads_nothing(later: Client) -> None:
    for path in ["/raise/", "/raise/what-happened/", "/raise/confirmation/", "/track/concern/"]:
        body = later.get(path, follow=True).content.decode()
        assert STORY_START not in body, path
        assert PASSPHRASE not in body, path
        assert "receipt code<br>" not in body, path


def test_no_cookie_that_survives_closing_the_browser_opens_a_draft(client, network) -> None:
    answer_every_question(client)
    later = after_closing_the_browser(client)
    reads_nothing(later)
    assert client.cookies[drafts.COOKIE]["max-age"] == ""


def test_a_sent_concern_leaves_no_receipt_for_the_next_person(client, network) -> None:
    answer_every_question(client)
    client.post("/raise/check-your-answers/")
    reads_nothing(after_closing_the_browser(client))


def test_the_receipt_is_shown_once_and_then_kept_nowhere(client, network) -> None:
    answer_every_question(client)
    client.post("/raise/check-your-answers/")
    first = client.get("/raise/confirmation/").content.decode()
    assert PASSPHRASE in first
    assert Draft.objects.count() == 0
    again = client.get("/raise/confirmation/")
    assert again["Location"] == "/track/concern/"
    assert PASSPHRASE not in client.get("/track/concern/").content.decode()


def test_a_receipt_nobody_came_to_see_is_gone_after_ten_minutes(client, network) -> None:
    answer_every_question(client)
    client.post("/raise/check-your-answers/")
    Draft.objects.update(updated=timezone.now() - datetime.timedelta(minutes=11))
    response = client.get("/raise/confirmation/")
    assert response.status_code == 302
    assert Draft.objects.count() == 0
    assert Case.objects.count() == 1


def test_unfinished_answers_go_after_half_an_hour_idle(client, network) -> None:
    client.post("/raise/what-happened/", ANSWERS["what-happened"])
    Draft.objects.update(updated=timezone.now() - datetime.timedelta(minutes=31))
    assert STORY_START not in client.get("/raise/what-happened/").content.decode()


def test_every_raise_page_says_where_answers_are_kept_and_offers_to_forget_them(
    client, network
) -> None:
    answer_every_question(client)
    for path in [f"/raise/{slug}/" for slug in ANSWERS] + ["/raise/check-your-answers/"]:
        body = client.get(path).content.decode()
        assert "kept in this browser until you close it" in body, path
        assert 'action="/raise/forget/"' in body, path
        assert "Forget what I typed" in body, path


def test_forget_what_i_typed_deletes_the_answers(client, network) -> None:
    answer_every_question(client)
    response = client.post("/raise/forget/")
    assert "What you typed has been deleted" in response.content.decode()
    assert Draft.objects.count() == 0
    assert STORY_START not in client.get("/raise/what-happened/").content.decode()
    assert client.post("/raise/check-your-answers/")["Location"] == "/raise/what-happened/"
    assert Case.objects.count() == 0
    assert not opens_a_concern("AAAA-AAAA-AAAA-AAAA")


def test_a_passphrase_is_typed_hidden_and_shown_only_on_the_confirmation_page(
    client, network
) -> None:
    step = client.get("/raise/passphrase/").content.decode()
    assert 'type="password"' in step and "govuk-js-password-input-toggle" in step
    suggested = client.post("/raise/passphrase/", {"choice": "own", "own": "ab"}).content.decode()
    assert 'value="ab"' not in suggested
    answer_every_question(client)
    check = client.get("/raise/check-your-answers/").content.decode()
    assert PASSPHRASE not in check
    assert "Your own, shown once more when you send" in check
    client.post("/raise/check-your-answers/")
    assert PASSPHRASE in client.get("/raise/confirmation/").content.decode()


def test_the_suggested_passphrase_is_not_on_show_before_sending(client, network) -> None:
    client.get("/raise/passphrase/")
    suggested = Draft.objects.get()
    page = client.get("/raise/passphrase/").content.decode()
    draft = drafts.load(
        type("R", (), {"COOKIES": {drafts.COOKIE: client.cookies[drafts.COOKIE].value}})()
    )
    assert suggested.code == draft.code
    assert draft.data["suggested"] not in page


def test_track_takes_the_passphrase_in_a_hidden_field_a_password_manager_may_fill(
    client, network
) -> None:
    page = client.get("/track/").content.decode()
    assert 'type="password"' in page
    assert 'autocomplete="current-password"' in page
    assert 'aria-controls="id_passphrase"' in page
