"""The insight dashboard and its downloads: who sees exact figures, the filter, the cost.

Concerns are raised in the latest quarter that has ended, the one figures are shown for by
default to anyone but the network's lead champion, unless a test says otherwise.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from safespace.accounts.models import Role
from safespace.aftercare.models import Closure, Outcome
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Stage
from safespace.cases.services import create
from safespace.insights import summaries
from safespace.insights.ftsu import Quarter, completed_quarters
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def last_quarter() -> Quarter:
    """The latest quarter that has ended: what a controlled viewer sees first."""
    return completed_quarters(timezone.localdate(), 1)[0]


def raised_on() -> datetime.date:
    """The day the tests' concerns are raised: in the first month of the latest quarter ended."""
    return last_quarter().start + datetime.timedelta(days=9)


def raise_concerns(network, count: int, *, days_ago: int | None = None) -> list[Case]:
    made = []
    for _ in range(count):
        case = create.create_case(
            create.NewConcern(
                network=network, narrative="A sealed story", themes=network.themes.all()
            )
        )
        if days_ago is None:
            raised = timezone.make_aware(datetime.datetime.combine(raised_on(), datetime.time(12)))
        else:
            raised = timezone.now() - datetime.timedelta(days=days_ago)
        case.created = raised
        case.save(update_fields=["created"])
        made.append(case)
    return made


def quarter_query(network, quarter: Quarter | None = None) -> dict[str, str]:
    return {"network": network.slug, "quarter": (quarter or last_quarter()).slug}


@pytest.fixture
def three_about_pay(network) -> list[Case]:
    return raise_concerns(network, 3)


def row(response, key: str, label: str) -> list[str]:
    """One row of one table, as the page shows it."""
    section = next(s for s in response.context["sections"] if s.key == key)
    return next([f.text for f in figures] for name, figures in section.table.rows if name == label)


def theme_row(response) -> list[str]:
    return row(response, "by-theme", "Pay")


def test_the_lead_sees_exact_figures_for_their_own_network(
    client, make_user, network, three_about_pay
) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    response = client.get("/insights/")
    assert theme_row(response) == ["3"]
    body = response.content.decode()
    assert "You see exact figures" in body
    assert "fewer than 5" not in body
    assert "A sealed story" not in body


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.INSIGHT])
def test_the_director_and_insight_viewer_see_small_numbers_hidden(
    client, make_user, network, three_about_pay, role
) -> None:
    sign_in(client, make_user("viewer@example.org", (network, role)))
    response = client.get("/insights/")
    assert theme_row(response) == ["fewer than 5"]
    body = response.content.decode()
    assert "fewer than 5" in body
    assert "numbers from 1 to 4 are shown as “fewer than 5”" in body
    assert "You see exact figures" not in body
    # One network and one quarter that has ended, said plainly, with no dates to type.
    assert "given for one network and one whole quarter at a time" in body
    assert f'<option value="{last_quarter().slug}" selected>{last_quarter().label}</option>' in body
    assert 'name="start_day"' not in body
    assert response.context["scope"].networks == (network,)


def test_the_words_follow_the_networks_own_threshold(
    client, make_user, network, three_about_pay
) -> None:
    network.disclosure_threshold = 7
    network.save()
    raise_concerns(network, 2)
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    response = client.get("/insights/")
    assert theme_row(response) == ["fewer than 7"]
    assert "numbers from 1 to 6 are shown as “fewer than 7”" in response.content.decode()


def test_with_nothing_hidden_there_is_no_note_about_hiding(client, make_user, network) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    response = client.get("/insights/")
    assert response.context["exact"] is False
    assert "are shown as “fewer than" not in response.content.decode()


def test_the_lead_of_another_network_sees_this_one_controlled(
    client, make_user, network, other_network, three_about_pay
) -> None:
    both = make_user("lead.other@example.org", (other_network, Role.LEAD), (network, Role.INSIGHT))
    raise_concerns(other_network, 2)
    sign_in(client, both)
    # By default, the network they lead, exactly, over dates they may change.
    theirs = client.get("/insights/")
    assert theirs.context["exact"] is True
    assert theirs.context["scope"].networks == (other_network,)
    assert row(theirs, "by-month", f"{raised_on():%B %Y}") == ["2"]
    assert 'name="start_day"' in theirs.content.decode()
    # Choosing the other network, with the dates still in the query: its latest quarter.
    ours = client.get("/insights/", {**period(), "network": network.slug})
    assert ours.context["exact"] is False
    assert theme_row(ours) == ["fewer than 5"]
    assert ours.context["scope"].start == last_quarter().start
    body = ours.content.decode()
    assert 'name="start_day"' not in body
    assert 'name="quarter"' in body


