"""The language switcher: English or Cymraeg on every page, remembered only for the visit."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def test_every_page_offers_the_other_language_in_its_own_words(client: Client, network) -> None:
    body = client.get("/privacy/").content.decode()
    assert '<html lang="en-gb"' in body
    assert 'href="/language/cy/?next=/privacy/" hreflang="cy" lang="cy"' in body
    assert '<span aria-current="true" lang="en">English</span>' in body


def test_choosing_cymraeg_goes_back_to_the_page_in_welsh(client: Client, network) -> None:
    response = client.get("/language/cy/?next=/privacy/")
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    body = client.get("/privacy/").content.decode()
    assert '<html lang="cy"' in body
    assert 'href="/language/en-gb/?next=/privacy/" hreflang="en" lang="en"' in body
    assert "Hysbysiad preifatrwydd" in body
    client.get("/language/en-gb/?next=/")
    assert '<html lang="en-gb"' in client.get("/privacy/").content.decode()


def test_the_choice_is_a_functional_cookie_that_ends_with_the_browser(client: Client, db) -> None:
    response = client.get("/language/cy/")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "cy"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert cookie["path"] == "/"
    assert not cookie["max-age"] and not cookie["expires"]
    assert settings.LANGUAGE_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE
    assert settings.LANGUAGE_COOKIE_SAMESITE == "Lax"


def test_the_switcher_only_goes_back_to_this_service(client: Client, db) -> None:
    for elsewhere in ("https://example.com/", "//example.com/", "javascript:alert(1)"):
        response = client.get("/language/cy/", {"next": elsewhere})
        assert response["Location"] == "/", elsewhere


def test_only_the_services_languages_can_be_chosen(client: Client, db) -> None:
    assert client.get("/language/fr/").status_code == 404


def test_a_browser_that_asks_for_welsh_gets_welsh(client: Client, network) -> None:
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="cy"' in body


def test_english_is_the_default(client: Client, network) -> None:
    response = client.get("/")
    assert '<html lang="en-gb"' in response.content.decode()
    assert response["Content-Language"] == "en-gb"
