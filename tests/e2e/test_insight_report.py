"""The evaluation report and the quarterly return in a browser, checked by axe-core: the lead
writes the learning (with a mistake first) and downloads the PDF, and is told of a wrong
month; the Director of Wellbeing chooses a quarter that has ended; the insight viewer reads
the return and downloads it."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect

from safespace.insights.ftsu import Quarter
from tests.e2e.helpers import assert_accessible, sign_in


def test_the_lead_writes_the_learning_and_downloads_the_report(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")
    page.goto(server + "/insights/report/")
    expect(page.locator("h1")).to_have_text("Evaluation report")
    # The demo lead wrote the learning for the period offered first.
    expect(page.locator("main")).to_contain_text("Written by Amara Okafor")
    expect(page.locator("main")).to_contain_text("Exact, because you are the lead champion")
    assert_accessible(page)

    page.get_by_role("link", name="Change the learning points").click()
    expect(page.locator("h1")).to_have_text("Write the report's learning")
    assert_accessible(page)
    learning = page.get_by_label("Learning points")
    learning.fill("")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the learning points")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the learning points").click()
    expect(page.get_by_label("Learning points")).to_be_focused()

    page.get_by_label("Learning points").fill(
        "Champions from other directorates made it safe to speak."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("are saved")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the report (PDF)").click()
    name = download.value.suggested_filename
    assert name.startswith("evaluation-report-race-equality-network-")
    assert name.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_wrong_period_is_explained_beside_its_boxes(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")
    page.goto(server + "/insights/report/")
    page.get_by_role("group", name="First month").get_by_label("Month").fill("13")
    page.get_by_role("button", name="Choose this period").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("First month must be a real month")
    assert_accessible(page)
    summary.get_by_role("link", name="First month must be a real month, like 4 for April").click()
    expect(page.get_by_role("group", name="First month").get_by_label("Month")).to_be_focused()


def test_the_director_chooses_a_quarter_that_has_ended(server: str, page: Page) -> None:
    sign_in(page, server, "wellbeing@example.org")
    page.goto(server + "/insights/report/")
    main = page.locator("main")
    expect(main).to_contain_text("Small numbers are hidden")
    expect(main).to_contain_text("one network and one whole quarter at a time")
    expect(page.get_by_role("link", name="Write the learning points")).to_have_count(0)
    expect(page.get_by_role("group", name="First month")).to_have_count(0)
    assert_accessible(page)
    quarter = page.get_by_label("Quarter")
    quarter.select_option(index=1)
    months = quarter.locator("option:checked").inner_text().split("(")[1].rstrip(")")
    page.get_by_role("button", name="Choose this period").click()
    expect(page.locator("h2.govuk-heading-l")).to_contain_text(months)

    running = Quarter.containing(timezone.localdate())
    page.goto(f"{server}/insights/report/?quarter={running.slug}")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a quarter that has ended")
    expect(page.get_by_role("button", name="Download the report (PDF)")).to_have_count(0)
    assert_accessible(page)
    summary.get_by_role("link", name="Choose a quarter that has ended").click()
    expect(page.get_by_label("Quarter")).to_be_focused()


def test_the_insight_viewer_reads_and_downloads_the_quarterly_return(
    server: str, page: Page
) -> None:
    sign_in(page, server, "insight@example.org")
    page.goto(server + "/insights/ftsu/")
    expect(page.locator("h1")).to_have_text("Freedom to Speak Up return")
    assert_accessible(page)
    # The latest quarter that has ended: the quarter still running is not offered.
    page.get_by_label("Quarter").select_option(index=0)
    page.get_by_role("button", name="Show the return").click()
    table = page.get_by_role("table", name="Freedom to Speak Up return")
    expect(table).to_contain_text("Raised anonymously")
    expect(page.locator("main")).to_contain_text("To protect the people who spoke up")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the return as an Excel spreadsheet (XLSX)").click()
    assert download.value.suggested_filename.startswith("freedom-to-speak-up-return-")
    assert download.value.suggested_filename.endswith(".xlsx")