def test_a_network_the_viewer_has_no_role_in_cannot_be_chosen(
    client, make_user, network, other_network, three_about_pay
) -> None:
    make_user("insight.other@example.org", (other_network, Role.INSIGHT))
    viewer = make_user("lead@example.org", (network, Role.LEAD), (network, Role.CHAMPION))
    sign_in(client, viewer)
    response = client.get("/insights/", {**period(), "network": other_network.slug})
    assert "Select a network from the list" in response.content.decode()
    assert "sections" not in response.context


def period(start: str = "1 1 2020", end: str = "") -> dict[str, str]:
    end_date = timezone.localdate()
    end = end or f"{end_date.day} {end_date.month} {end_date.year}"
    values = {}
    for name, typed in (("start", start), ("end", end)):
        day, month, year = [*typed.split(" "), "", "", ""][:3]
        values.update({f"{name}_day": day, f"{name}_month": month, f"{name}_year": year})
    return values


@pytest.mark.parametrize(
    ("start", "end", "message", "box"),
    [
        ("", "", "Enter the start date", "start_day"),
        ("1  2025", "1 2 2025", "Start date must include a month", "start_month"),
        ("1 2 2025", "  2025", "End date must include a day and month", "end_day"),
        ("31 2 2025", "1 3 2025", "Start date must be a real date", "start_day"),
        ("1 13 2025", "1 3 2025", "Start date must be a real date", "start_month"),
        ("1 x 2025", "1 3 2025", "Start date must be a real date", "start_month"),
        # Digits to isdigit() that int() refuses, and digits int() reads that are not ASCII.
        ("1 ² 2025", "1 3 2025", "Start date must be a real date", "start_month"),
        ("1 2 2025", "٣ 3 2025", "End date must be a real date", "end_day"),
        ("1 2 ²²²²", "1 3 2025", "Start date must be a real date", "start_year"),
        ("1 2 25", "1 3 2025", "Year must include 4 numbers", "start_year"),
        ("1 3 2025", "1 2 2025", "End date must be the same as or after the start date", "end_day"),
    ],
)
def test_the_filter_says_what_is_wrong_with_a_date(
    client, make_user, network, start, end, message, box
) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    query = period(start, end or "1 3 2025")
    if start == "":
        query.update(start_day="", start_month="", start_year="")
    body = client.get("/insights/", query).content.decode()
    assert "There is a problem" in body
    assert f'<li><a href="#id_{box}">{message}</a></li>' in body
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in body
    assert 'govuk-input--error" id="id_' + box in body
    assert "<title>Error: Insights" in body


def test_a_start_date_in_the_future_is_refused(client, make_user, network) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    later = timezone.localdate() + datetime.timedelta(days=2)
    query = period(
        f"{later.day} {later.month} {later.year}", f"{later.day} {later.month} {later.year}"
    )
    body = client.get("/insights/", query).content.decode()
    assert "Start date must be today or in the past" in body


def test_by_default_the_page_shows_the_last_twelve_months(client, make_user, network) -> None:
    raise_concerns(network, 1, days_ago=10)
    raise_concerns(network, 1, days_ago=300)
    raise_concerns(network, 1, days_ago=400)
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    response = client.get("/insights/")
    scope = response.context["scope"]
    today = timezone.localdate()
    assert scope.end == today
    assert (
        scope.start.day == 1
        and (today.year - scope.start.year) * 12 + today.month - scope.start.month == 11
    )
    assert theme_row(response) == ["2"]
    body = response.content.decode()
    assert 'name="end_year" type="text" inputmode="numeric" value="' + str(today.year) in body


def test_each_section_has_a_chart_its_table_and_downloads_with_the_same_filter(
    client, make_user, network, three_about_pay
) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    body = client.get("/insights/", period("1 1 2020")).content.decode()
    assert '<a class="govuk-link" href="#by-theme">Themes</a>' in body
    assert 'role="img" aria-labelledby="chart-by-theme-title chart-by-theme-desc"' in body
    assert 'id="table-by-theme-caption"' in body
    assert (
        "/insights/export/by-theme.csv?network=race-equality&amp;start_day=1&amp;start_month=1"
        "&amp;start_year=2020" in body
    )
    assert "/insights/export/accountability.xlsx?" in body


