"""The pool, recruitment, upload, meeting and accountability pages, checked by axe-core in their
ordinary and error states. Only invalid forms are sent: the demo data stays as it was seeded."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, sign_in

UPCOMING_MEETING_CASE = "Bias in HR processes"  # the demo's "hr-process" case, meeting next week


def expect_error(page: Page, message: str) -> None:
    """The error summary names the problem and links to the question it is about."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(message)
    target = summary.get_by_role("link", name=message).get_attribute("href") or ""
    expect(page.locator(target)).to_have_count(1)


def fits_a_phone(page: Page) -> None:
    """At 375 pixels wide nothing widens the page: a wide table scrolls in its own region."""
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_the_lead_pool_and_recruitment_pages(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")

    page.goto(server + "/champions/")
    page.get_by_role("link", name="Daniel Mensah").click()
    expect(page.locator("h1")).to_have_text("Daniel Mensah")
    assert_accessible(page)
    page.get_by_label("How many open cases can they take at once?").fill("many")
    page.get_by_role("button", name="Save profile").click()
    expect_error(page, "Enter a whole number, like 3")
    assert_accessible(page)

    page.goto(page.url + "training/")
    expect(page.locator("h1")).to_have_text("Record training")
    assert_accessible(page)
    page.get_by_role("button", name="Record training").click()
    expect_error(page, "Enter the name of the course")
    assert_accessible(page)

    page.goto(server + "/champions/terms/new/")
    expect(page.locator("h1")).to_have_text("Terms of Reference")
    assert_accessible(page)
    page.get_by_label("Terms of Reference").fill("")
    page.get_by_role("button", name=re.compile("^Publish")).click()
    expect_error(page, "Enter the Terms of Reference")
    assert_accessible(page)

    page.goto(server + "/champions/applications/")
    page.get_by_role("link", name="Jordan Blake").click()
    expect(page.locator("h1")).to_have_text("Jordan Blake")
    assert_accessible(page)
    page.get_by_role("button", name="Move on").click()
    expect_error(page, "Select where this application goes next")
    assert_accessible(page)

    page.goto(server + "/champions/reviews/")
    page.get_by_role("link", name=re.compile(r"\d{2}:\d{2}$")).first.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Monthly review, \d{1,2} \w+ \d{4}$"))
    assert_accessible(page)
    fits_a_phone(page)


def test_moving_and_cancelling_a_meeting_as_the_lead(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")
    page.goto(server + "/cases/")
    page.locator("tbody tr", has_text=UPCOMING_MEETING_CASE).get_by_role("link").click()
    page.locator("a[href*='/meetings/']", has_text=re.compile(r"\d{2}:\d{2}$")).first.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Meeting on "))
    meeting = page.url

    page.get_by_role("link", name="Move the meeting").click()
    expect(page.locator("h1")).to_have_text("Move the meeting")
    expect(page.get_by_label("Where")).to_have_value("Room 3.02, Civic Centre")
    assert_accessible(page)
    page.get_by_label("Date").fill("")
    page.get_by_label("Where").fill("")
    page.get_by_role("button", name="Move the meeting").click()
    expect_error(page, "Enter the date")
    expect_error(page, "Enter where the meeting is")
    assert_accessible(page)

    page.goto(meeting)
    page.get_by_role("link", name="Cancel the meeting").click()
    expect(page.locator("h1")).to_have_text("Cancel the meeting")
    expect(page.get_by_role("button", name="Cancel the meeting")).to_be_visible()
    assert_accessible(page)


def test_become_a_champion_is_public(server: str, page: Page) -> None:
    page.goto(server + "/champions/become-a-champion/")
    expect(page.locator("h1")).to_have_text("Become a Safe Space champion")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect_error(page, "Enter your name")
    expect_error(page, "Enter your work email address")
    assert_accessible(page)


def test_the_staff_directory_upload(server: str, page: Page) -> None:
    sign_in(page, server, "admin@example.org")
    page.goto(server + "/staff-directory/import/")
    expect(page.locator("h1")).to_have_text("Import the staff directory")
    assert_accessible(page)
    page.get_by_role("button", name="Import").click()
    expect_error(page, "Select the CSV file to upload")
    assert_accessible(page)


def test_the_hr_event_upload(server: str, page: Page) -> None:
    sign_in(page, server, "hr@example.org")
    page.goto(server + "/hr-events/import/")
    expect(page.locator("h1")).to_have_text("Import HR events")
    assert_accessible(page)
    page.get_by_role("button", name="Import").click()
    expect_error(page, "Select the CSV file to upload")
    assert_accessible(page)


def test_the_accountability_scorecard(server: str, page: Page) -> None:
    sign_in(page, server, "wellbeing@example.org")
    page.goto(server + "/actions/accountability/")
    expect(page.locator("h1")).to_have_text("Action plans: who is keeping their promises")
    expect(page.locator("caption")).to_have_text(["By directorate", "By owner"])
    assert_accessible(page)
    fits_a_phone(page)
