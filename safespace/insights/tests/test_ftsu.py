"""The quarterly Freedom to Speak Up return, against values worked out by hand.

The quarter is Q1 2025 to 2026 (April to June 2025). Twelve concerns are raised in it: 7
anonymously, 5 about banter (bullying or harassment), 2 about probation (worker wellbeing)
and 9 about dress codes (inappropriate attitudes or behaviours). One concern just before
the quarter and one in another network are there to be left out.
"""

from __future__ import annotations

import csv
import datetime
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from safespace.accounts.models import Network, Role, Theme
from safespace.aftercare.models import CheckIn, Closure, FeedbackAnswer, Outcome
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case
from safespace.cases.services import create
from safespace.insights import ftsu, summaries
from safespace.insights.ftsu import Element, Quarter
from safespace.tripwire.models import Alert, EventKind, HREvent
from tests.helpers import sign_in

Q1 = Quarter(2025, 1)
IN_QUARTER = "network=race-equality&quarter=2025-q1"


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def raise_concern(network: Network, when: str, themes: list[Theme], *, named: bool = False) -> Case:
    case = create.create_case(
        create.NewConcern(
            network=network,
            narrative="story",
            themes=themes,
            raiser_name="A Person" if named else "",
        )
    )
    case.created = at(when)
    case.save(update_fields=["created"])
    return case


@pytest.fixture
def quarter_of_concerns(network, other_network) -> list[Case]:
    banter = network.themes.create(name='Inappropriate "banter"')
    probation = network.themes.create(name="Probation")
    dress = network.themes.create(name="Dress codes")
    pay = network.themes.get(name="Pay")
    themes = [
        [banter, dress],
        [banter, dress],
        [banter, dress],
        [banter],
        [banter, pay],
        [probation, dress],
        [probation, dress],
        [dress],
        [dress],
        [dress],
        [dress],
        [pay],
    ]
    cases = [
        raise_concern(network, f"2025-05-{day + 1:02d} 10:00", chosen, named=day >= 7)
        for day, chosen in enumerate(themes)
    ]
    # Left out: the day before the quarter (London time), and another network.
    raise_concern(network, "2025-03-31 23:30", [banter])
    raise_concern(other_network, "2025-05-01 10:00", [other_network.themes.create(name="Bullying")])
    return cases


@pytest.fixture
def aftermath(network, quarter_of_concerns) -> None:
    """Harm reported at one check-in (another said nothing happened), one HR alert, and seven
    answers to "would you speak up again?": 6 yes and 1 no."""
    case = quarter_of_concerns[0]
    closure = Closure.objects.create(
        case=case, outcome=Outcome.RESOLVED, closed_at=at("2025-05-20 10:00")
    )
    CheckIn.objects.create(
        case=case,
        closure=closure,
        months_after=1,
        due=datetime.date(2025, 6, 20),
        answered_at=at("2025-06-21 10:00"),
        happened=["capability", "excluded"],
    )
    CheckIn.objects.create(
        case=case,
        closure=closure,
        months_after=3,
        due=datetime.date(2025, 6, 22),
        answered_at=at("2025-06-22 10:00"),
        happened=[],
    )
    event = HREvent.objects.create(
        key="k", kind=EventKind.PROBATION_REVIEW, date=datetime.date(2025, 6, 1), batch=uuid.uuid4()
    )
    Alert.objects.create(case=quarter_of_concerns[5], event=event, created=at("2025-06-02 09:00"))
    for answer in ["yes"] * 6 + ["no"]:
        FeedbackAnswer.objects.create(
            network=network, month=datetime.date(2025, 6, 1), felt_heard=4, speak_up_again=answer
        )
    # July is the next quarter.
    FeedbackAnswer.objects.create(
        network=network, month=datetime.date(2025, 7, 1), felt_heard=4, speak_up_again="no"
    )


def figures_of(returned: ftsu.FtsuReturn) -> dict[str, str]:
    return {label: cells[0].text for label, cells in returned.table.rows}


EXACT = {
    "Concerns raised": "12",
    "Raised anonymously": "7",
    "With an element of worker safety or wellbeing": "2",
    "With an element of bullying or harassment": "5",
    "With an element of inappropriate attitudes or behaviours": "9",
    "Where detriment was reported": "2",
    "Detriment reported at a check-in": "1",
    "HR process alerts (tripwire)": "1",
    "Answers to “would you speak up again?”": "7",
    "Would speak up again: Yes": "6",
    "Would speak up again: No": "1",
    "Would speak up again: Maybe": "0",
    "Would speak up again: I don't know": "0",
}


