"""At 320 pixels wide (WCAG 1.4.10) no page scrolls sideways: a wide table scrolls in its own
labelled region, which a keyboard can reach."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.helpers import assert_accessible, sign_in

WIDTH = 320


def fits(page: Page, path: str, server: str) -> None:
    page.goto(server + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{path} is {width} px wide at {WIDTH} px"
    assert_accessible(page)


def test_the_start_page_and_the_lead_lists_fit_a_narrow_phone(server: str, page: Page) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 720})
    fits(page, "/", server)
    fits(page, "/raise/", server)
    sign_in(page, server, "lead@example.org")
    # The demo's detriment report and HR alert flag cases: their tags stay inside the table.
    for path in (
        "/cases/",
        "/cases/?attention=yes",
        "/cases/triage/",
        "/cases/triage/?attention=yes",
        "/champions/",
    ):
        fits(page, path, server)
    region = page.locator(".app-table-scroll").first
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
