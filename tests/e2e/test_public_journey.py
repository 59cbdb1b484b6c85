"""Every public page, and a demo sign-in with two-factor, in Chromium, checked by axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from safespace.dev.demo.accounts import DEMO_PASSWORD
from tests.e2e.helpers import assert_accessible, pass_two_factor


def test_public_pages_are_accessible(server: str, page) -> None:
    for path in ["/", "/privacy/", "/accessibility/", "/accounts/login/", "/no-such-page/"]:
        page.goto(server + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_the_skip_link_is_the_first_thing_a_keyboard_reaches(server: str, page) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"


def test_a_demo_lead_signs_in_with_two_factor(server: str, page) -> None:
    page.goto(server + "/cases/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Email address").fill("wrong@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct email address and password"
    )
    assert_accessible(page)

    page.get_by_label("Email address").fill("lead@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/$"))
    assert_accessible(page)
    pass_two_factor(page)
    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.locator("h1")).to_have_text("Cases")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("You have signed out")


def test_the_public_pages_in_welsh_are_accessible(server: str, page) -> None:
    page.goto(server + "/")
    page.get_by_role("link", name="Newid yr iaith i\u2019r Gymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("h1")).to_have_text("Lle Diogel")
    for path in ["/", "/privacy/", "/accessibility/", "/raise/", "/track/", "/no-such-page/"]:
        page.goto(server + path)
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        assert_accessible(page)
    page.get_by_role("link", name="Change the language to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
