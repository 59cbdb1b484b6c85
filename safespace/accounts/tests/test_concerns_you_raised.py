"""A member of staff who raises a concern under their name can return to it from their account."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from conftest import sign_in
from safespace.accounts.middleware import SIGNED_IN_AT
from safespace.cases.models import Case
from safespace.concerns.tests.test_raise import answer_every_question, raise_concern, receipt_from

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

NAMED = {"about-you": {"named": "yes", "name": "Ama Mensah", "directorate": ""}}


@pytest.fixture
def staff(make_user):
    return make_user("ama@example.org")


def test_a_named_concern_raised_while_signed_in_is_linked_to_the_account(
    client, network, staff, signed_in
) -> None:
    signed_in(staff)
    answer_every_question(client, **NAMED)
    check = client.get("/raise/check-your-answers/").content.decode()
    assert "Listed in your account (ama@example.org)" in check
    client.post("/raise/check-your-answers/")
    assert receipt_from(client.get("/raise/confirmation/").content.decode()), "still a receipt"
    assert Case.objects.get().raiser == staff


def test_the_account_lists_the_concern_and_its_button_opens_it(network, staff) -> None:
    raise_concern(sign_in(Client(), staff), **NAMED)
    case = Case.objects.get()
    browser = sign_in(Client(), staff)
    home = browser.get("/accounts/").content.decode()
    assert "Concerns you raised" in home
    assert f'action="/accounts/concerns/{case.code}/open/"' in home
    response = browser.post(f"/accounts/concerns/{case.code}/open/")
    assert response["Location"] == "/track/concern/"
    assert "Your concern" in browser.get("/track/concern/").content.decode()


def test_it_opens_no_one_else_s_concern(network, staff, make_user) -> None:
    raise_concern(sign_in(Client(), staff), **NAMED)
    case = Case.objects.get()
    someone_else = sign_in(Client(), make_user("colleague@example.org"))
    assert "Concerns you raised" not in someone_else.get("/accounts/").content.decode()
    assert someone_else.post(f"/accounts/concerns/{case.code}/open/").status_code == 404
    assert someone_else.get("/track/concern/")["Location"] == "/track/"
    assert sign_in(Client(), staff).get(f"/accounts/concerns/{case.code}/open/").status_code == 405


def test_an_anonymous_concern_is_never_linked_even_when_signed_in(client, network, staff) -> None:
    sign_in(client, staff)
    raise_concern(client)
    assert Case.objects.get().raiser is None
    assert "Concerns you raised" not in client.get("/accounts/").content.decode()


def test_it_links_only_after_both_factors(client, network, staff) -> None:
    client.force_login(staff)  # a password, but no second factor yet
    session = client.session
    session[SIGNED_IN_AT] = time.time()
    session.save()
    raise_concern(client, **NAMED)
    assert Case.objects.get().raiser is None


def test_the_about_you_page_says_so_only_to_someone_signed_in(client, network, staff) -> None:
    listed = "your concern will also be listed in your account"
    assert listed not in client.get("/raise/about-you/").content.decode()
    sign_in(client, staff)
    assert listed in client.get("/raise/about-you/").content.decode()
