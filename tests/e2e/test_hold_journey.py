"""Raise a concern that names someone and hold it; another concern about them releases it.

Every page on the way is checked by axe-core, the "select their directorate" error included. The
name is matched to the staff directory only when the concern is sent, and nobody is told whether
it was found.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible

PASSPHRASE = "juniper lantern harbour"


def answer(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def next_page(page: Page) -> None:
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()


def raise_about(page: Page, server: str, name_person, hold: str) -> str:
    """Answer every question, naming someone as `name_person` does; return the receipt code."""
    page.goto(server + "/raise/race-equality/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("What happened?").fill("My team leader belittles me in front of others.")
    next_page(page)
    next_page(page)  # themes: optional
    expect(page.locator("h1")).to_have_text("Who is it about?")
    name_person(page)
    next_page(page)
    expect(page.locator("h1")).to_have_text("Hold your concern until someone else speaks up")
    answer(page, hold)
    next_page(page)
    answer(page, "To be heard")
    next_page(page)
    answer(page, "Only through Safe Space")
    next_page(page)
    answer(page, "No, stay anonymous")
    next_page(page)
    next_page(page)  # champion preferences: optional
    page.locator("input[name=share_with_director][value=none]").check()
    page.locator("input[name=share_with_manager][value=none]").check()
    next_page(page)
    next_page(page)  # watching for an HR process: optional
    answer(page, "Choose my own")
    page.get_by_label("Your passphrase", exact=True).fill(PASSPHRASE)
    next_page(page)
    expect(page.locator("h1")).to_have_text("Check your answers before sending")
    assert_accessible(page)
    page.get_by_role("button", name="Send my concern").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Your concern has been sent")
    assert_accessible(page)
    return page.locator(".govuk-panel__body .app-code").inner_text()


def test_raise_and_hold_then_another_concern_releases_it(server: str, page: Page) -> None:
    def joan_by_name(page: Page) -> None:
        answer(page, "A person")
        page.get_by_label("Their full name").fill("Joan Adebayo")
        page.get_by_role("button", name="Continue").click()  # no directorate: an error
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select their directorate")
        assert_accessible(page)
        page.get_by_label("Their directorate").select_option(label="Place")
        page.get_by_label("Their full name").fill("joan adebayo")

    raise_about(page, server, joan_by_name, "Yes, hold my concern until someone else speaks up")
    expect(page.locator("main")).to_contain_text("Your concern is held")
    page.get_by_role("button", name=re.compile("see my concern")).click()
    expect(page.locator("main")).to_contain_text("Your concern is held")
    expect(page.locator("main")).to_contain_text("Held until someone else speaks up")
    assert_accessible(page)
    page.get_by_role("link", name="send it to the lead champion now").click()
    expect(page.locator("h1")).to_contain_text("send your concern now?")
    assert_accessible(page)
    page.get_by_role("link", name="Keep holding it").click()
    page.get_by_role("link", name="withdraw it", exact=True).click()
    expect(page.locator("main")).to_contain_text("nobody ever will: it will be deleted")
    assert_accessible(page)
    page.get_by_role("link", name="Keep my concern open").click()

    other = page.context.browser.new_context().new_page()

    def joan_by_email(page: Page) -> None:
        answer(page, "A person")
        page.get_by_label("Or their work email address").fill("Joan.Adebayo@example.org")

    raise_about(other, server, joan_by_email, "No, send it to the lead champion now")
    other.context.close()

    page.reload()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Someone else raised a concern about the same person or team"
    )
    expect(page.locator("main")).to_contain_text("Stage: New")
    assert_accessible(page)