def test_every_page_view_is_an_audit_event_naming_who_and_the_filter(
    client, make_user, network, other_network
) -> None:
    viewer = make_user("insight@example.org", (network, Role.INSIGHT), (other_network, Role.LEAD))
    sign_in(client, viewer)
    client.get("/insights/", {**period("1 2 2024", "29 2 2024"), "network": other_network.slug})
    # The same dates for a network they do not lead: the quarter shown is what is recorded.
    client.get("/insights/", {**period("1 2 2024", "29 2 2024"), "network": network.slug})
    quarter = last_quarter()
    events = AuditEvent.objects.filter(action__startswith="insights.")
    assert {
        (e.actor_code, e.actor_role, e.action, e.object_type, e.object_code) for e in events
    } == {
        (
            str(viewer.code),
            "lead",
            "insights.read 20240201-20240229",
            "insights",
            str(other_network.code),
        ),
        (
            str(viewer.code),
            "insight",
            f"insights.read {quarter.start:%Y%m%d}-{quarter.end:%Y%m%d}",
            "insights",
            str(network.code),
        ),
    }


def download(client, name: str, **query: str):
    response = client.get(f"/insights/export/{name}", {**period(), **query})
    assert response.status_code == 200
    return response


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_csv_download_holds_exact_figures_for_the_lead(
    client, make_user, network, three_about_pay
) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    response = download(client, "by-theme.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="concerns-by-theme-1-january-2020-to-'
    )
    assert csv_rows(response) == [["Theme", "Concerns"], ["Pay", "3"], ["Not recorded", "0"]]


