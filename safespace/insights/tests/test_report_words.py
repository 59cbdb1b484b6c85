"""The evaluation report's words match its own numbers, on the demo data and on other data.

A report once said "Every concern had first contact within two working days" beside "First
contact within target 29%", and asked to recruit champions where champions work. Each report
here is built and drawn as the PDF, and every sentence in it that speaks of first contact or
recruiting is checked against the figure printed in the same report, or the champion pool.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from safespace.accounts.models import Directorate, Network, Role
from safespace.cases.models import Activity, Case, TimeEntry
from safespace.cases.services import create
from safespace.champions.services import accept_terms, coverage, pool, publish_terms
from safespace.dev.demo import accounts as demo
from safespace.insights import report
from safespace.insights.report_forms import PeriodForm
from safespace.insights.tables import Figure

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

START, END = datetime.date(2025, 4, 1), datetime.date(2025, 9, 30)
SHOWN = re.compile(r"First contact within target (\d+%|fewer than 5|withheld|no data)")
SENTENCE = re.compile(r"(?<=\.)\s+")


def drawn(built: report.Report) -> str:
    """The PDF's text, as a reader gets it, in one line."""
    reader = PdfReader(io.BytesIO(report.render_pdf(built)))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def without_a_champion(network: Network) -> set[str]:
    """The directorates the coverage page shows with no active champion."""
    return {d.name for d, active in coverage(network, pool(network)) if active == 0}


def check_words_against_numbers(built: report.Report) -> str:
    """Every claim about first contact or recruiting agrees with the report's own figures."""
    text = drawn(built)
    shown = SHOWN.search(text)
    assert shown is not None, "the report prints no first-contact figure"
    figure = shown.group(1)
    # The figure itself is the one thing not checked against itself.
    sentences = SENTENCE.split(SHOWN.sub("", text))
    about_contact = [s for s in sentences if "first contact" in s.lower()]
    # The report says in words what the figure is, whatever it is.
    assert any(finding in text for finding in built.findings)
    for sentence in about_contact:
        lowered = sentence.lower()
        if re.search(r"\b(every|all) (concern|person|people)", lowered):
            assert figure == "100%", f"{sentence!r} beside {figure}"
        if lowered.startswith("nearly every"):
            assert figure == "100%", f"{sentence!r} beside {figure}"
        if lowered.startswith("no concern that has had first contact"):
            assert figure == "0%", f"{sentence!r} beside {figure}"
        for share in re.findall(r"\d+%", sentence):
            assert share == figure, f"{sentence!r} beside {figure}"
        if "is withheld" in lowered:
            assert figure == "withheld", f"{sentence!r} beside {figure}"
    # Recruiting is asked for only where no active champion works, and wherever none does.
    uncovered = without_a_champion(built.network)
    named: set[str] = set()
    for sentence in sentences:
        if "recruit" not in sentence.lower():
            continue
        for directorate in Directorate.objects.values_list("name", flat=True):
            if re.search(rf"\b{re.escape(directorate)}\b", sentence):
                assert directorate in uncovered, f"{sentence!r}: {directorate} has champions"
                named.add(directorate)
    assert named == uncovered
    if "active champion works in every directorate" in text:
        assert uncovered == set()
    return text


@pytest.mark.parametrize("exact", [True, False])
def test_the_demo_report_says_only_what_its_figures_show(exact) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    network = Network.objects.get(slug=demo.RACE)
    start, end = PeriodForm.default(timezone.localdate())
    built = report.build(network, start, end, exact=exact)
    assert built.narrative is not None, "the demo lead's own words are checked too"
    text = check_words_against_numbers(built)
    assert "Every concern had first contact" not in text
    # Every directorate of the demo has a champion, so the report asks to recruit nowhere.
    assert built.without_champions == ()
    assert "At least one active champion works in every directorate." in text


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def ten_concerns(network, make_user) -> tuple[Network, list[Case]]:
    """Ten concerns raised in the period, none yet contacted; champions in two of three
    directorates, of whom only the one in Place has accepted the Terms of Reference."""
    housing, place, resources = (
        Directorate.objects.create(name=name) for name in ("Housing", "Place", "Resources")
    )
    lead = make_user("lead@example.org", (network, Role.LEAD))
    in_place = make_user("place@example.org", (network, Role.CHAMPION))
    in_resources = make_user("resources@example.org", (network, Role.CHAMPION))
    in_place.directorate, in_resources.directorate = place, resources
    in_place.save()
    in_resources.save()
    accept_terms(in_place, publish_terms(network, "Listen first.", lead))
    assert housing.name not in {d.name for d, n in coverage(network, pool(network)) if n}
    cases = []
    for month in range(4, 9):
        for day in (3, 17):
            raised = datetime.date(2025, month, day)
            case = create.create_case(create.NewConcern(network=network, narrative="story"))
            case.created = at(raised)
            case.first_contact_due = raised + datetime.timedelta(days=2)
            case.save(update_fields=["created", "first_contact_due"])
            case.refresh_from_db()
            cases.append(case)
    return network, cases


def contact(cases: list[Case], late: int, champion) -> None:
    """First contact for every concern: the first `late` of them after it was due."""
    for number, case in enumerate(cases):
        due = case.first_contact_due
        assert due is not None
        day = due + datetime.timedelta(days=7) if number < late else due
        TimeEntry.objects.create(
            case=case, champion=champion, day=day, minutes=30, activity=Activity.LISTENING
        )


@pytest.mark.parametrize(
    ("late", "exact", "finding"),
    [
        (0, True, "Every concern that has had first contact had it within 2 working days"),
        (0, False, "Every concern that has had first contact had it within 2 working days"),
        (5, False, "50% of the concerns that have had first contact had it within 2 working days"),
        (2, True, "80% of the concerns that have had first contact had it within 2 working days"),
        (2, False, "How many concerns had first contact within the target is withheld"),
        (10, True, "No concern that has had first contact had it within 2 working days"),
    ],
)
def test_other_data_gets_other_words_each_matching_its_figure(
    ten_concerns, late, exact, finding
) -> None:
    network, cases = ten_concerns
    champion = network.memberships.filter(role=Role.CHAMPION).first()
    assert champion is not None
    contact(cases, late, champion.user)
    built = report.build(network, START, END, exact=exact)
    text = check_words_against_numbers(built)
    assert finding in text
    # Only Housing has no champion, and Resources' champion has not accepted the terms.
    assert set(built.without_champions) == {"Housing", "Resources"}
    assert "No active champion works in Housing and Resources" in text


def test_before_any_first_contact_the_report_says_there_is_none_yet(ten_concerns) -> None:
    network, _ = ten_concerns
    text = check_words_against_numbers(report.build(network, START, END, exact=True))
    assert "No concern raised in the period has had first contact yet." in text


@pytest.mark.parametrize(
    ("figure", "in_time", "made", "words"),
    [
        (Figure(100, "100%"), 199, 200, "Nearly every concern"),
        (Figure(0, "0%"), 1, 300, "Almost no concern"),
    ],
)
def test_a_share_rounded_to_all_or_nothing_is_not_called_every_or_none(
    figure, in_time, made, words
) -> None:
    assert report.first_contact_finding(figure, in_time, made, days=2).startswith(words)
