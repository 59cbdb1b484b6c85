"""The evaluation report: its PDF, the figures in it for each viewer, and the lead's writing.

The period is April to September 2025. Six concerns are raised in it (3 about pay, 2 about
banter, 2 with no theme) and one just after; 2 close as resolved, and champions log 6 hours
on 3 of them. Anyone but the lead champion sees one quarter of it at a time: July to
September 2025 holds three of the concerns (1 about banter) and both closings.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from safespace.accounts.models import Network, Role
from safespace.aftercare.models import Closure, Outcome
from safespace.audit.models import AuditEvent
from safespace.cases.models import Activity, Case, TimeEntry
from safespace.cases.services import create
from safespace.dev.demo import insights as demo
from safespace.insights import report, summaries
from safespace.insights.ftsu import Quarter, completed_quarters
from safespace.insights.models import ReportNarrative
from safespace.lib import pdf
from tests.helpers import sign_in

START, END = datetime.date(2025, 4, 1), datetime.date(2025, 9, 30)
PERIOD = {"start_month": "4", "start_year": "2025", "end_month": "9", "end_year": "2025"}
Q2 = Quarter(2025, 2)  # July to September 2025
# The report's headings in order: (level, text), level 1 the title.
HEADINGS = [
    (1, "Safe Space Clinic evaluation report: Race Equality Network, April to September 2025"),
    (2, "At a glance"),
    (2, "What the figures say"),
    (2, "Context"),
    (2, "The problem"),
    (2, "What was done"),
    (3, "Concerns over the period"),
    (2, "Cases by theme"),
    (2, "Outcomes"),
    (3, "How people felt afterwards"),
    (2, "Hours"),
    (2, "Learning points"),
    (2, "What went well"),
    (2, "Next steps"),
    (2, "About these figures"),
]
WRITTEN = {
    "learning_points": "Managers listen when a champion from another directorate is in the room.",
    "went_well": "Every person who raised a concern was contacted within two days.",
    "next_steps": "Recruit champions in Housing and Public Health.",
}


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@pytest.fixture
def period_of_concerns(network: Network, make_user) -> list[Case]:
    pay = network.themes.get(name="Pay")
    banter = network.themes.create(name="Banter")
    raised = [
        ("2025-04-10 10:00", [pay]),
        ("2025-05-10 10:00", [pay]),
        ("2025-06-10 10:00", [pay, banter]),
        ("2025-07-10 10:00", [banter]),
        ("2025-08-10 10:00", []),
        ("2025-09-30 23:30", []),
        ("2025-10-01 00:10", [pay]),  # just after the period, in London time
    ]
    cases = []
    for when, chosen in raised:
        case = create.create_case(
            create.NewConcern(network=network, narrative="story", themes=chosen)
        )
        case.created = at(when)
        case.save(update_fields=["created"])
        cases.append(case)
    for case in cases[:2]:
        Closure.objects.create(
            case=case, outcome=Outcome.RESOLVED, closed_at=at("2025-09-01 12:00")
        )
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    for case, minutes in zip(cases[:3], (120, 60, 180), strict=True):
        TimeEntry.objects.create(
            case=case,
            champion=champion,
            day=datetime.date(2025, 8, 1),
            minutes=minutes,
            activity=Activity.LISTENING,
        )
    return cases


@pytest.fixture
def lead(network, make_user):
    return make_user("lead@example.org", (network, Role.LEAD))


def outline(items: list, level: int = 1) -> list[tuple[int, str]]:
    """The PDF's bookmarks, which WeasyPrint makes from the h1 to h6 headings."""
    found: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, list):
            found += outline(item, level + 1)
        else:
            found.append((level, item.title))
    return found