def test_a_csv_download_hides_small_numbers_for_the_insight_viewer(
    client, make_user, network, three_about_pay
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    rows = csv_rows(download(client, "by-theme.csv"))
    assert rows == [["Theme", "Concerns"], ["Pay", "fewer than 5"], ["Not recorded", "0"]]


def test_a_held_concern_is_in_no_figure_until_released(
    client, make_user, network, three_about_pay
) -> None:
    """Its raiser asked that nobody know of it; even the lead's exact count would tell."""
    held = three_about_pay[0]
    held.stage = Stage.HELD
    held.save(update_fields=["stage"])
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    stages = csv_rows(download(client, "by-stage.csv"))
    assert not [row for row in stages if row[0].startswith("Held")]
    assert stages[-1] == ["Total", "2"]
    assert ["Pay", "2"] in csv_rows(download(client, "by-theme.csv"))
    held.stage = Stage.NEW
    held.save(update_fields=["stage"])
    assert csv_rows(download(client, "by-stage.csv"))[-1] == ["Total", "3"]


def test_an_xlsx_download_follows_the_role_too(
    client, make_user, network, other_network, three_about_pay
) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    director = make_user("director@example.org", (network, Role.DIRECTOR))
    month = f"{raised_on():%B %Y}"
    sign_in(client, lead)
    rows = xlsx_rows(download(client, "by-month.xlsx"))
    assert [month, 3] in rows
    assert rows[-1] == ["Total", 3]
    sign_in(client, director)
    rows = xlsx_rows(download(client, "by-month.xlsx"))
    assert [month, "fewer than 5"] in rows
    assert rows[-1] == ["Total", "fewer than 5"]
    events = AuditEvent.objects.filter(action__startswith="insights.xlsx", object_type="by-month")
    assert sorted(e.actor_role for e in events) == ["director", "lead"]


def test_the_key_figures_download_withholds_a_median_of_too_few(
    client, make_user, network, three_about_pay
) -> None:
    for case in three_about_pay:
        closed = case.created + datetime.timedelta(days=10)
        Closure.objects.create(case=case, outcome=Outcome.RESOLVED, closed_at=closed)
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    assert csv_rows(download(client, "key-figures.csv"))[2] == [
        "Median time from raising a concern to closing it",
        "10",
    ]
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    assert csv_rows(download(client, "key-figures.csv"))[2] == [
        "Median time from raising a concern to closing it",
        "withheld",
    ]


def test_a_download_of_a_table_that_does_not_exist_is_not_found(client, make_user, network) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    assert client.get("/insights/export/narratives.csv").status_code == 404
    assert client.get("/insights/export/by-theme.pdf").status_code == 404


def test_a_download_with_a_wrong_filter_answers_400_saying_what_to_fix(
    client, make_user, network
) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    response = client.get("/insights/export/by-theme.csv", period("31 2 2025"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Start date must be a real date" in body
    assert "<html" not in body.lower()


def page_queries(client) -> int:
    """The page's queries once the worker has counted the changed days into the summary."""
    summaries.recount_marked()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/insights/").status_code == 200
    return len(captured)


# The whole page, sign-in and session included. A change here is a decision, not an accident.
PINNED = 18


def test_the_query_count_is_pinned_and_does_not_grow_with_the_concerns(
    client, make_user, network
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    for case in raise_concerns(network, 3):
        closed = case.created + datetime.timedelta(days=10)
        Closure.objects.create(case=case, outcome=Outcome.RESOLVED, closed_at=closed)
    page_queries(client)  # the first page of a process reads the networks' names once
    few = page_queries(client)
    for case in raise_concerns(network, 27):
        closed = case.created + datetime.timedelta(days=20)
        Closure.objects.create(case=case, outcome=Outcome.PARTLY, closed_at=closed)
    many = page_queries(client)
    assert few == many
    assert many == PINNED, f"/insights/ now takes {many} queries"


def bulk_concerns(network, count: int, start: int) -> None:
    """Concerns with themes and closings, written straight to the tables: the page reads only
    aggregates, so how the rows were made does not matter, and a thousand take a moment."""
    raised = timezone.make_aware(datetime.datetime.combine(raised_on(), datetime.time(12)))
    theme = network.themes.first()
    cases = Case.objects.bulk_create(
        Case(network=network, reference=f"SS-Q{i:05d}", created=raised)
        for i in range(start, start + count)
    )
    Case.themes.through.objects.bulk_create(Case.themes.through(case=c, theme=theme) for c in cases)
    Closure.objects.bulk_create(
        Closure(
            case=c, outcome=Outcome.RESOLVED, closed_at=raised + datetime.timedelta(days=i % 30)
        )
        for i, c in enumerate(cases)
    )
    # Rows written in bulk mark no day: the summary is counted afresh, as after seeding.
    summaries.rebuild()


def test_the_page_costs_the_same_for_10_concerns_as_for_1000(client, make_user, network) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    bulk_concerns(network, 10, 0)
    # The first audit event of a new database starts the audit chain, and the first page of a
    # process reads the networks' names once (safespace/public/context_processors.py).
    page_queries(client)
    ten = page_queries(client)
    bulk_concerns(network, 990, 10)
    assert page_queries(client) == ten == PINNED


# Reporting units that never overlap -----------------------------------------------------


def shown(response) -> tuple[tuple[str, ...], datetime.date, datetime.date]:
    scope = response.context["scope"]
    return tuple(n.slug for n in scope.networks), scope.start, scope.end


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.INSIGHT])
def test_a_controlled_viewer_gets_only_a_whole_quarter_that_has_ended(
    client, make_user, network, three_about_pay, role
) -> None:
    viewer = make_user("viewer@example.org", (network, role))
    sign_in(client, viewer)
    quarter = last_quarter()
    older = quarter.previous()
    asked = {
        "nothing": {},
        "a custom range": period("1 1 2020"),
        "a range inside the quarter": {**period(f"1 {quarter.start.month} {quarter.start.year}")},
        "dates and a quarter": {**period("1 1 2020"), "quarter": older.slug},
        "a quarter in capitals": {"quarter": older.slug.upper()},
    }
    expected = {
        "nothing": quarter,
        "a custom range": quarter,
        "a range inside the quarter": quarter,
        "dates and a quarter": older,
        "a quarter in capitals": older,
    }
    for what, query in asked.items():
        response = client.get("/insights/", query)
        assert response.status_code == 200, what
        want = expected[what]
        assert shown(response) == ((network.slug,), want.start, want.end), what
        assert response.context["exact"] is False
        body = response.content.decode()
        assert 'name="start_day"' not in body
        assert f'<option value="{want.slug}" selected>' in body
    # What is recorded is the quarter shown, never the dates asked for.
    actions = set(
        AuditEvent.objects.filter(actor_code=str(viewer.code)).values_list("action", flat=True)
    )
    assert actions == {f"insights.read {q.start:%Y%m%d}-{q.end:%Y%m%d}" for q in (quarter, older)}


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        (
            "current",
            "Choose a quarter that has ended: figures for a quarter are given once it is over",
        ),
        (
            "future",
            "Choose a quarter that has ended: figures for a quarter are given once it is over",
        ),
        ("1999-q9", "Select a quarter from the list"),
        ("2020-q1", "Select a quarter from the list"),  # older than those offered
        ("<b>q</b>", "Select a quarter from the list"),
    ],
)
def test_the_quarter_still_running_or_a_tampered_one_is_refused_kindly(
    client, make_user, network, three_about_pay, slug, message
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    running = Quarter.containing(timezone.localdate())
    slug = {"current": running.slug, "future": running.next().slug}.get(slug, slug)
    response = client.get("/insights/", {"network": network.slug, "quarter": slug})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert f'<li><a href="#id_quarter">{message}</a></li>' in body
    assert "govuk-select--error" in body
    assert "sections" not in response.context
    assert not AuditEvent.objects.filter(action__startswith="insights.").exists()
    # A download asked for the same way answers 400 in a line, and gives nothing away.
    download = client.get("/insights/export/by-theme.csv", {"quarter": slug})
    assert download.status_code == 400
    assert message in download.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="insights.").exists()


