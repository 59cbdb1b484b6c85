"""A crash shows nobody what was typed: not the debug page, not an error email."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from safespace.accounts.models import Role
from safespace.cases.models import Case
from safespace.cases.services import assign, create, lookup
from safespace.cases.services import notes as case_notes
from safespace.lib import receipts
from tests.helpers import ANSWERS, answer_every_question, sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

STORY = ANSWERS["what-happened"]["narrative"]
PASSPHRASE = ANSWERS["passphrase"]["own"]
EMAIL = ANSWERS["contact"]["email"]
# Module-level, so the debug page's own source excerpts of this file cannot hold them.
STORY_START = STORY.split(".")[0]
NOTE = "Private: Marcus in payroll said it twice"


def crash_reading(*words: str):
    """Stand-in for a service that fails after it has been handed what someone typed."""

    def crash(*args, **kwargs):
        held = [str(arg) for arg in args] + [str(value) for value in kwargs.values()]
        assert held is not None
        raise RuntimeError("the database went away")

    return crash


def shows_none_of(body: str, *typed: str) -> None:
    assert "the database went away" in body, "not the error page"
    for text in typed:
        assert text not in body, text
        assert text.split()[0] not in body, text


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


def test_a_crash_while_sending_a_concern_shows_none_of_it(network, debug_on) -> None:
    browser = Client(raise_request_exception=False)
    answer_every_question(browser)

    def crash(concern: create.NewConcern) -> Case:
        story, passphrase = concern.narrative, concern.passphrase
        assert story and passphrase
        raise RuntimeError("the database went away")

    with mock.patch.object(create, "create_case", crash):
        response = browser.post("/raise/check-your-answers/")
    assert response.status_code == 500
    shows_none_of(response.content.decode(), STORY_START, PASSPHRASE, EMAIL)


def test_a_crash_while_saving_a_note_shows_none_of_it(make_user, network, debug_on) -> None:
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    case = create.create_case(create.NewConcern(network=network, narrative="story"))
    assign.assign_champion(case, champion, actor=None)
    browser = sign_in(Client(raise_request_exception=False), champion)
    with mock.patch.object(case_notes, "add_note", crash_reading()):
        response = browser.post(
            f"/cases/{case.code}/note/", {"body": NOTE, "shared_with_raiser": "no"}
        )
    assert response.status_code == 500
    shows_none_of(response.content.decode(), NOTE)


def test_a_crash_while_signing_in_at_track_shows_no_receipt_or_passphrase(
    network, debug_on
) -> None:
    receipt = receipts.new_code()
    create.create_case(
        create.NewConcern(
            network=network,
            narrative="story",
            receipt=receipt,
            passphrase=receipts.normalise_passphrase(PASSPHRASE),
        )
    )
    browser = Client(raise_request_exception=False)
    with mock.patch.object(lookup, "find_by_receipt", crash_reading()):
        response = browser.post("/track/", {"receipt": receipt, "passphrase": PASSPHRASE})
    assert response.status_code == 500
    shows_none_of(response.content.decode(), PASSPHRASE, receipt)


def test_the_error_email_holds_none_of_it_either(network, settings) -> None:
    settings.ADMINS = [("Operator", "ops@example.org")]
    settings.LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"mail": {"class": "django.utils.log.AdminEmailHandler"}},
        "loggers": {"django.request": {"handlers": ["mail"], "level": "ERROR"}},
    }
    from logging.config import dictConfig

    dictConfig(settings.LOGGING)
    try:
        browser = Client(raise_request_exception=False)
        answer_every_question(browser)
        with mock.patch.object(create, "create_case", crash_reading()):
            browser.post("/raise/check-your-answers/")
    finally:
        from django.conf import settings as live

        dictConfig({**live.LOGGING, "disable_existing_loggers": False})
    assert mail.outbox
    for email in mail.outbox:
        text = email.body + "".join(str(part[0]) for part in email.alternatives)
        shows_none_of(text, STORY_START, PASSPHRASE, EMAIL)


def test_the_session_that_crashed_is_not_in_the_page(network, debug_on) -> None:
    browser = Client(raise_request_exception=False)
    answer_every_question(browser)
    cookies = [morsel.value for morsel in browser.cookies.values()]
    with mock.patch.object(create, "create_case", crash_reading()):
        body = browser.post("/raise/check-your-answers/").content.decode()
    for value in cookies:
        assert value not in body
