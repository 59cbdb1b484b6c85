"""A champion closes a case; the person who raised it reads the summary and gives feedback.
Every page on the way is checked by axe-core, in its error state too."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import DRESS_CODE_RECEIPT, PASSPHRASE, assert_accessible, sign_in


def test_closing_then_feedback(server: str, page: Page) -> None:
    sign_in(page, server, "champion1@example.org")
    page.goto(server + "/cases/")
    page.locator("tbody a").first.click()
    page.get_by_role("link", name="Close the case").click()
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the outcome")
    assert_accessible(page)
    page.get_by_label("Resolved", exact=True).check()
    page.get_by_label("Closing summary").fill("Your manager apologised and changed the rota.")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is closed")
    assert_accessible(page)
    page.get_by_role("link", name="Reopen the case").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill(DRESS_CODE_RECEIPT)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("Your manager apologised and changed the rota.")
    page.get_by_role("link", name=re.compile("did you feel heard")).click()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether you felt heard")
    assert_accessible(page)
    page.get_by_label("Mostly").check()
    page.get_by_label("Maybe").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Thank you")
    assert_accessible(page)


def test_a_waiting_check_in_asks_one_kind_question(server: str, page: Page) -> None:
    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill("DEM0-MED1-AT10-N007")  # the demo's mediation
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Answer one question").click()
    expect(page.locator("h1")).to_have_text("Checking in with you")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Nothing has happened")
    assert_accessible(page)
    page.get_by_label("Nothing has happened").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Thank you")
    expect(page.get_by_role("link", name="Answer one question")).to_have_count(0)