def test_a_controlled_download_is_of_the_quarter_and_network_shown(
    client, make_user, network, three_about_pay
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    body = client.get("/insights/").content.decode()
    assert (
        f"/insights/export/by-theme.csv?network=race-equality&amp;quarter={last_quarter().slug}"
        in body
    )
    response = client.get("/insights/export/by-theme.csv", period("1 1 2020"))
    quarter = last_quarter()
    event = AuditEvent.objects.get(action__startswith="insights.csv")
    assert event.action == f"insights.csv {quarter.start:%Y%m%d}-{quarter.end:%Y%m%d}"
    assert csv_rows(response)[1] == ["Pay", "fewer than 5"]


def test_a_controlled_viewer_cannot_combine_networks(
    client, make_user, network, other_network, three_about_pay
) -> None:
    viewer = make_user(
        "director@example.org", (network, Role.DIRECTOR), (other_network, Role.DIRECTOR)
    )
    raise_concerns(other_network, 2)
    sign_in(client, viewer)
    first = min((network, other_network), key=lambda n: n.name)
    for query in (
        {},
        {"network": ""},
        {"network": "all"},
        {"network": [network.slug, other_network.slug]},
    ):
        response = client.get("/insights/", {"quarter": last_quarter().slug, **query})
        assert response.status_code == 200
        if query.get("network") == "all":
            assert "Select a network from the list" in response.content.decode()
            assert "sections" not in response.context
            continue
        networks = response.context["scope"].networks
        assert len(networks) == 1
        if not query.get("network"):
            assert networks == (first,)
    body = client.get("/insights/").content.decode()
    assert "All your networks" not in body
    events = AuditEvent.objects.filter(action__startswith="insights.read")
    assert all(e.object_code in {str(network.code), str(other_network.code)} for e in events)
    assert events.count() == 4  # one network each time


def test_the_leads_exact_view_keeps_any_dates(client, make_user, network, three_about_pay) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    response = client.get(
        "/insights/", {**period("3 2 2024", "17 3 2024"), "network": network.slug}
    )
    assert shown(response) == (
        (network.slug,),
        datetime.date(2024, 2, 3),
        datetime.date(2024, 3, 17),
    )
    assert response.context["exact"] is True
    body = response.content.decode()
    assert 'name="quarter"' not in body
    assert "given for one network and one whole quarter" not in body
    # Coming from the quarters, the lead's dates start as the quarter's.
    older = last_quarter().previous()
    response = client.get("/insights/", quarter_query(network, older))
    assert shown(response) == ((network.slug,), older.start, older.end)
    assert f'name="start_month" type="text" inputmode="numeric" value="{older.start.month}"' in (
        response.content.decode()
    )


def test_a_lead_choosing_a_network_they_do_not_lead_gets_the_quarters(
    client, make_user, network, other_network, three_about_pay
) -> None:
    viewer = make_user("lead@example.org", (other_network, Role.LEAD), (network, Role.INSIGHT))
    sign_in(client, viewer)
    body = client.get("/insights/").content.decode()
    assert "Exact figures, for any dates, are given only for a network you lead." in body
    response = client.get("/insights/", {**period("1 1 2020"), "network": network.slug})
    assert response.context["exact"] is False
    assert shown(response)[1:] == (last_quarter().start, last_quarter().end)
    running = Quarter.containing(timezone.localdate())
    refused = client.get("/insights/", {"network": network.slug, "quarter": running.slug})
    assert "sections" not in refused.context
    # Their own network takes the quarter still running too, as dates.
    mine = client.get(
        "/insights/",
        {**period(f"1 {running.start.month} {running.start.year}"), "network": other_network.slug},
    )
    assert mine.context["exact"] is True
    assert shown(mine)[1] == running.start
