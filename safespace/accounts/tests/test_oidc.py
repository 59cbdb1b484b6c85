"""The parts of provider sign-in that need no provider: whose address is believed, and who may
still sign in with a password. The journeys themselves run against a real provider in
tests/oidc."""

from __future__ import annotations

import pytest

from safespace.accounts import oidc
from safespace.accounts.models import Role
from tests.helpers import PASSWORD


@pytest.fixture
def champion(make_user, network):
    return make_user("champion@example.org", (network, Role.CHAMPION))


@pytest.fixture
def admin(make_user, network):
    return make_user("admin@example.org", (network, Role.ADMIN))


def test_a_provider_that_says_it_verified_the_address_must_say_true(settings) -> None:
    assert oidc.verified_email({"email": " Priya@Example.org ", "email_verified": True}) == (
        "priya@example.org"
    )
    assert oidc.verified_email({"email": "priya@example.org", "email_verified": False}) == ""
    assert oidc.verified_email({"email": "priya@example.org", "email_verified": "true"}) == ""


def test_a_provider_that_says_nothing_is_believed_for_the_organisation_domains(settings) -> None:
    settings.SAFESPACE_OIDC_EMAIL_DOMAINS = ["example.org"]
    assert oidc.verified_email({"email": "priya@example.org"}) == "priya@example.org"
    assert oidc.verified_email({"email": "priya@elsewhere.example"}) == ""
    assert oidc.verified_email({"email": "priya@elsewhere.example", "xms_edov": True}) == (
        "priya@elsewhere.example"
    )
    assert oidc.verified_email({"name": "Priya"}) == ""


def test_password_sign_in_can_be_kept_for_administrators_only(
    client, settings, champion, admin
) -> None:
    settings.SAFESPACE_LOCAL_SIGN_IN = "administrators"
    sent = {"email": champion.email, "password": PASSWORD}
    assert client.post("/accounts/login/", sent).status_code == 200
    sent = {"email": admin.email, "password": PASSWORD}
    assert client.post("/accounts/login/", sent)["Location"] == "/accounts/two-factor/"


def test_password_sign_in_stays_for_everyone_by_default(client, champion) -> None:
    sent = {"email": champion.email, "password": PASSWORD}
    assert client.post("/accounts/login/", sent)["Location"] == "/accounts/two-factor/"


def test_without_a_provider_the_sign_in_page_is_as_before(client, db) -> None:
    page = client.get("/accounts/login/").text
    assert "Sign in with" not in page
    assert client.get("/accounts/oidc/callback/?code=x&state=y").status_code == 404
