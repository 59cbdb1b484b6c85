"""A raiser keeps a copy of their concern and erases it, in a real browser, by keyboard-able
links and buttons, on pages that pass axe-core."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import PASSPHRASE, assert_accessible

# The demo's Women's Network concern about pay, anonymous and in no other journey.
WOMENS_PAY_RECEIPT = "DEM0-WNPA-Y000-0009"


def test_a_raiser_downloads_a_copy_then_erases_their_concern(server: str, page: Page) -> None:
    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill(WOMENS_PAY_RECEIPT)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("footer")).to_contain_text("Women's Network")

    with page.expect_download() as copy:
        page.get_by_role("link", name="Download it as a document (PDF)").click()
    assert copy.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="erase your concern").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to erase your concern?")
    assert_accessible(page)
    page.get_by_role("button", name="Erase my concern").click()
    expect(page.locator("h1")).to_have_text("Your concern has been erased")
    assert_accessible(page)

    # The receipt opens nothing now.
    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill(WOMENS_PAY_RECEIPT)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
