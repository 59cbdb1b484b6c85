"""A real OpenID provider (oidc-provider, run by Node) on loopback, and a way through it.

The service talks to the provider as it would to Entra ID: discovery, keys and the token
endpoint over HTTP, with Authlib. The person's browser is a `requests` session that follows
the provider's redirects and fills in its development login form; the service's side is
Django's test client, so each test runs on its own test database.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from tests.helpers import ROOT

NODE = shutil.which("node")
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
SERVICE = "http://testserver"
CLIENT_ID = "safespace"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"
# The people the provider knows, by what they type at its login form.
ACCOUNTS = {
    "priya": {"email": "priya@example.org", "email_verified": True, "name": "Priya"},
    "shouting": {"email": "PRIYA@Example.ORG", "email_verified": True},
    "stranger": {"email": "stranger@example.org", "email_verified": True},
    "unchecked": {"email": "priya@example.org", "email_verified": False},
    "entra": {"preferred_username": "priya@example.org", "name": "Priya"},
}
DEFAULTS: dict[str, Any] = {
    "client_id": CLIENT_ID,
    "client_secret": CLIENT_SECRET,
    "redirect_uris": [f"{SERVICE}/accounts/oidc/callback/"],
    "post_logout_redirect_uris": [f"{SERVICE}/accounts/oidc/signed-out/"],
    "accounts": ACCOUNTS,
    "audience": None,
    "expired": False,
    "amr": ["pwd"],
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/oidc" in str(item.fspath) and NODE is None and os.environ.get("CI") != "true":
            item.add_marker(pytest.mark.skip(reason="Node.js is not installed: no OpenID provider"))


class Provider:
    """The running provider: its issuer, and the knobs a test turns (read on every token)."""

    def __init__(self, issuer: str, settings_file: Path) -> None:
        self.issuer = issuer
        self.settings_file = settings_file

    def set(self, **knobs: Any) -> None:
        self.settings_file.write_text(json.dumps({**DEFAULTS, **knobs}), encoding="utf-8")


@pytest.fixture(scope="session")
def running_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    settings_file = tmp_path_factory.mktemp("oidc") / "provider.json"
    settings_file.write_text(json.dumps(DEFAULTS), encoding="utf-8")
    process = subprocess.Popen(
        [str(NODE), str(SCRIPT), str(settings_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    issuer = process.stdout.readline().strip()
    if not issuer.startswith("http://127.0.0.1:"):
        process.kill()
        raise RuntimeError(f"The OpenID provider did not start (it said {issuer!r})")
    yield Provider(issuer, settings_file)
    process.terminate()
    process.wait(10)


@pytest.fixture
def provider(running_provider: Provider, settings: Any) -> Provider:
    """The provider, reset to its defaults, and this installation set up to sign in with it."""
    running_provider.set()
    settings.SAFESPACE_OIDC_ISSUER = running_provider.issuer
    settings.SAFESPACE_OIDC_CLIENT_ID = CLIENT_ID
    settings.SAFESPACE_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.SAFESPACE_OIDC_PROVIDER_NAME = "Example Council account"
    return running_provider


def _form(page: str, base: str) -> tuple[str, dict[str, str]]:
    """The first form on a provider's page: where it goes, and its hidden fields."""
    action = re.search(r'<form[^>]*action="([^"]*)"', page)
    assert action, page
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    return urljoin(base, unescape(action.group(1))), hidden


def _until_back(browser: requests.Session, response: requests.Response, login: str) -> str:
    """Follow the provider (its login form, then its consent) until it sends the browser back
    to the service; the address it sends it to."""
    for _ in range(12):
        location = response.headers.get("Location")
        if location and location.startswith(SERVICE):
            return location
        if location:
            response = browser.get(urljoin(response.url, location), allow_redirects=False)
            continue
        assert response.status_code == 200, response.text
        action, fields = _form(response.text, response.url)
        if fields.get("prompt") == "login":
            fields.update(login=login, password="anything")
        elif "xsrf" in fields:
            fields["logout"] = "yes"
        response = browser.post(action, data=fields, allow_redirects=False)
    raise AssertionError("The provider never sent the browser back to the service")


@pytest.fixture
def browser() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.fixture
def through_provider(browser: requests.Session) -> Callable[..., str]:
    """Start signing in at the service and sign in at the provider as `login`: the callback
    address (path and query) the provider sends the browser back to, not yet opened."""

    def go(client: Client, login: str = "priya", start: str = "/accounts/oidc/start/") -> str:
        started = client.get(start)
        assert started.status_code == 302, started
        first = browser.get(started["Location"], allow_redirects=False)
        back = urlsplit(_until_back(browser, first, login))
        return f"{back.path}?{back.query}"

    return go


@pytest.fixture
def provider_sign_out(browser: requests.Session) -> Callable[[str], str]:
    """Open the provider's sign-out address in the browser, confirm, and return where it
    sends the browser back to on the service."""

    def go(url: str) -> str:
        back = urlsplit(_until_back(browser, browser.get(url, allow_redirects=False), ""))
        return f"{back.path}?{back.query}"

    return go
