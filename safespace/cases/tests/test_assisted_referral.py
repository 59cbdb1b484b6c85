"""A champion records a concern for someone after a call, and passes on the receipt once."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safespace.accounts.models import Role
from safespace.cases.models import Case, Channel, Sharing
from safespace.concerns.tests.test_raise import receipt_from

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

FORM = {
    "channel": "phone",
    "narrative": "Told me on the phone about the probation review.",
    "want": "heard",
    "contact_method": "phone",
    "contact_details": "07700 900 123",
    "share_with_director": "none",
    "share_with_manager": "none",
}


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
    response = client.post("/cases/new/", {**FORM, "submission": submission_token(client)})
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
    form = {**FORM, "submission": submission_token(client)}
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
            **FORM,
            "submission": submission_token(client),
            "share_with_director": "named",
            "share_with_manager": "anonymous",
        },
    )
    case = Case.objects.get()
    assert case.share_with_director == Sharing.NAMED
    assert case.share_with_manager == Sharing.ANONYMOUS
    history = list(case.consent_changes.values_list("with_whom", "level"))
    assert history == [("director", "named"), ("manager", "anonymous")]


def test_the_assisted_referral_form_shows_errors(client, champion) -> None:
    body = client.post("/cases/new/", {}).content.decode()
    assert "Select how they raised it" in body
    assert '<a href="#id_channel_0">Select how they raised it</a>' in body
    assert Case.objects.count() == 0
