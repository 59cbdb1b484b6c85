"""A champion records a concern for someone after a call: the raise form's questions in the
champion's voice, and a conflict that sends it to the lead instead.

Every page on the way is checked by axe-core, and the form fits a 320-pixel-wide screen.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, sign_in


def test_a_champion_with_a_conflict_passes_what_they_recorded_to_the_lead(
    server: str, page: Page
) -> None:
    sign_in(page, server, "champion2@example.org")  # Priya Sharma, Adults and Health
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(server + "/cases/new/")
    expect(page.locator("h1")).to_have_text("Record a concern for someone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # WCAG 1.4.10
    assert_accessible(page)
    page.get_by_role("button", name="Record the concern").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how they raised it")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether they want to give their name"
    )
    assert_accessible(page)

    page.get_by_label("Phone call with a champion", exact=True).check()
    page.get_by_label("What happened, as they told it").fill("Passed over for the grade again.")
    page.get_by_label("Adults and Health", exact=True).check()
    page.get_by_label("A person", exact=True).check()
    # Someone no other journey names: the journeys share one database, and a second concern
    # naming the same person would release another journey's hold.
    page.get_by_label("Or their work email address").fill("Rhys.Morgan@example.org")
    page.get_by_label("No, record it now").check()
    page.get_by_label("To be heard", exact=True).check()
    page.get_by_label("Only through Safe Space", exact=True).check()
    page.get_by_label("No, they stay anonymous").check()
    page.locator("input[name=share_with_director][value=none]").check()
    page.locator("input[name=share_with_manager][value=none]").check()
    page.get_by_role("button", name="Record the concern").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "You cannot be their champion: you work in a directorate the concern is about"
    )
    expect(page.get_by_label("What happened, as they told it")).to_have_value(
        "Passed over for the grade again."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Pass it to the lead champion").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Concern recorded")
    expect(page.locator("main")).to_contain_text("It has gone to the lead champion")
    assert_accessible(page)
