"""The error pages: in the layout, kind, and able to render when the database is down."""

from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

DATABASE_DOWN = mock.patch(
    "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
)


def test_a_form_sent_without_its_token_gets_a_kind_403_page_in_the_layout(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"email": "a@example.org", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert 'class="govuk-skip-link"' in body
    assert "Sorry, that form could not be sent" in body
    assert "the form was open for a long time" in body
    assert "Nothing you typed on that page was saved or sent" in body
    assert "CSRF" not in body


def test_the_500_page_renders_when_the_database_is_down_and_a_session_cookie_is_sent(
    db: None,
) -> None:
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-the-database-would-hold"
    with DATABASE_DOWN:
        response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert 'class="govuk-skip-link"' in body
    # Which network runs it cannot be read either: the page names the service's own address.
    assert "Contact the staff network" in body and "mailto:safespace@example.org" in body


@pytest.mark.parametrize(
    ("path", "headers", "body"),
    [
        # A form sent in another character set: Django cannot read it as UTF-8.
        ("/track/", {}, b"receipt=%E9t%E9&passphrase=secret+words"),
        # A Host header the service does not answer to.
        ("/", {"HTTP_HOST": "evil.example"}, None),
    ],
)
def test_a_request_that_cannot_be_read_gets_a_kind_400_page_in_the_layout(
    db: None, path: str, headers: dict[str, Any], body: bytes | None
) -> None:
    client = Client()
    if body is None:
        response = client.get(path, **headers)
    else:
        response = client.post(
            path,
            data=body,
            content_type="application/x-www-form-urlencoded; charset=latin-1",
            **headers,
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, we could not read what was sent" in page
    assert "Nothing has been saved" in page
    assert "govuk-footer" in page
    # Someone who cannot send the form can still write to the service.
    assert 'href="mailto:safespace@example.org"' in page
    assert "secret" not in page and "Bad Request" not in page
