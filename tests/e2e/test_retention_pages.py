"""The lead champion's view of what is due to be shredded, and keeping one concern for longer,
as a person reaches them: from the case list, with the keyboard-only form, at both widths."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_both_widths, manage, sign_in

# Run on the test server's database: a Race Equality Network concern closed just under six
# years ago, so its retention period ends in ten days; prints its reference.
NEARLY_DUE = (
    "import datetime\n"
    "from django.utils import timezone\n"
    "from safespace.accounts.models import Network, User\n"
    "from safespace.aftercare import services\n"
    "from safespace.aftercare.models import Closure\n"
    "from safespace.cases.models import Case, Stage\n"
    "from safespace.cases.services import create\n"
    "from safespace.lib.dates import add_months\n"
    "network = Network.objects.get(slug='race-equality')\n"
    "case = create.create_case(create.NewConcern(network=network, narrative='An old story.'))\n"
    "Case.objects.filter(pk=case.pk).update(stage=Stage.LISTENING)\n"
    "case.refresh_from_db()\n"
    "services.close(case, User.objects.get(email='lead@example.org'), outcome='resolved',\n"
    "    formal_process='', summary='Resolved informally.')\n"
    "ended = add_months(timezone.localdate(), -network.retention_months)\n"
    "ended += datetime.timedelta(days=10)\n"
    "Closure.objects.filter(case=case).update(closed_at=timezone.make_aware(\n"
    "    datetime.datetime.combine(ended, datetime.time(12))))\n"
    "print(case.reference)\n"
)


def test_the_lead_keeps_a_concern_past_its_retention_period(server: str, page: Page) -> None:
    reference = manage("shell", "-v", "0", "-c", NEARLY_DUE).split()[-1]

    sign_in(page, server, "lead@example.org")
    page.goto(server + "/cases/")
    page.get_by_role("link", name="Due to be shredded").click()
    expect(page.locator("h1")).to_have_text("Due to be shredded")
    row = page.locator("tbody tr", has_text=reference)
    expect(row).to_be_visible()
    check_both_widths(page)

    row.get_by_role("link", name="Keep longer").click()
    expect(page.locator("h1")).to_have_text("Keep this concern for longer")
    page.get_by_role("button", name="Keep the concern").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select for how long to keep the concern")
    expect(summary).to_contain_text("Enter why the concern should be kept")
    check_both_widths(page)

    page.get_by_label("6 more months").check()
    page.get_by_label("Why keep it?").fill("A tribunal claim is expected this spring")
    page.get_by_role("button", name="Keep the concern").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{reference} will be kept until"
    )
    expect(page.locator("tbody tr", has_text=reference)).to_contain_text("Kept until")
    check_both_widths(page)
