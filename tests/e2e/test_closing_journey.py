"""A champion closes a case; the person who raised it reads the summary and gives feedback.
Every page on the way is checked by axe-core, in its error state too."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, sign_in

DRESS_CODE_RECEIPT = "DEM0-DRES-S000-0003"  # the demo's dress-code concern, with Daniel Mensah
PASSPHRASE = "demo passphrase for practice"


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
    page.get_by_label("Passphrase").fill(PASSPHRASE)
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
