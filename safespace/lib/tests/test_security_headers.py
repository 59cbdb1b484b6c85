"""The pages that show a concern carry the same security headers as the start page."""

from __future__ import annotations

import time

import pytest
from django.http import HttpResponseBase
from django.test import Client

from safespace.accounts.models import Role
from safespace.cases.models import Case
from safespace.cases.services import create
from safespace.policy import RAISER_CASE, RAISER_SINCE
from tests.helpers import sign_in

STORY = "what my manager said"


@pytest.fixture
def case(network) -> Case:
    return create.create_case(create.NewConcern(network=network, narrative=STORY))


def assert_secure_headers(response: HttpResponseBase) -> None:
    assert response.status_code == 200
    assert STORY in response.content.decode(), "the page must really show the concern"
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_a_staff_case_page_is_never_cached_and_carries_security_headers(
    client: Client, make_user, network, case
) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    assert_secure_headers(client.get(f"/cases/{case.code}/"))


def test_the_raisers_own_page_is_never_cached_and_carries_security_headers(
    client: Client, case
) -> None:
    session = client.session
    session[RAISER_CASE] = str(case.code)
    session[RAISER_SINCE] = time.time()
    session.save()
    assert_secure_headers(client.get("/track/concern/"))


@pytest.mark.django_db
def test_a_bad_host_header_is_refused_with_the_same_security_headers(client: Client) -> None:
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_bad_host_header_over_https_in_production_still_carries_hsts(
    client: Client, settings
) -> None:
    """As production runs: HTTPS only, one allowed host, HSTS for a year."""
    settings.ALLOWED_HOSTS = ["safespace.example.gov.uk"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/", HTTP_HOST="evil.example", secure=True)

    assert response.status_code == 400
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Cache-Control"] == "no-store"
