"""The lead assigns a new concern; the champion reads it, writes a note and logs time.

Every page on the way, and the lead's champion-pool pages, are checked by axe-core.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, sign_in


def test_the_lead_assigns_and_the_champion_works_the_case(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")
    page.goto(server + "/cases/triage/")
    expect(page.locator("h1")).to_have_text("New concerns to assign")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Assign")).first.click()
    expect(page.locator("h1")).to_have_text("Assign a champion")
    reference = page.locator(".govuk-caption-l").inner_text()
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a champion")
    assert_accessible(page)
    page.get_by_label("Champion", exact=True).select_option(label="Priya Sharma")
    page.get_by_label("Why this champion?").fill("Priya asked to take the next pay case")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Priya Sharma")

    for path, heading in [
        ("/champions/", "Champions"),
        ("/champions/coverage/", "Coverage by directorate"),
        ("/champions/workload/", "Workload"),
        ("/champions/applications/", "Recruitment"),
        ("/champions/reviews/", "Monthly review"),
        ("/champions/terms/new/", "Terms of Reference"),
    ]:
        page.goto(server + path)
        expect(page.locator("h1")).to_have_text(heading)
        assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, server, "champion2@example.org")
    page.goto(server + "/cases/")
    page.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_have_text(f"Case {reference}")
    expect(page.locator(".app-narrative")).to_contain_text("higher grade")
    assert_accessible(page)

    page.get_by_role("link", name="Add a note").click()
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the note")
    assert_accessible(page)
    page.get_by_label("Note").fill("Called them; they would like a meeting about the grade.")
    page.get_by_label("Champions only").check()
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("main")).to_contain_text("they would like a meeting about the grade")

    page.get_by_role("link", name="Record time").click()
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Activity").select_option(label="Listening")
    page.get_by_role("button", name="Record time").click()
    expect(page.locator("main")).to_contain_text("45 minutes so far")
    expect(page.locator(".app-timeline")).to_contain_text("recorded time")
    assert_accessible(page)

    for path in ["/champions/terms/", "/champions/wellbeing/"]:
        page.goto(server + path)
        assert_accessible(page)
