"""Steps the browser journeys share: axe-core checks and a demo sign-in."""

from __future__ import annotations

import re
import time

from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from safespace.dev.demo.accounts import DEMO_PASSWORD, demo_totp_key

WCAG_22_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG_22_AA)
    violations = results.response["violations"]
    assert violations == [], f"{page.url}: " + results.generate_report()


def pass_two_factor(page: Page) -> None:
    """Enter the demo code. Each code is accepted once per account, so if another journey
    has just used this one, wait for the next."""
    for _ in range(2):
        page.get_by_label("Enter your security code").fill(
            f"{totp(bytes.fromhex(demo_totp_key())):06d}"
        )
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        if "/two-factor/" not in page.url:
            return
        time.sleep(31 - time.time() % 30)
    raise AssertionError("the demo code was refused twice")


def sign_in(page: Page, server: str, email: str) -> None:
    page.goto(server + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/$"))
    pass_two_factor(page)
