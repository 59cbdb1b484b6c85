"""The insight dashboard in a browser: checked by axe-core as the insight viewer, with a wrong
filter, and as the lead; on a phone's width too, and with a table downloaded."""

from __future__ import annotations

from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.helpers import assert_accessible, sign_in

PHONE = ViewportSize(width=375, height=812)


def test_the_insight_viewer_sees_controlled_figures(server: str, page: Page) -> None:
    sign_in(page, server, "insight@example.org")
    page.goto(server + "/insights/")
    expect(page.locator("h1")).to_have_text("Insights")
    expect(page.locator("main")).to_contain_text("fewer than 5")
    expect(page.get_by_role("navigation", name="Contents")).to_contain_text("Themes")
    expect(page.get_by_role("img", name="Concerns by theme")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("group", name="Start date").get_by_label("Month").fill("")
    page.get_by_role("button", name="Show figures").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Start date must include a month")
    summary.get_by_role("link", name="Start date must include a month").click()
    expect(page.get_by_role("group", name="Start date").get_by_label("Month")).to_be_focused()
    assert_accessible(page)


def test_the_lead_sees_exact_figures_and_downloads_a_table(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")
    page.set_viewport_size(PHONE)
    page.goto(server + "/insights/")
    expect(page.locator("main")).to_contain_text("You see exact figures")
    expect(page.locator("main")).not_to_contain_text("fewer than 5")
    assert_accessible(page)
    # Nothing is wider than the phone but the tables, which scroll inside their own region.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    section = page.locator("section", has=page.locator("#by-theme"))
    with page.expect_download() as download:
        section.get_by_role("link", name="Download this table as a CSV file").click()
    assert download.value.suggested_filename.startswith("concerns-by-theme-")
    assert download.value.suggested_filename.endswith(".csv")
