"""Naming who a concern is about in the raise form, and choosing to hold it until others speak."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from safespace.accounts.models import Directorate
from safespace.cases import patterns
from safespace.cases.models import Case, NamedMark, Stage
from safespace.concerns.tests.test_raise import ANSWERS, answer_every_question
from safespace.directory.models import StaffMember
from tests.dump import dump_all_databases

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


def test_a_person_is_found_by_name_and_directorate_ignoring_capitals(
    client, network, housing, boss
) -> None:
    response = client.post(STEP, person("  oluwaseun   VANDERMEER ", housing))
    assert response["Location"] == "/raise/hold/"
    page = client.get("/raise/hold/").content.decode()
    assert "We found the person you named in the staff directory" in page
    assert (
        "Nobody will read your concern until someone else raises a concern about the same "
        "person. You can release it or withdraw it at any time from your case page."
    ) in page
    # Nothing the directory holds that they did not type: not the email, team or number.
    for detail in ("seun.vandermeer@example.org", "Repairs", "E-4417", "Oluwaseun Vandermeer"):
        assert detail not in page


def test_a_person_is_found_by_work_email_and_only_that_is_shown_back(
    client, network, housing, boss
) -> None:
    answer_every_question(client, directorates=person(email="Seun.Vandermeer@Example.org"))
    client.post("/raise/hold/", {"hold": "no"})
    check = client.get("/raise/check-your-answers/").content.decode()
    assert "Seun.Vandermeer@Example.org" in check  # as they typed it
    assert "Oluwaseun" not in check and "Housing" not in check and "Repairs" not in check


def test_no_match_is_said_kindly_and_the_concern_can_still_be_raised(
    client, network, housing, boss
) -> None:
    for answer in (person("Oluwaseun Vandermeer"), person("Oluwaseun Vandermere", housing)):
        body = client.post(STEP, answer).content.decode()
        assert "govuk-error-summary" in body
    assert "We could not find this person in the staff directory" in body
    assert "you can still raise your concern" in body
    assert "Oluwaseun Vandermeer" not in body.replace("Oluwaseun Vandermere", "")
    body = client.post(STEP, person("Oluwaseun Vandermeer")).content.decode()
    assert "Select their directorate, or enter their work email address" in body
    # Choosing not to say moves on, without the hold question and without what they typed.
    response = client.post(STEP, {**person("Oluwaseun Vandermere", housing), "about": "none"})
    assert response["Location"] == "/raise/what-you-want/"
    assert client.get("/raise/hold/")["Location"] == "/raise/what-you-want/"


def test_two_people_of_the_same_name_need_the_email(client, network, housing, boss) -> None:
    StaffMember.objects.create(
        employee_number="E-9",
        full_name="Oluwaseun Vandermeer",
        email="o.vandermeer@example.org",
        directorate=housing,
    )
    body = client.post(STEP, person("Oluwaseun Vandermeer", housing)).content.decode()
    assert "More than one person in that directorate has this name" in body


def test_a_team_is_found_by_its_directorate_and_name(client, network, housing, boss) -> None:
    team = {"about": "team", "team_directorate": str(housing.pk), "team_name": "repairs"}
    assert client.post(STEP, team)["Location"] == "/raise/hold/"
    assert (
        "about the same team, or about someone in it" in client.get("/raise/hold/").content.decode()
    )
    body = client.post(STEP, {**team, "team_name": "Roofing"}).content.decode()
    assert "We could not find a team of that name there in the staff directory" in body


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


def test_walking_the_directory_from_one_address_is_stopped(client, network, housing, boss) -> None:
    """Someone naming a person needs a few tries; someone listing staff needs thousands."""
    cache.clear()
    for attempt in range(20):
        miss = client.post(STEP, person(f"Nobody Number{attempt}", housing))
        assert "could not find" in miss.content.decode().lower()
    refused = client.post(STEP, person("Oluwaseun Vandermeer", housing)).content.decode()
    assert "Too many names have been looked up from this connection" in refused
    assert "could not find" not in refused.lower()  # the look-up itself did not happen
    # Going on without naming anyone still works, and another connection is not held up.
    assert client.post(STEP, {"about": "none"}).status_code == 302
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(STEP, person("Oluwaseun Vandermeer", housing))["Location"] == "/raise/hold/"
