"""Naming who a concern is about in the raise form, and choosing to hold it until others speak."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safespace.accounts.models import Directorate, Role
from safespace.cases import assignment, patterns
from safespace.cases.models import Case, NamedMark, Stage
from safespace.cases.services import reads
from safespace.directory.models import StaffMember
from safespace.lib import receipts
from tests.helpers import ANSWERS, answer_every_question, dump_all_databases

STEP = "/raise/directorates/"


@pytest.fixture
def housing(db) -> Directorate:
    return Directorate.objects.create(name="Housing")


@pytest.fixture
def boss(housing) -> StaffMember:
    return StaffMember.objects.create(
        employee_number="E-4417",
        full_name="Oluwaseun Vandermeer",
        email="seun.vandermeer@example.org",
        directorate=housing,
        service="Repairs",
    )


def person(name: str = "", directorate: Directorate | None = None, email: str = "") -> dict:
    return {
        "about": "person",
        "person_name": name,
        "person_directorate": str(directorate.pk) if directorate else "",
        "person_email": email,
    }


def raise_naming(client: Client, named: dict, hold: str | None) -> Case:
    answer_every_question(client, directorates=named)
    if hold is not None:
        assert client.post("/raise/hold/", {"hold": hold}).status_code == 302
    assert client.post("/raise/check-your-answers/").status_code == 302
    return Case.objects.get()


def raised_about(named: dict, hold: str = "no", client: Client | None = None) -> Case:
    """A concern naming someone, sent from a browser of its own."""
    client = client or Client()
    answer_every_question(client, directorates=named)
    client.post("/raise/hold/", {"hold": hold})
    assert client.post("/raise/check-your-answers/").status_code == 302
    return Case.objects.order_by("-id")[0]


def test_a_person_is_found_by_name_and_directorate_ignoring_capitals_after_sending(
    client, network, housing, boss
) -> None:
    response = client.post(STEP, person("  oluwaseun   VANDERMEER ", housing))
    assert response["Location"] == "/raise/hold/"
    page = client.get("/raise/hold/").content.decode()
    assert (
        "Nobody will read your concern until someone else raises a concern about the same "
        "person. You can release it or withdraw it at any time from your case page."
    ) in page
    # Nothing the directory holds: not the email, team, number or even whether it is there.
    for detail in ("seun.vandermeer@example.org", "Repairs", "E-4417", "Oluwaseun Vandermeer"):
        assert detail not in page
    assert "We found" not in page
    case = raised_about(person("  oluwaseun   VANDERMEER ", housing))
    assert reads.read_people_named(case, None) == [boss.pk]


def test_a_person_is_found_by_work_email_and_only_that_is_shown_back(
    client, network, housing, boss
) -> None:
    answer_every_question(client, directorates=person(email="Seun.Vandermeer@Example.org"))
    client.post("/raise/hold/", {"hold": "no"})
    check = client.get("/raise/check-your-answers/").content.decode()
    assert "Seun.Vandermeer@Example.org" in check  # as they typed it
    assert "Oluwaseun" not in check and "Housing" not in check and "Repairs" not in check
    client.post("/raise/check-your-answers/")
    assert reads.read_people_named(Case.objects.get(), None) == [boss.pk]


def test_only_what_was_typed_is_checked_on_the_page(client, network, housing, boss) -> None:
    body = client.post(STEP, person("Oluwaseun Vandermeer")).content.decode()
    assert "Select their directorate, or enter their work email address" in body
    body = client.post(STEP, person()).content.decode()
    assert "Enter their full name and directorate, or their work email address" in body
    team = client.post(STEP, {"about": "team"}).content.decode()
    assert "Select the team&#x27;s directorate" in team and "Enter the team&#x27;s name" in team
    # Choosing not to say moves on, without the hold question and without what they typed.
    response = client.post(STEP, {**person("Oluwaseun Vandermere", housing), "about": "none"})
    assert response["Location"] == "/raise/what-you-want/"
    assert client.get("/raise/hold/")["Location"] == "/raise/what-you-want/"


def walk(client: Client, named: dict) -> list[tuple[str, str]]:
    """Every page of the raise form this browser is shown, in order, as (address, text)."""
    answers = {**ANSWERS, "directorates": named, "hold": {"hold": "yes"}, "hr-watch": {}}
    shown = []
    path = "/raise/what-happened/"
    while path != "/raise/check-your-answers/":
        page = client.get(path)
        shown.append((path, page.content.decode()))
        response = client.post(path, answers[path.strip("/").split("/")[-1]])
        assert response.status_code == 302, response.content.decode()[:2000]
        path = response["Location"]
    shown.append((path, client.get(path).content.decode()))
    client.post(path)
    shown.append(("confirmation", client.get("/raise/confirmation/").content.decode()))
    shown.append(("case", client.get("/track/concern/").content.decode()))
    return shown


def without_the_unrepeatable(page: str, typed: str) -> str:
    """A page as another raiser would see it: their answer, tokens, receipt and times aside."""
    page = page.replace(typed, "TYPED")
    page = re.sub(r'name="(csrfmiddlewaretoken|once)" value="[^"]*"', "", page)
    page = re.sub(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", "RECEIPT", page)
    page = re.sub(r"SS-[0-9A-Z-]+", "REFERENCE", page)
    # Times on either clock: the two walks may fall either side of a minute.
    return re.sub(r"\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?|\d{1,2} \w+ \d{4}", "TIME", page)


@pytest.mark.parametrize(
    "real, invented",
    [
        (person("Oluwaseun Vandermeer", None), person("Oluwaseun Vandermere", None)),
        (person(email="seun.vandermeer@example.org"), person(email="seun.v@example.org")),
        (
            {"about": "team", "team_name": "repairs"},
            {"about": "team", "team_name": "roofing"},
        ),
    ],
)
def test_a_real_name_and_an_invented_one_are_shown_the_same_pages(
    network, housing, boss, real, invented
) -> None:
    """The form is no directory oracle: which name was typed changes nothing but its echo."""
    real, invented = (
        {**answer, "person_directorate": str(housing.pk), "team_directorate": str(housing.pk)}
        for answer in (real, invented)
    )
    with mock.patch.object(receipts, "new_passphrase", return_value="amber river lantern"):
        walks = [walk(Client(), named) for named in (real, invented)]
    typed = [
        next(v for k, v in named.items() if k in ("person_email", "person_name", "team_name") and v)
        for named in (real, invented)
    ]
    found, not_found = (
        [(path, without_the_unrepeatable(page, t)) for path, page in pages]
        for pages, t in zip(walks, typed, strict=True)
    )
    assert [path for path, _ in found] == [path for path, _ in not_found]
    assert "/raise/hold/" in [path for path, _ in found]
    for (path, one), (_, other) in zip(found, not_found, strict=True):
        assert one == other, path
    # Both wait, held, whatever the directory said; only the real name can ever match.
    first, second = Case.objects.order_by("id")
    assert first.stage == second.stage == Stage.HELD
    assert first.named_marks.exists() and not second.named_marks.exists()


def test_the_staff_directory_is_not_read_until_the_concern_is_sent(
    client, network, housing, boss
) -> None:
    with CaptureQueriesContext(connection) as queries:
        client.post(STEP, person("Oluwaseun Vandermeer", housing))
        client.get("/raise/hold/")
    assert not [q for q in queries.captured_queries if "directory_staffmember" in q["sql"]]


def test_many_names_from_one_address_are_answered_alike(client, network, housing, boss) -> None:
    """With nothing to learn from the pages there is nothing to limit: nobody is slowed."""
    for attempt in range(25):
        response = client.post(STEP, person(f"Nobody Number{attempt}", housing))
        assert response["Location"] == "/raise/hold/"
    assert client.post(STEP, person("Oluwaseun Vandermeer", housing))["Location"] == "/raise/hold/"


def test_two_people_of_the_same_name_are_matched_to_neither(network, housing, boss) -> None:
    StaffMember.objects.create(
        employee_number="E-9",
        full_name="Oluwaseun Vandermeer",
        email="o.vandermeer@example.org",
        directorate=housing,
    )
    case = raised_about(person("Oluwaseun Vandermeer", housing))
    assert case.stage == Stage.NEW
    assert not case.people_named and not case.named_marks.exists()


def test_a_team_is_matched_by_its_directorate_and_name_after_sending(
    client, network, housing, boss
) -> None:
    team = {"about": "team", "team_directorate": str(housing.pk), "team_name": "repairs"}
    assert client.post(STEP, team)["Location"] == "/raise/hold/"
    assert (
        "about the same team, or about someone in it" in client.get("/raise/hold/").content.decode()
    )
    case = raised_about(team)
    assert set(case.named_marks.values_list("mark", flat=True)) == {
        patterns.team_mark(housing.pk, "repairs")
    }


def test_after_sending_the_match_drives_the_conflict_check_and_the_pattern_alert(
    network, housing, boss, make_user, django_capture_on_commit_callbacks
) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    first = raised_about(person("Oluwaseun Vandermeer", housing))
    needs = assignment.needs_of(first, reads.read_people_named(first, lead))
    assert boss.pk in needs.named
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        raised_about(person(email="seun.vandermeer@example.org"))
    subjects = [m.body.splitlines()[0] for m in mail.outbox]
    assert "Concerns that name the same person or team have arrived." in subjects


def test_a_held_concern_naming_someone_unknown_waits_until_its_raiser_releases_it(
    client, network, housing, boss
) -> None:
    held = raised_about(person("Nobody Atall", housing), hold="yes", client=client)
    assert held.stage == Stage.HELD and not held.named_marks.exists()
    raised_about(person("Oluwaseun Vandermeer", housing))
    held.refresh_from_db()
    assert held.stage == Stage.HELD
    client.post("/track/concern/release/")
    held.refresh_from_db()
    assert held.stage == Stage.NEW


def test_the_hold_question_must_be_answered_before_sending(client, network, housing, boss) -> None:
    answer_every_question(client, directorates=person("Oluwaseun Vandermeer", housing))
    assert client.get("/raise/check-your-answers/")["Location"] == "/raise/hold/"
    body = client.post("/raise/hold/", {}).content.decode()
    assert "Select whether to hold your concern" in body
    assert "Question 4 of 11" in client.get("/raise/hold/").content.decode()


def test_a_held_concern_is_sent_held_and_says_so(client, network, housing, boss) -> None:
    case = raise_naming(client, person("Oluwaseun Vandermeer", housing), "yes")
    assert case.stage == Stage.HELD
    assert set(
        NamedMark.objects.filter(case=case, by_raiser=True).values_list("mark", flat=True)
    ) == {patterns.person_mark(boss.pk)}
    page = client.get("/track/concern/").content.decode()
    assert "Your concern is held" in page
    assert "Held until someone else speaks up" in page


def test_naming_without_holding_sends_it_as_usual(client, network, housing, boss) -> None:
    case = raise_naming(client, person("Oluwaseun Vandermeer", housing), "no")
    assert case.stage == Stage.NEW and case.first_contact_due is not None


def test_the_name_they_typed_is_nowhere_in_the_database(client, network, housing, boss) -> None:
    case = raise_naming(client, person("oluwaseun vandermeer", housing), "yes")
    # The directory itself holds the name, as the HR export gave it; nothing else may.
    dump = dump_all_databases(exclude={"directory_staffmember"})
    for clear in ("oluwaseun", "Oluwaseun", "vandermeer", "Vandermeer", "E-4417"):
        assert clear not in dump
    assert patterns.person_mark(boss.pk) in dump
    assert case.people_named  # sealed, for the conflict checks


def test_other_pages_still_follow_in_order_when_nobody_is_named(client, network) -> None:
    response = client.post(STEP, ANSWERS["directorates"])
    assert response["Location"] == "/raise/what-you-want/"
    assert "Question 3 of 10" in client.get(STEP).content.decode()
