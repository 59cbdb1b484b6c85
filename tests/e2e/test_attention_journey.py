"""A lead finds what needs attention on their lists, reads it and acknowledges it, until none
is left. Every page on the way is checked by axe-core."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, sign_in


def test_the_lead_acknowledges_what_needs_attention(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")
    page.goto(server + "/cases/triage/")
    # The demo's detriment report and HR alert: flagged, in words, on the triage page.
    attention = page.locator("#attention-caption").locator("xpath=ancestor::table")
    expect(attention).to_contain_text("Detriment reported")
    expect(attention).to_contain_text("HR process noticed")
    assert_accessible(page)
    page.get_by_role("link", name="Needs attention").click()
    expect(page.locator("main")).to_contain_text("Detriment reported")
    assert_accessible(page)
    for _ in range(5):
        page.goto(server + "/cases/?attention=yes")
        rows = page.locator("tbody a")
        if rows.count() == 0:
            break
        rows.first.click()
        expect(page.locator("#attention")).to_have_text("Needs attention")
        assert_accessible(page)
        page.get_by_role("button", name="Acknowledge").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("You have acknowledged")
        expect(page.locator("main")).to_contain_text("Acknowledged by")
        assert_accessible(page)
    expect(page.locator("main")).to_contain_text("No case needs attention at the moment")
    assert_accessible(page)
