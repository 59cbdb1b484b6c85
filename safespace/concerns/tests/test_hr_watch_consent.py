"""The tripwire's consent question, asked alike in the raise form and in an assisted referral."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safespace.accounts.models import Role
from safespace.cases.models import Case
from safespace.tripwire import importer, keys
from safespace.tripwire import services as tripwire
from safespace.tripwire.models import Alert
from tests.helpers import NUMBER, REFERRAL_FORM, dump_all_databases


@pytest.fixture
def champion(make_user, network, signed_in):
    user = make_user("champion@example.org", (network, Role.CHAMPION))
    signed_in(user)
    return user


def test_the_assisted_referral_asks_the_same_question_in_their_words(client, champion) -> None:
    body = client.get("/cases/new/").content.decode()
    assert "Do they want us to watch for an HR process starting against them?" in body
    assert "HR is never told that they spoke up" in body
    assert "for 12 months after it closes" in body
    assert 'name="employee_number"' in body


def test_a_referral_for_someone_who_agreed_watches_the_keyed_hash_of_their_number(
    client, champion
) -> None:
    response = client.post(
        "/cases/new/", {**REFERRAL_FORM, "hr_watch": "yes", "employee_number": NUMBER}
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.hr_watch, case.hr_watch_key) == (True, keys.watch_key(NUMBER))
    assert NUMBER not in dump_all_databases()
    batch = importer.save(
        [importer.Good(keys.watch_key(NUMBER), "capability", timezone.localdate(case.created))],
        None,
    )
    assert tripwire.match_import(batch) == 1
    assert Alert.objects.get().case == case


def test_a_referral_without_consent_is_not_watched(client, champion) -> None:
    for answer in ({}, {"hr_watch": "no", "employee_number": NUMBER}):
        client.post("/cases/new/", {**REFERRAL_FORM, **answer})
    assert list(Case.objects.values_list("hr_watch", "hr_watch_key")) == [(False, "")] * 2


def test_yes_needs_a_number_that_could_be_one(client, champion) -> None:
    body = client.post("/cases/new/", {**REFERRAL_FORM, "hr_watch": "yes"}).content.decode()
    assert "Enter their employee number, or choose not to be watched" in body
    body = client.post(
        "/cases/new/", {**REFERRAL_FORM, "hr_watch": "yes", "employee_number": "12;34"}
    ).content.decode()
    assert "Enter their employee number using only letters, numbers and hyphens" in body
    assert 'href="#id_employee_number"' in body  # the error summary leads to the field
    assert not Case.objects.exists()


def test_the_raise_form_still_asks_in_the_raisers_own_words(client, network) -> None:
    body = client.post("/raise/hr-watch/", {"hr_watch": "yes"}).content.decode()
    assert "Enter your employee number, or choose not to be watched" in body
