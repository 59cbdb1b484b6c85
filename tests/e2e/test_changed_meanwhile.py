"""Forms saved from a tab opened before someone else's save come back (409) saying so.

Each is reached as a person would: two tabs of the same page, a save in one, then a save in
the other. The answer must say what happened and that nothing typed was lost, show the form
again with what was typed, and pass axe-core at full width and at 320 px without sideways
scrolling. Other journeys share the demo data, so each test picks what no other journey
changes, or works from whatever it finds.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import PASSPHRASE, check_both_widths, manage, sign_in

KEPT = "Nothing you sent has been saved. What you typed is still below"
# The demo's Women's Network harassment concern: named, and in no other journey.
HARASSMENT_RECEIPT = "DEM0-WNHA-RASS-0011"
SHARING = {"anonymous": "Yes, without my name", "none": "No, not at all"}

# Run on the test server's database: a meeting held yesterday on the demo's "flexible working"
# concern (no other journey opens it), and a monthly review of the Race Equality Network held
# last week; prints the two addresses.
HELD_MEETING_AND_REVIEW = (
    "import datetime, uuid\n"
    "from django.utils import timezone\n"
    "from safespace.accounts.models import User\n"
    "from safespace.actions import services as meetings\n"
    "from safespace.actions.models import Meeting\n"
    "from safespace.cases.models import Case\n"
    "from safespace.champions import services as champions\n"
    "from safespace.dev.demo import cases\n"
    "case = Case.objects.get(submission=uuid.uuid5(cases.NAMESPACE, 'womens-flexible'))\n"
    "champion = User.objects.get(email='womens-champion1@example.org')\n"
    "soon = timezone.now() + datetime.timedelta(days=1)\n"
    "meeting = meetings.schedule_meeting(case, champion, starts=soon, minutes_long=30,\n"
    "    place='Room 1.01', managers=[], raiser_attends=True, director_attends=False)\n"
    "Meeting.objects.filter(pk=meeting.pk).update(starts=soon - datetime.timedelta(days=2))\n"
    "lead = User.objects.get(email='lead@example.org')\n"
    "review = champions.schedule_review(lead.memberships.get(role='lead').network,\n"
    "    timezone.now() - datetime.timedelta(days=7), 'Room 4.04', lead)\n"
    "print(f'/cases/{case.code}/meetings/{meeting.code}/minutes/')\n"
    "print(f'/champions/reviews/{review.code}/')\n"
)


def other_tab(page: Page) -> Page:
    """The same page opened again in a second tab of the same browser, signed in the same."""
    tab = page.context.new_page()
    tab.goto(page.url)
    return tab


def save_and_close(tab: Page, button: Locator) -> None:
    """Save in the other tab, wait until its answer has come back, then close it: a tab closed
    while its form is still on the way may leave the save undone (and the browser waiting)."""
    with tab.expect_navigation():
        button.click()
    tab.close()


def choose(page: Page, name: str) -> None:
    """Pick a champion, whatever their option says after the name (conflicts, terms)."""
    picker = page.get_by_label("Champion", exact=True)
    picker.select_option(picker.locator("option", has_text=name).get_attribute("value"))


def expect_changed_meanwhile(page: Page, words: str | re.Pattern[str]) -> None:
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text(words)
    expect(banner).to_contain_text(KEPT)


def test_themes_changed_in_another_tab(server: str, page: Page) -> None:
    sign_in(page, server, "womens-champion1@example.org")
    page.goto(server + "/cases/")
    page.locator("tbody tr", has_text="Flexible working").get_by_role("link").first.click()
    page.get_by_role("link", name="Refine the themes").click()
    boxes = page.get_by_role("checkbox")
    names = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
    ticked = {
        boxes.nth(i).get_attribute("value")
        for i in range(boxes.count())
        if boxes.nth(i).is_checked()
    }
    assert len(names) >= 3
    first, mine = (names[1], names[2]) if ticked == {names[0]} else (names[0], names[2])

    other = other_tab(page)
    for value in names:
        other.locator(f"input[value='{value}']").set_checked(value == first)
    save_and_close(other, other.get_by_role("button", name=re.compile("Save")))

    for value in names:
        page.locator(f"input[value='{value}']").set_checked(value == mine)
    page.get_by_role("button", name=re.compile("Save")).click()

    expect_changed_meanwhile(page, "changed the themes to")
    expect(page.locator(f"input[value='{mine}']")).to_be_checked()
    expect(page.locator(f"input[value='{first}']")).not_to_be_checked()
    check_both_widths(page)


def test_sharing_changed_in_another_tab(server: str, page: Page) -> None:
    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill(HARASSMENT_RECEIPT)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Continue").click()
    # An anonymous concern: each answer is "without my name" or "not at all". Whatever the
    # answers are now, one tab turns the first over and the other turns the second over.
    director, manager = (
        "none"
        if page.locator(f"{choice('share_with_' + whom, 'anonymous')}").is_checked()
        else "anonymous"
        for whom in ("director", "manager")
    )

    other = other_tab(page)
    other.locator(choice("share_with_director", director)).check()
    save_and_close(other, other.get_by_role("button", name="Save my choices"))

    page.locator(choice("share_with_manager", manager)).check()
    page.get_by_role("button", name="Save my choices").click()

    expect_changed_meanwhile(
        page,
        "Your choices were changed in another window while this page was open. "
        f"Now the Director of Wellbeing: “{SHARING[director]}”",
    )
    expect(page.locator(choice("share_with_manager", manager))).to_be_checked()
    check_both_widths(page)


def choice(name: str, value: str) -> str:
    return f"input[name={name}][value={value}]"


def test_a_champion_assigned_in_another_tab(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")
    page.goto(server + "/cases/")
    page.locator("tbody tr", has_text="banter").get_by_role("link").first.click()
    page.goto(page.url + "assign/")
    expect(page.locator("h1")).to_have_text("Assign a champion")

    other = other_tab(page)
    choose(other, "Grace Adeyemi")
    other.get_by_label("Why this champion?").fill("A second champion for a long case")
    save_and_close(other, other.get_by_role("button", name="Assign"))

    choose(page, "Mei Lin Chen")
    page.get_by_label("Why this champion?").fill("Mei Lin knows the office")
    page.get_by_role("button", name="Assign").click()

    expect_changed_meanwhile(page, "Grace Adeyemi")
    expect(page.get_by_label("Why this champion?")).to_have_value("Mei Lin knows the office")
    check_both_widths(page)


def test_minutes_and_a_monthly_review_saved_in_another_tab(server: str, page: Page) -> None:
    minutes, review = manage("shell", "-v", "0", "-c", HELD_MEETING_AND_REVIEW).split()[-2:]

    sign_in(page, server, "womens-champion1@example.org")
    page.goto(server + minutes)
    expect(page.locator("h1")).to_have_text("Record the minutes")
    other = other_tab(page)
    other.get_by_label("Minutes").fill("Agreed to ask for the decision in writing.")
    other.get_by_label("No").check()
    save_and_close(other, other.get_by_role("button", name="Save the minutes"))
    page.get_by_label("Minutes").fill("We talked about compressed hours.")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Save the minutes").click()

    expect_changed_meanwhile(page, "saved minutes for this meeting while you had this page open")
    expect(page.get_by_label("Minutes")).to_have_value("We talked about compressed hours.")
    check_both_widths(page)

    sign_in(page, server, "lead@example.org")
    page.goto(server + review)
    other = other_tab(page)
    other.get_by_label("Minutes").fill("Everyone is coping; no new cases.")
    save_and_close(other, other.get_by_role("button", name="Save", exact=True))
    page.get_by_label("Daniel Mensah").check()
    page.get_by_label("Minutes").fill("Daniel came; we read the agenda.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect_changed_meanwhile(page, "saved the attendance and minutes while you had this page open")
    expect(page.get_by_label("Minutes")).to_have_value("Daniel came; we read the agenda.")
    expect(page.get_by_label("Daniel Mensah")).to_be_checked()
    check_both_widths(page)
