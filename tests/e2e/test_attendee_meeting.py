"""An invited senior manager and the Director open their meeting from their account page and
see only what the raiser shared with each; a manager it does not invite is refused; the raiser
sees each look on their list. Every page is checked by axe-core, at 320 pixels wide as well."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, sign_in

# The demo's "managers not listening" concern, shared with the Director without a name and not
# with senior managers; its held meeting invites Robert Hughes, James Patel and the Director,
# not Claire Donovan.
RECEIPT = "DEM0-N0T1-1STE-N006"
PASSPHRASE = "demo passphrase for practice"
STORY = "each time my manager said she would look into it"
WIDTH = 320


def test_an_invited_manager_sees_their_meeting_and_the_raiser_sees_they_did(
    server: str, page: Page
) -> None:
    sign_in(page, server, "manager1@example.org")
    expect(page.locator("#your-meetings")).to_have_text("Your meetings")
    assert_accessible(page)
    # The demo's meeting: another journey may have invited Robert Hughes to one more.
    links = page.get_by_role("link", name=re.compile("^Meeting on "))
    addresses = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for address in addresses:
        page.goto(server + str(address))
        if "Online: the link is in the invitation" in page.locator("main").inner_text():
            break
    main = page.locator("main")
    expect(main).to_contain_text("Online: the link is in the invitation")
    expect(main).to_contain_text("Robert Hughes")
    expect(main).to_contain_text("has not agreed to share anything about it with you")
    expect(main).not_to_contain_text("Managers not listening")
    expect(main).to_contain_text("Publish a written rota")
    expect(main).not_to_contain_text(STORY)
    expect(main).not_to_contain_text("Fictional demo minutes")
    assert_accessible(page)
    page.set_viewport_size({"width": WIDTH, "height": 720})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"the meeting page is {width} px wide at {WIDTH} px"
    assert_accessible(page)
    address = page.url
    page.get_by_role("button", name="Sign out").click()

    page.set_viewport_size({"width": 1024, "height": 720})
    sign_in(page, server, "wellbeing@example.org")
    page.goto(address)
    expect(main).to_contain_text("Managers not listening")
    expect(main).to_contain_text("without their name")
    expect(main).not_to_contain_text(STORY)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, server, "manager4@example.org")
    expect(page.locator("main")).to_contain_text("You are not invited to any meetings")
    assert page.goto(address).status == 404
    page.goto(server + "/accounts/")
    page.get_by_role("button", name="Sign out").click()

    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill(RECEIPT)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name=re.compile("Continue|Sign in|Open")).click()
    expect(page.locator("main")).to_contain_text("Robert Hughes saw the meeting details")
    expect(page.locator("main")).to_contain_text(
        "The Director of Wellbeing saw the meeting details"
    )
    assert_accessible(page)
