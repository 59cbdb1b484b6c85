"""Raise a concern anonymously, note the receipt, come back with /track/ and send a message."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible


def answer(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def next_page(page: Page) -> None:
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()


def test_raise_anonymously_then_return_and_send_a_message(server: str, page: Page) -> None:
    page.goto(server + "/raise/")
    expect(page).to_have_title("Raise a concern \u2013 Safe Space")
    expect(page.get_by_role("button", name=re.compile("Exit this page"))).to_be_visible()
    # The demo has two networks: choosing neither is refused kindly, then one is chosen.
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the network you want to raise this with"
    )
    assert_accessible(page)
    page.get_by_label("Race Equality Network").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Raise a concern")
    expect(page.locator(".govuk-caption-xl")).to_have_text("Race Equality Network")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    page.get_by_label("What happened?").fill("At the team meeting my manager mocked my name. ✊🏾")
    next_page(page)
    page.get_by_label('Inappropriate "banter"').check()
    next_page(page)
    next_page(page)  # directorates: optional
    page.get_by_role("button", name="Continue").click()  # nothing chosen: an error
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select what you would like to happen"
    )
    assert_accessible(page)
    answer(page, "An informal resolution")
    next_page(page)
    answer(page, "Only through Safe Space")
    next_page(page)
    answer(page, "No, stay anonymous")
    next_page(page)
    next_page(page)  # champion preferences: optional
    page.locator("input[name=share_with_director][value=anonymous]").check()
    page.locator("input[name=share_with_manager][value=none]").check()
    next_page(page)
    next_page(page)  # watching for an HR process: optional
    answer(page, "Choose my own")
    page.get_by_label("Your passphrase", exact=True).fill("copper lantern meadow")
    next_page(page)

    expect(page.locator("h1")).to_have_text("Check your answers before sending")
    expect(page.locator(".govuk-summary-list")).to_contain_text("mocked my name")
    assert_accessible(page)
    page.get_by_role("button", name="Send my concern").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Your concern has been sent")
    assert_accessible(page)
    receipt = page.locator(".govuk-panel__body .app-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", receipt)

    returning = page.context.browser.new_context().new_page()
    returning.goto(server + "/track/")
    assert_accessible(returning)
    returning.get_by_label("Receipt code").fill(receipt.lower())
    returning.get_by_label("Passphrase", exact=True).fill("copper lantern meadow")
    returning.get_by_role("button", name="Continue").click()
    expect(returning.locator("h1")).to_have_text("Your concern")
    expect(returning).to_have_title("Your concern \u2013 Safe Space")
    assert_accessible(returning)

    returning.get_by_label("Your message").fill("I can talk on Thursday afternoon.")
    returning.get_by_role("button", name="Send message").click()
    expect(returning.locator(".govuk-notification-banner")).to_contain_text(
        "Your message has been sent"
    )
    expect(returning.locator(".app-message")).to_contain_text("I can talk on Thursday afternoon.")
    assert_accessible(returning)
    returning.context.close()


def test_raise_in_welsh_and_see_it_in_welsh(server: str, page: Page) -> None:
    """The whole form in Cymraeg, checked by axe on every page, in the language it is in."""
    page.goto(server + "/language/cy/?next=/raise/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.get_by_label("Race Equality Network").check()
    page.get_by_role("button", name="Parhau").click()
    expect(page.locator("h1")).to_have_text("Codi pryder")
    assert_accessible(page)
    page.get_by_role("button", name="Dechrau nawr").click()

    def onward() -> None:
        assert_accessible(page)
        page.get_by_role("button", name="Parhau").click()

    page.get_by_label("Beth ddigwyddodd?").fill("Cafodd fy enw ei watwar yn y cyfarfod.")
    onward()
    onward()  # themes
    onward()  # directorates
    page.get_by_role("button", name="Parhau").click()  # nothing chosen: an error in Welsh
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Dewiswch beth hoffech chi ddigwydd"
    )
    expect(page).to_have_title(re.compile("^Gwall: "))
    assert_accessible(page)
    page.get_by_label("Datrysiad anffurfiol", exact=True).check()
    onward()
    page.get_by_label("Drwy Lle Diogel yn unig", exact=True).check()
    onward()
    page.get_by_label("Na, aros yn ddienw", exact=True).check()
    onward()
    onward()  # champion preferences
    page.locator("input[name=share_with_director][value=anonymous]").check()
    page.locator("input[name=share_with_manager][value=none]").check()
    onward()
    onward()  # HR watch
    page.get_by_label("Dewis fy un fy hun", exact=True).check()
    page.get_by_label("Eich cyfrinymadrodd", exact=True).fill("llwy garu aur")
    onward()
    expect(page.locator("h1")).to_have_text("Gwiriwch eich atebion cyn anfon")
    assert_accessible(page)
    page.get_by_role("button", name="Anfon fy mhryder").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Mae eich pryder wedi'i anfon")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("gweld fy mhryder")).click()
    expect(page.locator("h1")).to_have_text("Eich pryder")
    expect(page.locator("body")).to_contain_text("Pwy sydd wedi agor eich pryder")
    assert_accessible(page)
