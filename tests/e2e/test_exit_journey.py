"""Signed in at /track/, the raiser presses "Exit this page"; whoever comes back to this browser
finds the sign-in page and nothing else."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import DRESS_CODE_RECEIPT, PASSPHRASE

NEUTRAL = re.compile(r"https://www\.bbc\.co\.uk/.*")


def test_exit_ends_the_session_and_coming_back_shows_only_sign_in(server: str, page: Page) -> None:
    # The neutral site is answered here: the tests never leave the machine.
    page.route(NEUTRAL, lambda route: route.fulfill(body="<title>Weather</title>Weather"))
    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill(DRESS_CODE_RECEIPT)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Your concern")

    page.get_by_role("button", name=re.compile("Exit this page")).click()
    expect(page).to_have_url(NEUTRAL)

    page.goto(server + "/track/concern/")
    expect(page).to_have_url(server + "/track/")
    expect(page.locator("h1")).not_to_have_text("Your concern")
    expect(page.get_by_label("Receipt code")).to_be_visible()


def test_exit_works_without_javascript(server: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route(NEUTRAL, lambda route: route.fulfill(body="Weather"))
    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill(DRESS_CODE_RECEIPT)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Your concern")
    page.get_by_role("button", name=re.compile("Exit this page")).click()
    expect(page).to_have_url(NEUTRAL)
    page.goto(server + "/track/concern/")
    expect(page).to_have_url(server + "/track/")
    context.close()