def structure(node, found: list | None = None) -> list:
    """Every element in the PDF's structure tree, depth first."""
    found = [] if found is None else found
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            structure(child, found)
        return found
    if not hasattr(node, "get"):
        return found  # a marked-content number: the leaves
    if "/S" in node:
        found.append(node)
    if "/K" in node:
        structure(node["/K"], found)
    return found


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_report_is_a_tagged_pdf_with_its_title_author_and_language(
    network, period_of_concerns, lead, client
) -> None:
    sign_in(client, lead)
    response = client.get("/insights/report/pdf/", {"network": "race-equality", **PERIOD})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="evaluation-report-race-equality-network-april-to-september-2025.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.root_object
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]) == "en-GB"
    assert reader.metadata.title == (
        "Safe Space Clinic evaluation report: Race Equality Network, April to September 2025"
    )
    assert reader.metadata.author == "Race Equality Network"
    assert outline(reader.outline) == HEADINGS
    elements = structure(catalog["/StructTreeRoot"])
    tags = [str(element["/S"]).lstrip("/") for element in elements]
    assert tags.count("H1") == 1
    assert {"H2", "H3", "Table", "Caption", "TH", "TD", "P"} <= set(tags)
    # Each figure names its headers, the row's and the column's, for a screen reader to read.
    cells = [element for element in elements if element["/S"] == "/TD"]
    assert cells
    assert all(len(cell["/A"]["/Headers"]) == 2 for cell in cells)


def test_the_pdf_holds_every_section_and_the_exact_figures_for_the_lead(
    network, period_of_concerns, lead, client
) -> None:
    report.save_narrative(network, START, END, WRITTEN, lead)
    sign_in(client, lead)
    text = pdf_text(client.get("/insights/report/pdf/", PERIOD).content)
    assert "Concerns raised 6" in text
    assert "Concerns closed 2" in text
    assert "Hours champions gave 6" in text
    assert "Pay 3" in text
    assert "Banter 2" in text
    assert "Resolved 2" in text
    assert "Exact figures" in text
    for words in WRITTEN.values():
        assert words in text


