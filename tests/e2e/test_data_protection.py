"""The data protection officer finds a person's named concern, exports it and reaches its
erasure, in a real browser, on pages that pass axe-core. Only an invalid erasure is sent: the
demo data stays as it was seeded."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, sign_in

REASON = "Subject access request DP-2026-041"


def search(page: Page, person: str, reason: str = REASON) -> None:
    page.get_by_label("Their full name or work email address").fill(person)
    page.get_by_label("Why are you searching?").fill(reason)
    page.get_by_role("button", name="Search").click()


def test_the_officer_finds_exports_and_reaches_the_erasure_of_a_concern(
    server: str, page: Page
) -> None:
    sign_in(page, server, "dpo@example.org")
    page.get_by_role("link", name="Find a person's concerns").click()
    expect(page.locator("h1")).to_have_text("Find a person's concerns")
    assert_accessible(page)

    search(page, "", reason="short")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the person's full name or work email address")
    expect(summary).to_contain_text("Enter a reason of at least 10 characters")
    assert_accessible(page)

    search(page, "Nobody Here")
    expect(page.locator("h1")).to_have_text("No concerns found for “Nobody Here”")
    assert_accessible(page)

    page.get_by_role("link", name="Search for someone else").click()
    search(page, "joy adebayo")
    expect(page.locator("h1")).to_contain_text("1 concern found")
    assert_accessible(page)

    page.locator("tbody tr").get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Concern SS-")
    assert_accessible(page)
    with page.expect_download() as export:
        page.get_by_role("link", name="Download the export as a PDF").click()
    assert export.value.suggested_filename.startswith("subject-access-")

    page.get_by_role("link", name="Erase this concern").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to erase this concern?")
    assert_accessible(page)
    page.get_by_role("button", name="Erase this concern").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are doing this")
    assert_accessible(page)