def test_the_return_for_the_lead_is_exact(network, aftermath) -> None:
    assert figures_of(ftsu.build(network, Q1, exact=True)) == EXACT


def test_the_return_for_anyone_else_hides_small_numbers_and_what_would_give_them_away(
    network, aftermath
) -> None:
    assert figures_of(ftsu.build(network, Q1, exact=False)) == {
        **EXACT,
        # 7 anonymous and 5 named: both at least 5, so shown.
        # 2 of 12 about wellbeing: small.
        "With an element of worker safety or wellbeing": "fewer than 5",
        # 9 of 12 with an attitudes element leaves 3 without: shown, 9 would give the 3 away.
        "With an element of inappropriate attitudes or behaviours": "withheld",
        "Where detriment was reported": "fewer than 5",
        "Detriment reported at a check-in": "fewer than 5",
        "HR process alerts (tripwire)": "fewer than 5",
        # 6 yes and 1 no of 7: the yes would give the no away.
        "Would speak up again: Yes": "withheld",
        "Would speak up again: No": "fewer than 5",
    }


def test_a_network_whose_themes_fit_no_category_counts_its_concerns_in_none(network) -> None:
    raise_concern(network, "2025-05-01 10:00", [network.themes.get(name="Pay")], named=True)
    shown = figures_of(ftsu.build(network, Q1, exact=True))
    assert shown["Concerns raised"] == "1"
    assert shown["Raised anonymously"] == "0"
    assert [shown[element.value] for element in Element] == ["0", "0", "0"]


def test_every_theme_maps_by_name_whatever_its_quotes_and_case() -> None:
    assert ftsu.elements_of('Inappropriate "banter"') == {Element.BULLYING}
    assert ftsu.elements_of("inappropriate  BANTER") == {Element.BULLYING}
    assert ftsu.elements_of("Pay") == frozenset()