def test_the_pdf_for_an_insight_viewer_hides_small_numbers(
    network, period_of_concerns, lead, client, make_user
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    response = client.get("/insights/report/pdf/", {"quarter": Q2.slug})
    text = pdf_text(response.content)
    assert "Race Equality Network, July to September 2025" in text
    assert "Concerns raised fewer than 5" in text
    assert "Banter fewer than 5" in text
    assert "Concerns closed fewer than 5" in text
    assert "Exact figures" not in text
    assert "No one can be identified from these figures" in text
    # With nothing written yet, the report says so where the lead's words would be.
    assert report.NOT_WRITTEN in text


def test_the_pdf_names_the_networks_own_threshold(
    network, period_of_concerns, client, make_user
) -> None:
    Network.objects.filter(pk=network.pk).update(disclosure_threshold=8)
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    response = client.get("/insights/report/pdf/", {"quarter": Q2.slug})
    text = " ".join(pdf_text(response.content).split())
    assert 'Numbers from 1 to 7 are shown as "fewer than 8"' in text
    assert 'Counts from 1 to 7 show as "fewer than 8"' in text
    assert "fewer than 5" not in text


def test_building_the_report_costs_the_same_queries_for_any_number_of_concerns(
    network, period_of_concerns
) -> None:
    def queries() -> int:
        # Once the worker has counted the changed days in, whatever their number.
        summaries.recount_marked()
        with CaptureQueriesContext(connection) as captured:
            report.build(network, START, END, exact=False)
        return len(captured)

    before = queries()
    for _ in range(5):
        case = create.create_case(create.NewConcern(network=network, narrative="more"))
        case.created = at("2025-06-01 10:00")
        case.save(update_fields=["created"])
    assert queries() == before


def write_address() -> str:
    return "/insights/report/write/?network=race-equality&" + "&".join(
        f"{k}={v}" for k, v in PERIOD.items()
    )


def test_the_lead_writes_the_learning_and_is_told_it_is_saved(network, lead, client) -> None:
    sign_in(client, lead)
    assert client.get(write_address()).status_code == 200
    response = client.post(write_address(), WRITTEN, follow=True)
    assert response.redirect_chain[-1][0].startswith("/insights/report/?")
    page = response.content.decode()
    assert (
        "Your sections of the Race Equality Network report for April to September 2025 are saved"
        in page
    )
    narrative = ReportNarrative.objects.get(network=network, start=START, end=END)
    assert narrative.learning_points == WRITTEN["learning_points"]
    assert narrative.written_by == lead
    assert AuditEvent.objects.filter(
        action="report.narrative.write", object_code=str(narrative.code), actor_code=str(lead.code)
    ).exists()


def test_changing_the_learning_leaves_an_audit_event_and_keeps_one_narrative(
    network, lead, client
) -> None:
    sign_in(client, lead)
    client.post(write_address(), WRITTEN)
    client.post(write_address(), {**WRITTEN, "next_steps": "Publish the report to the committee."})
    narrative = ReportNarrative.objects.get()
    assert narrative.next_steps == "Publish the report to the committee."
    actions = list(
        AuditEvent.objects.filter(object_code=str(narrative.code)).values_list("action", flat=True)
    )
    assert actions == ["report.narrative.write", "report.narrative.change"]


def test_the_form_says_kindly_what_is_missing_too_long_or_identifying(
    network, lead, client
) -> None:
    sign_in(client, lead)
    response = client.post(
        write_address(),
        {
            "learning_points": "",
            "went_well": "x" * 3001,
            "next_steps": "Follow up SS-AB2345 with the manager.",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the learning points; a sentence will do, and you can change it later" in page
    assert "What went well must be 3,000 characters or fewer" in page
    assert "Remove the case reference SS-AB2345" in page
    # Nothing typed is lost: the long text comes back in full, for the person to shorten.
    assert "x" * 3001 in page
    assert 'href="#id_learning_points"' in page
    assert ReportNarrative.objects.count() == 0


def test_the_form_shows_each_section_with_its_character_limit(network, lead, client) -> None:
    sign_in(client, lead)
    page = client.get(write_address()).content.decode()
    assert page.count('data-module="govuk-character-count"') == 6
    assert page.count("You can enter up to 3,000 characters") == 6
    assert re.search(
        r'<textarea[^>]*aria-describedby="id_learning_points-info id_learning_points-hint"', page
    )


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.INSIGHT])
def test_only_a_lead_may_write_the_learning(network, client, make_user, role) -> None:
    sign_in(client, make_user("someone@example.org", (network, role)))
    assert client.get(write_address()).status_code == 404
    assert client.post(write_address(), WRITTEN).status_code == 404
    assert ReportNarrative.objects.count() == 0


def test_a_lead_of_another_network_cannot_write_this_ones(
    network, other_network, client, make_user
) -> None:
    sign_in(client, make_user("other.lead@example.org", (other_network, Role.LEAD)))
    response = client.post(write_address(), WRITTEN)
    assert response.status_code == 302
    assert ReportNarrative.objects.count() == 0


def test_the_report_page_offers_the_lead_to_write_and_others_only_to_download(
    network, lead, client, make_user
) -> None:
    sign_in(client, lead)
    page = client.get("/insights/report/", PERIOD).content.decode()
    assert "Not written yet" in page
    assert "/insights/report/write/?" in page
    assert "/insights/report/pdf/?" in page
    sign_in(client, make_user("director@example.org", (network, Role.DIRECTOR)))
    page = client.get("/insights/report/", PERIOD).content.decode()
    assert "/insights/report/write/" not in page
    assert "/insights/report/pdf/?" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            {"start_month": "10", "end_month": "4"},
            "Last month must be the same as the first month or after it",
        ),
        ({"start_month": "13"}, "First month must be a real month, like 4 for April"),
        ({"start_month": "²"}, "First month must be a real month, like 4 for April"),
        ({"start_year": "²０²５"}, "Year must include 4 numbers"),
        ({"start_year": "25"}, "Year must include 4 numbers"),
        ({"start_month": "", "start_year": ""}, "Enter the first month"),
        ({"end_year": ""}, "Last month must include a year"),
        ({"start_year": "2099"}, "First month must be this month or earlier"),
    ],
)
def test_the_period_is_checked_with_plain_messages(network, lead, client, typed, message) -> None:
    sign_in(client, lead)
    response = client.get("/insights/report/", {**PERIOD, **typed})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "pdf_address" not in response.context


