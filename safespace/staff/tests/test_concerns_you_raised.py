"""A member of staff who raises a concern under their name can return to it from their account."""

from __future__ import annotations

import hashlib
import time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from safespace.accounts.middleware import SIGNED_IN_AT
from safespace.cases.models import Case
from safespace.cases.raisers import link_for
from tests.helpers import answer_every_question, raise_concern, receipt_from, sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

NAMED = {"about-you": {"named": "yes", "name": "Ama Mensah", "directorate": ""}}


@pytest.fixture
def staff(make_user):
    return make_user("ama@example.org")


def test_a_named_concern_raised_while_signed_in_is_linked_to_the_account(
    client, network, staff, signed_in
) -> None:
    signed_in(staff)
    answer_every_question(client, **NAMED)
    check = client.get("/raise/check-your-answers/").content.decode()
    assert "Listed in your account (ama@example.org)" in check
    client.post("/raise/check-your-answers/")
    assert receipt_from(client.get("/raise/confirmation/").content.decode()), "still a receipt"
    assert Case.objects.get().raised_by(staff)


def test_the_account_lists_the_concern_and_its_button_opens_it(network, staff) -> None:
    raise_concern(sign_in(Client(), staff), **NAMED)
    case = Case.objects.get()
    browser = sign_in(Client(), staff)
    home = browser.get("/accounts/").content.decode()
    assert "Concerns you raised" in home
    assert f'action="/accounts/concerns/{case.code}/open/"' in home
    response = browser.post(f"/accounts/concerns/{case.code}/open/")
    assert response["Location"] == "/track/concern/"
    assert "Your concern" in browser.get("/track/concern/").content.decode()


def test_it_opens_no_one_else_s_concern(network, staff, make_user) -> None:
    raise_concern(sign_in(Client(), staff), **NAMED)
    case = Case.objects.get()
    someone_else = sign_in(Client(), make_user("colleague@example.org"))
    assert "Concerns you raised" not in someone_else.get("/accounts/").content.decode()
    assert someone_else.post(f"/accounts/concerns/{case.code}/open/").status_code == 404
    assert someone_else.get("/track/concern/")["Location"] == "/track/"
    assert sign_in(Client(), staff).get(f"/accounts/concerns/{case.code}/open/").status_code == 405


def test_an_anonymous_concern_is_never_linked_even_when_signed_in(client, network, staff) -> None:
    sign_in(client, staff)
    raise_concern(client)
    assert Case.objects.get().raiser_link == ""
    assert "Concerns you raised" not in client.get("/accounts/").content.decode()


def test_it_links_only_after_both_factors(client, network, staff) -> None:
    client.force_login(staff)  # a password, but no second factor yet
    session = client.session
    session[SIGNED_IN_AT] = time.time()
    session.save()
    raise_concern(client, **NAMED)
    assert Case.objects.get().raiser_link == ""


def test_the_about_you_page_says_so_only_to_someone_signed_in(client, network, staff) -> None:
    listed = "your concern will also be listed in your account"
    assert listed not in client.get("/raise/about-you/").content.decode()
    sign_in(client, staff)
    assert listed in client.get("/raise/about-you/").content.decode()


def test_the_case_table_holds_no_account_id_only_a_keyed_link(network, staff, make_user) -> None:
    raise_concern(sign_in(Client(), staff), **NAMED)
    case = Case.objects.get()
    columns = [
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), "cases_case")
    ]
    assert "raiser_id" not in columns
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case WHERE id = %s", [case.pk])
        row = cursor.fetchone()
    # Neither the account's id nor its code appears; the link is no plain hash of them either.
    values = {str(v) for v in row if v is not None}
    assert str(staff.code) not in values and staff.code.hex not in values
    assert case.raiser_link == link_for(staff.code)
    plain = {hashlib.sha256(s.encode()).hexdigest() for s in (str(staff.pk), str(staff.code))}
    assert not plain & values
    # Another account's link is different, so "your concerns" lists only one's own.
    assert link_for(make_user("colleague@example.org").code) != case.raiser_link


@pytest.mark.django_db(transaction=True, databases=["default", "keys"])
def test_the_upgrade_turns_each_account_link_into_a_keyed_one(network, staff) -> None:
    before = [("cases", "0006_held")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("cases", "Case")
        mine = old.objects.create(network_id=network.pk, raiser_id=staff.pk, reference="SS-AAAAAA")
        nobody = old.objects.create(network_id=network.pk, reference="SS-BBBBBB")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert Case.objects.get(pk=mine.pk).raised_by(staff)
    assert Case.objects.get(pk=nobody.pk).raiser_link == ""
    home = sign_in(Client(), staff).get("/accounts/").content.decode()
    assert f'action="/accounts/concerns/{mine.code}/open/"' in home
