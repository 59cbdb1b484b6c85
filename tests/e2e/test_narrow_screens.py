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


# WCAG 1.4.12's text spacing, as the bookmarklets auditors use apply it.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; "
    "word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)


def test_pages_fit_at_200_percent_zoom_and_with_wide_text_spacing(server: str, browser) -> None:
    """A 1280-pixel window zoomed to 200% lays pages out in 640 CSS pixels; text spacing is
    checked at 320 px, where it is hardest to fit. The spacing is a style the person's own
    browser adds, so the page's content security policy is set aside for it, as a user
    style sheet or extension is."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    for width, spacing in ((640, False), (WIDTH, True)):
        page.set_viewport_size({"width": width, "height": 720})
        for path in ("/", "/raise/", "/raise/race-equality/", "/track/"):
            page.goto(server + path)
            if spacing:
                page.add_style_tag(content=TEXT_SPACING)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{path} is {scroll} px wide at {width} px"
    page.set_viewport_size({"width": 640, "height": 720})
    sign_in(page, server, "lead@example.org")
    for path in ("/cases/", "/cases/triage/", "/champions/", "/insights/"):
        page.goto(server + path)
        for spacing in (False, True):
            if spacing:
                page.add_style_tag(content=TEXT_SPACING)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 640, f"{path} is {scroll} px wide at 200% zoom"
    context.close()