def test_a_month_may_be_typed_as_its_name(network, lead, client) -> None:
    sign_in(client, lead)
    response = client.get(
        "/insights/report/", {**PERIOD, "start_month": "April", "end_month": "sep"}
    )
    assert response.context["label"] == "April to September 2025"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (datetime.date(2025, 4, 1), datetime.date(2025, 9, 30), "April to September 2025"),
        (datetime.date(2025, 10, 1), datetime.date(2026, 3, 31), "October 2025 to March 2026"),
        (datetime.date(2025, 6, 1), datetime.date(2025, 6, 30), "June 2025"),
    ],
)
def test_periods_read_as_months(start, end, label) -> None:
    assert report.period_label(start, end) == label


@pytest.mark.parametrize(
    "address", ["https://example.org/style.css", "http://127.0.0.1/", "file:///etc/passwd"]
)
def test_rendering_fetches_nothing_but_data_uris(address) -> None:
    fetcher = pdf.offline_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch(address)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_the_demo_lead_has_written_the_learning_for_the_period_offered_first(
    network, lead, client
) -> None:
    demo.seed(network)
    demo.seed(network)
    assert ReportNarrative.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.narrative.write").count() == 1
    sign_in(client, lead)
    response = client.get("/insights/report/")
    assert response.context["narrative"] == ReportNarrative.objects.get()


def test_anyone_but_the_lead_gets_the_report_for_one_quarter_that_has_ended(
    network, period_of_concerns, lead, client, make_user
) -> None:
    viewer = make_user("insight@example.org", (network, Role.INSIGHT))
    sign_in(client, viewer)
    latest = completed_quarters(timezone.localdate(), 1)[0]
    # Months asked for are not used: the latest quarter that has ended stands in for them.
    page = client.get("/insights/report/", PERIOD)
    assert page.context["label"] == report.period_label(latest.start, latest.end)
    body = page.content.decode()
    assert "given for one network and one whole quarter at a time" in body
    assert 'name="start_month"' not in body
    assert f'<option value="{latest.slug}" selected>' in body
    assert f"/insights/report/pdf/?network=race-equality&amp;quarter={latest.slug}" in body
    client.get("/insights/report/pdf/", PERIOD)
    client.get("/insights/report/pdf/", {"quarter": Q2.slug})
    actions = set(
        AuditEvent.objects.filter(actor_code=str(viewer.code)).values_list("action", flat=True)
    )
    assert actions == {f"insights.report {q.start:%Y%m%d}-{q.end:%Y%m%d}" for q in (latest, Q2)}


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.INSIGHT])
def test_the_report_for_the_quarter_still_running_is_refused_to_anyone_but_the_lead(
    network, client, make_user, role
) -> None:
    sign_in(client, make_user("viewer@example.org", (network, role)))
    running = Quarter.containing(timezone.localdate())
    page = client.get("/insights/report/", {"quarter": running.slug})
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" in body
    assert "Choose a quarter that has ended" in body
    assert "pdf_address" not in page.context
    pdf = client.get("/insights/report/pdf/", {"quarter": running.slug})
    assert pdf.status_code == 302
    assert pdf["Location"].startswith("/insights/report/?")
    assert not AuditEvent.objects.filter(action__startswith="insights.").exists()
    tampered = client.get("/insights/report/", {"quarter": "2025-q7", "network": "../"})
    assert tampered.status_code == 200
    assert "Select a network from the list" in tampered.content.decode()


def test_the_lead_of_another_network_gets_this_ones_report_by_the_quarter(
    network, other_network, period_of_concerns, client, make_user
) -> None:
    viewer = make_user("lead@example.org", (other_network, Role.LEAD), (network, Role.INSIGHT))
    sign_in(client, viewer)
    own = client.get("/insights/report/", {"network": other_network.slug, **PERIOD})
    assert own.context["exact"] is True
    assert own.context["label"] == "April to September 2025"
    theirs = client.get("/insights/report/", {"network": network.slug, **PERIOD})
    assert theirs.context["exact"] is False
    assert 'name="quarter"' in theirs.content.decode()
    assert theirs.context["label"] != "April to September 2025"
    # Back to their own network from the quarters: the quarter's months, exactly.
    back = client.get("/insights/report/", {"network": other_network.slug, "quarter": Q2.slug})
    assert back.context["exact"] is True
    assert back.context["label"] == "July to September 2025"
    assert 'name="start_month"' in back.content.decode()
