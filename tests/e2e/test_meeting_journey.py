"""A champion schedules a meeting, records it and agrees a plan; the manager marks an action
done; the person who raised the concern sees it. Every page is checked by axe-core."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, manage, sign_in

PROBATION_RECEIPT = "DEM0-PR0B-AT10-N004"  # the demo's probation concern, with Yusuf Rahman
PASSPHRASE = "demo passphrase for practice"
LONDON = ZoneInfo("Europe/London")  # the service's own time zone
TAKES_PLACE = (
    "import datetime; from django.utils import timezone; "
    "from safespace.actions.models import Meeting; "
    "Meeting.objects.filter(place='Room 1.10, Civic Centre')"
    ".update(starts=timezone.now() - datetime.timedelta(hours=2))"
)


def test_from_meeting_to_a_done_action_the_raiser_can_see(server: str, page: Page) -> None:
    sign_in(page, server, "champion5@example.org")
    page.goto(server + "/cases/")
    page.locator("tbody a").first.click()
    expect(page.locator("h1")).to_contain_text("Case")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_role("button", name="Schedule and send invitations").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date")
    assert_accessible(page)
    tomorrow = datetime.datetime.now(LONDON).date() + datetime.timedelta(days=1)
    page.get_by_label("Date").fill(tomorrow.isoformat())
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Where").fill("Room 1.10, Civic Centre")
    page.get_by_label("Robert Hughes").check()
    page.locator("#id_director_attends_1").check()
    page.locator("#id_raiser_attends_0").check()
    page.get_by_role("button", name="Schedule and send invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("invitations have been sent")
    expect(page.locator("main")).to_contain_text("once the meeting has taken place")
    assert_accessible(page)

    # The meeting takes place.
    manage("shell", "-c", TAKES_PLACE)
    page.reload()
    page.get_by_role("link", name="Record the minutes").click()
    page.get_by_label("Minutes").fill("Agreed to explain the probation decision in writing.")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_role("link", name="Add an action").click()
    assert_accessible(page)
    page.get_by_label("What will be done").fill("Write to explain the probation extension")
    page.get_by_label("Who owns it").select_option(label="Robert Hughes")
    page.get_by_label("Due date").fill((tomorrow + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("main")).to_contain_text("Write to explain the probation extension")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, server, "manager1@example.org")
    page.goto(server + "/actions/")
    assert_accessible(page)
    ours = page.locator(".govuk-summary-card", has_text="Write to explain the probation")
    ours.get_by_role("link", name=re.compile("Record progress")).click()
    assert_accessible(page)
    page.get_by_label("Done", exact=True).check()
    page.get_by_label("What has been done, and the evidence").fill("Letter sent on Monday.")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    # Done, it has left what is still to do for the finished ones, a link away.
    page.get_by_role("link", name="Finished").click()
    expect(page.locator("main")).to_contain_text("Write to explain the probation extension")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(server + "/track/")
    page.get_by_label("Receipt code").fill(PROBATION_RECEIPT)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name=re.compile("Continue|Sign in|Open")).click()
    expect(page.locator("main")).to_contain_text("Write to explain the probation extension")
    expect(page.locator("main")).to_contain_text("Letter sent on Monday.")
    expect(page.locator("main")).to_contain_text("Agreed to explain the probation decision")
    assert_accessible(page)