def test_the_page_lists_which_themes_count_in_each_category(
    network, aftermath, client, make_user
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    response = client.get("/insights/ftsu/", {"network": "race-equality", "quarter": "2025-q1"})
    assert response.status_code == 200
    themes = dict(response.context["returned"].themes)
    assert themes[Element.BULLYING] == ('Inappropriate "banter"',)
    assert themes[Element.WELLBEING] == ("Probation",)
    assert themes[Element.ATTITUDES] == ("Dress codes",)
    assert "withheld" in response.content.decode()


def test_a_lead_sees_their_own_network_exactly_and_a_director_does_not(
    network, aftermath, client, make_user
) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    director = make_user("director@example.org", (network, Role.DIRECTOR))
    sign_in(client, lead)
    as_lead = client.get(f"/insights/ftsu/?{IN_QUARTER}").context["returned"]
    sign_in(client, director)
    as_director = client.get(f"/insights/ftsu/?{IN_QUARTER}").context["returned"]
    assert figures_of(as_lead) == EXACT
    assert as_lead.table.exact and not as_director.table.exact
    assert figures_of(as_director)["Raised anonymously"] == "7"
    assert figures_of(as_director)["Would speak up again: No"] == "fewer than 5"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("slug", ["1999-q9", "2025-q", "<b>q</b>"])
def test_a_download_of_a_quarter_not_offered_answers_400_in_a_line_of_text(
    network, client, make_user, kind, slug
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    response = client.get(f"/insights/ftsu/return.{kind}", {"quarter": slug})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response
    body = response.content.decode()
    assert body == (
        "This download could not be made: Select a quarter from the list. Choose the quarter "
        "on the Freedom to Speak Up page and download it from there.\n"
    )
    assert not AuditEvent.objects.filter(action__startswith="insights.").exists()


def test_the_csv_holds_the_return_as_the_page_shows_it(
    network, aftermath, client, make_user
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    response = client.get(f"/insights/ftsu/return.csv?{IN_QUARTER}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="freedom-to-speak-up')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Measure", "Number"]
    body = dict(rows[1:])
    assert body["Concerns raised"] == "12"
    assert body["With an element of worker safety or wellbeing"] == "fewer than 5"
    assert body["Would speak up again: Yes"] == "withheld"


def test_the_xlsx_has_numbers_as_numbers_and_withheld_figures_as_words(
    network, aftermath, client, make_user
) -> None:
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    response = client.get(f"/insights/ftsu/return.xlsx?{IN_QUARTER}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Concerns raised"] == 12
    assert values["Raised anonymously"] == 7
    assert values["With an element of inappropriate attitudes or behaviours"] == "withheld"


def test_the_page_defaults_to_the_last_whole_quarter(network, client, make_user, settings) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    response = client.get("/insights/ftsu/")
    assert response.status_code == 200
    this_quarter = Quarter.containing(timezone.localdate())
    assert response.context["returned"].quarter == this_quarter.previous()


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.INSIGHT])
def test_anyone_but_the_lead_is_refused_the_quarter_still_running(
    network, other_network, client, make_user, role
) -> None:
    viewer = make_user("viewer@example.org", (network, role), (other_network, Role.LEAD))
    sign_in(client, viewer)
    running = Quarter.containing(timezone.localdate())
    asked = {"network": network.slug, "quarter": running.slug}
    response = client.get("/insights/ftsu/", asked)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Choose a quarter that has ended" in body
    assert "given for one network and one whole quarter at a time" in body
    assert f'<option value="{running.slug}"' not in body
    assert "returned" not in response.context
    for kind in ("csv", "xlsx"):
        # A download answers in a short line of text, never with a page to sign off.
        download = client.get(f"/insights/ftsu/return.{kind}", asked)
        assert download.status_code == 400
        assert download["Content-Type"] == "text/plain; charset=utf-8"
        body = download.content.decode()
        assert "Choose a quarter that has ended" in body
        assert "<" not in body and len(body.splitlines()) == 1
    assert not AuditEvent.objects.filter(action__startswith="insights.").exists()
    # The network they lead takes the quarter still running, exactly.
    own = client.get("/insights/ftsu/", {"network": other_network.slug, "quarter": running.slug})
    assert own.context["returned"].quarter == running
    assert own.context["returned"].table.exact


def test_the_return_is_for_one_network_only(network, other_network, client, make_user) -> None:
    viewer = make_user(
        "director@example.org", (network, Role.DIRECTOR), (other_network, Role.DIRECTOR)
    )
    sign_in(client, viewer)
    for asked in ({}, {"network": ""}, {"network": [network.slug, other_network.slug]}):
        returned = client.get("/insights/ftsu/", asked).context["returned"]
        assert returned.network in (network, other_network)
    refused = client.get("/insights/ftsu/", {"network": "all"})
    assert "Select a network from the list" in refused.content.decode()
    assert "returned" not in refused.context
    events = AuditEvent.objects.filter(action__startswith="insights.ftsu")
    assert events.count() == 3
    assert {e.object_code for e in events} <= {str(network.code), str(other_network.code)}


def test_an_unknown_quarter_is_refused_kindly(network, client, make_user) -> None:
    sign_in(client, make_user("lead@example.org", (network, Role.LEAD)))
    response = client.get("/insights/ftsu/", {"quarter": "1999-q9"})
    assert response.status_code == 200
    assert "Select a quarter from the list" in response.content.decode()
    assert "returned" not in response.context


@pytest.mark.parametrize(
    ("day", "quarter", "label"),
    [
        (datetime.date(2025, 4, 1), Quarter(2025, 1), "Q1 2025 to 2026 (April to June 2025)"),
        (
            datetime.date(2025, 12, 31),
            Quarter(2025, 3),
            "Q3 2025 to 2026 (October to December 2025)",
        ),
        (datetime.date(2026, 3, 31), Quarter(2025, 4), "Q4 2025 to 2026 (January to March 2026)"),
    ],
)
def test_financial_quarters_start_in_april(day, quarter, label) -> None:
    assert Quarter.containing(day) == quarter
    assert quarter.label == label
    assert quarter.start <= day <= quarter.end
    assert Quarter.parse(quarter.slug) == quarter


def test_the_return_costs_the_same_queries_for_any_number_of_concerns(network, aftermath) -> None:
    def queries() -> int:
        summaries.recount_marked()
        with CaptureQueriesContext(connection) as captured:
            ftsu.build(network, Q1, exact=False)
        return len(captured)

    before = queries()
    for day in range(1, 11):
        raise_concern(network, f"2025-06-{day:02d} 10:00", list(network.themes.all()))
    assert queries() == before


def test_the_page_names_the_networks_own_threshold(network, aftermath, client, make_user) -> None:
    network.disclosure_threshold = 8
    network.save()
    sign_in(client, make_user("insight@example.org", (network, Role.INSIGHT)))
    page = client.get(f"/insights/ftsu/?{IN_QUARTER}").content.decode()
    assert "numbers from 1 to 7 are shown as “fewer than 8”" in page
    assert "fewer than 5" not in page
