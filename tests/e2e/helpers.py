"""Steps the browser journeys share: the test server's environment, axe-core checks, and
signing a demo account in.

Journeys sign in through the session, as the Django tests do; one journey
(test_public_journey.py) signs in through the pages, with the password and the authenticator.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import IO

from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import Page

from safespace.dev.demo.accounts import demo_totp_key

ROOT = Path(__file__).resolve().parents[2]
WCAG_22_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}
DRESS_CODE_RECEIPT = "DEM0-DRES-S000-0003"  # the demo's dress-code concern, with Daniel Mensah
PASSPHRASE = "demo passphrase for practice"

# The environment of the running test server, so a test can act on its database as time would
# (a scheduled meeting taking place) with `manage`.
SERVER_ENV: dict[str, str] = {}


def manage(*command: str) -> str:
    """Run manage.py against the test server's database; what it printed."""
    done = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=SERVER_ENV,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"manage.py {command[0]} failed:\n{done.stderr}"
    return done.stdout


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG_22_AA)
    violations = results.response["violations"]
    assert violations == [], f"{page.url}: " + results.generate_report()


NARROW = 320


def check_both_widths(page: Page) -> None:
    """axe-core finds nothing at full width, nor at 320 px, where nothing scrolls sideways."""
    assert_accessible(page)
    page.set_viewport_size({"width": NARROW, "height": 720})
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 720})


def pass_two_factor(page: Page) -> None:
    """Enter the demo authenticator's current code.

    Each code is accepted once per account, so only one journey signs in this way; the rest
    sign in through the session and never wait for the next code.
    """
    page.get_by_label("Enter your security code").fill(
        f"{totp(bytes.fromhex(demo_totp_key())):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/two-factor/" not in page.url, "the demo code was refused: was it used already?"


# Run in the test server's environment: reads an email a line, makes a session signed in with
# both factors for that account (tests.helpers.sign_in, as the Django tests do), and answers
# "cookie-name session-key landing-path".
SESSION_MAKER = """
import sys
import django
django.setup()
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from safespace.accounts.models import User
from tests.helpers import sign_in
for line in sys.stdin:
    client = sign_in(Client(), User.objects.get(email=line.strip()))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    print(settings.SESSION_COOKIE_NAME, key, resolve_url(settings.LOGIN_REDIRECT_URL), flush=True)
"""


class SessionMaker:
    """One long-lived process on the server's database, so a sign-in costs milliseconds."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.log: IO[str] | None = None

    def session(self, email: str) -> tuple[str, str, str]:
        if self.process is None:
            self.log = (Path(SERVER_ENV["SAFESPACE_DATA_DIR"]) / "sessions.log").open("w")
            self.process = subprocess.Popen(
                [sys.executable, "-c", SESSION_MAKER],
                cwd=ROOT,
                env={**SERVER_ENV, "DJANGO_SETTINGS_MODULE": "safespace.settings"},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.log,
                text=True,
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(email + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().split()
        assert len(answer) == 3, f"no session for {email}; see {self.log and self.log.name}"
        name, key, landing = answer
        return name, key, landing

    def stop(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(10)
            self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None


SESSIONS = SessionMaker()


def sign_in(page: Page, server: str, email: str) -> None:
    """Signed in as this demo account with both factors, on the page the sign-in lands on."""
    name, key, landing = SESSIONS.session(email)
    page.context.add_cookies([{"name": name, "value": key, "url": server}])
    page.goto(server + landing)
