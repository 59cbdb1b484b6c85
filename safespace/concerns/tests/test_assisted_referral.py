"""A champion records a concern for someone after a call, and passes on the receipt once."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from safespace.accounts.models import Directorate, Network, Role, User
from safespace.cases import patterns
from safespace.cases.models import Case, Channel, Sharing, Stage
from safespace.cases.services import create, reads
from safespace.directory.models import StaffMember
from tests.helpers import REFERRAL_FORM, receipt_from

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


@pytest.fixture
def champion(make_user, network, signed_in):
    user = make_user("champion@example.org", (network, Role.CHAMPION))
    signed_in(user)
    return user


def submission_token(client: Client) -> str:
    body = client.get("/cases/new/").content.decode()
    match = re.search(r'name="submission" value="([0-9a-f-]{36})"', body)
    assert match, "the form carries its own submission token"
    return match.group(1)


def test_it_records_the_concern_and_shows_the_receipt_once_after_a_redirect(
    client, champion
) -> None:
    response = client.post("/cases/new/", {**REFERRAL_FORM, "submission": submission_token(client)})
    assert response.status_code == 302
    assert response["Location"] == "/cases/new/recorded/"
    case = Case.objects.get()
    assert case.channel == Channel.PHONE
    assert case.assignments.get().champion == champion
    shown = client.get("/cases/new/recorded/")
    body = shown.content.decode()
    assert "Concern recorded" in body
    assert shown["Cache-Control"] == "no-store"
    receipt = receipt_from(body)
    passphrase = re.search(r'app-code">([a-z ]+)</dd>', body).group(1)
    again = client.get("/cases/new/recorded/").content.decode()
    assert "This receipt has already been shown" in again
    assert receipt not in again and passphrase not in again
    assert receipt.replace("-", "") not in str(dict(client.session))
    returning = Client().post("/track/", {"receipt": receipt, "passphrase": passphrase})
    assert returning["Location"] == "/track/concern/"


def test_the_same_form_sent_twice_records_one_concern_and_shows_its_receipt(
    client, champion
) -> None:
    form = {**REFERRAL_FORM, "submission": submission_token(client)}
    first = client.post("/cases/new/", form)
    second = client.post("/cases/new/", form)
    assert first["Location"] == second["Location"] == "/cases/new/recorded/"
    assert Case.objects.count() == 1
    body = client.get("/cases/new/recorded/").content.decode()
    passphrase = re.search(r'app-code">([a-z ]+)</dd>', body).group(1)
    returning = Client().post("/track/", {"receipt": receipt_from(body), "passphrase": passphrase})
    assert returning["Location"] == "/track/concern/"


def test_consent_is_recorded_as_they_gave_it(client, champion) -> None:
    client.post(
        "/cases/new/",
        {
            **REFERRAL_FORM,
            "submission": submission_token(client),
            "named": "yes",
            "name": "Ada Example",
            "share_with_director": "named",
            "share_with_manager": "anonymous",
        },
    )
    case = Case.objects.get()
    assert case.share_with_director == Sharing.NAMED
    assert case.share_with_manager == Sharing.ANONYMOUS
    history = list(case.consent_changes.values_list("with_whom", "level"))
    assert history == [("director", "named"), ("manager", "anonymous")]


def test_sharing_with_the_name_of_someone_who_gave_none_is_refused(client, champion) -> None:
    response = client.post(
        "/cases/new/",
        {**REFERRAL_FORM, "submission": submission_token(client), "share_with_director": "named"},
    )
    assert response.status_code == 200
    assert "They chose not to give their name, so choose" in response.content.decode()
    assert not Case.objects.exists()


def test_the_assisted_referral_form_shows_errors(client, champion) -> None:
    body = client.post("/cases/new/", {}).content.decode()
    assert "Select how they raised it" in body
    assert '<a href="#id_channel_0">Select how they raised it</a>' in body
    assert Case.objects.count() == 0


# The raise form's questions, and its safeguards, for a concern recorded after a conversation.


@pytest.fixture
def housing(db) -> Directorate:
    return Directorate.objects.create(name="Housing")


@pytest.fixture
def finance(db) -> Directorate:
    return Directorate.objects.create(name="Finance")


@pytest.fixture
def boss(housing) -> StaffMember:
    return StaffMember.objects.create(
        employee_number="E-4417",
        full_name="Oluwaseun Vandermeer",
        email="seun.vandermeer@example.org",
        directorate=housing,
        service="Repairs",
    )


@pytest.fixture
def lead(make_user, network):
    return make_user("lead@example.org", (network, Role.LEAD))


def naming(boss: StaffMember, hold: str = "no") -> dict:
    return {
        "about": "person",
        "person_name": boss.full_name.lower(),
        "person_directorate": str(boss.directorate_id),
        "hold": hold,
    }


def test_it_asks_the_raise_forms_questions_in_the_champions_voice(client, champion) -> None:
    body = client.get("/cases/new/").content.decode()
    for question in (
        "Is it about a particular person or team?",
        "No, or they would rather not say",
        "Their full name",
        "Do they want to hold their concern until someone else speaks up?",
        "Does the person want to give their name?",
        "Which directorate do they work in?",
        "Is there anything about the champion that matters to them?",
        "Is there a directorate their champion should not come from?",
        "May their champion share the concern with the Director of Wellbeing?",
        "Yes, with their name",
        "Yes, without their name",
    ):
        assert question in body, question
    for raisers_words in ("with my name", "Do you want", "your concern", "I&#x27;d rather not"):
        assert raisers_words not in body, raisers_words
    assert 'name="passphrase"' not in body and 'name="own"' not in body


def test_the_person_named_and_the_directorates_are_captured(
    client, champion, housing, finance, boss
) -> None:
    response = client.post(
        "/cases/new/",
        {
            **REFERRAL_FORM,
            **naming(boss),
            "submission": submission_token(client),
            "named": "yes",
            "name": "Amara Okafor",
            "directorate": str(finance.pk),
            "directorates": [str(housing.pk)],
            "preferences": "Someone who has been through it",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.raiser_directorate == finance
    assert list(case.directorates_concerned.all()) == [housing]
    assert reads.read_people_named(case, None) == [boss.pk]
    assert patterns.person_mark(boss.pk) in case.named_marks.values_list("mark", flat=True)
    content = reads.read_content(case, None)
    assert content.raiser_name == "Amara Okafor" and not case.anonymous
    assert content.preferences == "Someone who has been through it"
    assert case.assignments.get().champion == champion


def test_a_champion_with_a_conflict_is_told_and_may_pass_it_to_the_lead(
    client, champion, lead, housing, boss, django_capture_on_commit_callbacks
) -> None:
    champion.directorate = housing
    champion.save()
    form = {
        **REFERRAL_FORM,
        "submission": submission_token(client),
        "directorates": [str(housing.pk)],
    }
    body = client.post("/cases/new/", form).content.decode()
    assert "govuk-error-summary" in body
    assert "You cannot be their champion: you work in a directorate the concern is about" in body
    assert "Pass it to the lead champion" in body
    assert REFERRAL_FORM["narrative"] in body  # nothing typed is lost
    assert not Case.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cases/new/", {**form, "to_lead": "yes"})
    assert response["Location"] == "/cases/new/recorded/"
    case = Case.objects.get()
    assert case.stage == Stage.NEW and not case.assignments.exists()
    assert [m.to for m in mail.outbox] == [[lead.email]]
    recorded = client.get("/cases/new/recorded/").content.decode()
    assert "It has gone to the lead champion" in recorded
    assert receipt_from(recorded)


def test_a_champion_in_the_reporting_line_of_the_person_named_is_not_assigned(
    client, champion, housing, boss
) -> None:
    me = StaffMember.objects.create(
        employee_number="E-1", full_name="Champion", email=champion.email, directorate=housing
    )
    boss.manager = me
    boss.save()
    body = client.post(
        "/cases/new/", {**REFERRAL_FORM, **naming(boss), "submission": submission_token(client)}
    ).content.decode()
    assert "you are in the reporting line of someone the concern names" in body
    assert not Case.objects.exists()


def test_a_pattern_alert_fires_as_for_a_raised_concern(
    client, champion, lead, boss, django_capture_on_commit_callbacks
) -> None:
    create.create_case(create.NewConcern(network=champion_network(champion), named_staff=boss.pk))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/cases/new/",
            {
                **REFERRAL_FORM,
                "submission": submission_token(client),
                "about": "person",
                "person_email": "Seun.Vandermeer@example.org",
                "hold": "no",
            },
        )
    first_lines = [m.body.splitlines()[0] for m in mail.outbox]
    assert "Concerns that name the same person or team have arrived." in first_lines


def test_a_concern_they_want_held_is_held_and_nobody_is_assigned(client, champion, boss) -> None:
    body = client.post(
        "/cases/new/",
        {**REFERRAL_FORM, **naming(boss), "hold": "", "submission": submission_token(client)},
    ).content.decode()
    assert "Select whether they want to hold their concern" in body
    client.post(
        "/cases/new/",
        {**REFERRAL_FORM, **naming(boss, hold="yes"), "submission": submission_token(client)},
    )
    case = Case.objects.get()
    assert case.stage == Stage.HELD and not case.assignments.exists()
    recorded = client.get("/cases/new/recorded/").content.decode()
    assert "Their concern is held" in recorded
    assert "Go to the case" not in recorded


def champion_network(champion: User) -> Network:
    return champion.memberships.get().network


def test_a_held_concern_released_at_once_by_a_match_goes_to_the_lead_not_the_recorder(
    client, champion, boss
) -> None:
    create.create_case(create.NewConcern(network=champion_network(champion), named_staff=boss.pk))
    client.post(
        "/cases/new/",
        {**REFERRAL_FORM, **naming(boss, hold="yes"), "submission": submission_token(client)},
    )
    case = Case.objects.order_by("-id")[0]
    assert case.stage == Stage.NEW and not case.assignments.exists()
    assert "It has gone to the lead champion" in client.get("/cases/new/recorded/").content.decode()
