"""The insight dashboard in a browser: checked by axe-core as the insight viewer (one quarter
that has ended at a time, and a tampered quarter refused), and as the lead (any dates, and a
wrong date); on a phone's width too, and with a table downloaded."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from safespace.insights.ftsu import Quarter
from tests.e2e.helpers import assert_accessible, sign_in

PHONE = ViewportSize(width=375, height=812)


def test_the_insight_viewer_sees_controlled_figures(server: str, page: Page) -> None:
    sign_in(page, server, "insight@example.org")
    page.goto(server + "/insights/")
    expect(page.locator("h1")).to_have_text("Insights")
    main = page.locator("main")
    expect(main).to_contain_text("fewer than 5")
    expect(main).to_contain_text(
        "figures you can see are given for one network and one whole quarter at a time"
    )
    expect(page.get_by_role("group", name="Start date")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Contents")).to_contain_text("Themes")
    expect(page.get_by_role("img", name="Concerns by theme")).to_be_visible()
    assert_accessible(page)

    quarter = page.get_by_label("Quarter")
    quarter.select_option(index=1)
    chosen = quarter.locator("option:checked").inner_text()
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_label("Quarter").locator("option:checked")).to_have_text(chosen)

    # The quarter still running, asked for by hand, is refused with a way back.
    running = Quarter.containing(timezone.localdate())
    page.goto(f"{server}/insights/?quarter={running.slug}")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a quarter that has ended")
    expect(main).not_to_contain_text("At a glance")
    assert_accessible(page)
    summary.get_by_role("link", name="Choose a quarter that has ended").click()
    expect(page.get_by_label("Quarter")).to_be_focused()


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

    # The lead's own network keeps any dates, checked as the GOV.UK date input asks.
    page.get_by_role("group", name="Start date").get_by_label("Month").fill("")
    page.get_by_role("button", name="Show figures").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Start date must include a month")
    assert_accessible(page)
    summary.get_by_role("link", name="Start date must include a month").click()
    expect(page.get_by_role("group", name="Start date").get_by_label("Month")).to_be_focused()
