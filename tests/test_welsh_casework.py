"""A champion's and a lead's casework pages are whole in Welsh: every message has its Welsh.

Each address of the casework part is walked as every role with Cymraeg chosen, sent back empty
as well, then the work is done in Welsh (a note, time, a stage, the themes, a message, the
people named, a champion assigned, a case handed back and a concern recorded for someone) so
the messages after each action and the case's history are read in Welsh too.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safespace.accounts.models import Directorate, Membership, Role, User
from safespace.cases.models import Case, Stage
from tests.helpers import (
    REFERRAL_FORM,
    every_page,
    sign_in,
)
from tests.helpers import world as world
from tests.words import untranslated_welsh as untranslated_welsh

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

CASEWORK = [
    "cases:list",
    "cases:triage",
    "cases:assign",
    "cases:decline",
    "cases:people",
    "cases:detail",
    "cases:message",
    "cases:edit_note",
    "cases:work",
    "concerns:record",
    "concerns:recorded",
]


def welsh(client: Client) -> Client:
    client.get("/language/cy/")
    return client


@pytest.mark.parametrize("name", CASEWORK)
def test_every_casework_page_has_its_welsh(world, untranslated_welsh: list[str], name: str) -> None:
    walked = [response.status_code for _, response in every_page(world, name, "cy")]
    assert 200 in walked
    assert untranslated_welsh == []


def test_the_work_done_on_a_case_is_told_in_welsh(world, untranslated_welsh: list[str]) -> None:
    people, case, other = world
    champion = welsh(Client())
    sign_in(champion, people["champion_assigned"])
    page = f"/cases/{case.code}/"
    steps = [
        (f"{page}note/", {"body": "Spoke to them.", "shared_with_raiser": "yes"}),
        (f"{page}time/", {"day": "3 1 2020", "minutes": "45", "activity": "listening"}),
        (f"{page}time/", {"day": "", "minutes": "45", "activity": "listening"}),
        (f"{page}stage/", {"stage": Stage.LISTENING}),
        (f"{page}themes/", {}),
        (f"{page}message/", {"body": "Hello."}),
    ]
    told = [champion.post(url, data, follow=True).content.decode() for url, data in steps]
    assert "Mae eich nodyn wedi&#x27;i gadw" in told[0]
    shown = champion.get(page).content.decode()
    assert 'lang="cy"' in shown
    assert "Hyrwyddwr: ychwanegu nodyn" in shown

    lead = welsh(Client())
    sign_in(lead, people["lead"])
    lead.post(f"{page}people/", {"q": "nobody"})
    chosen = {"champion": str(people["champion_unassigned"].pk), "override_reason": "Free."}
    lead.post(f"/cases/{other.code}/assign/", chosen, follow=True)
    assert Case.objects.get(pk=other.pk).stage == Stage.ASSIGNED
    lead.get("/cases/triage/?attention=yes")

    second = welsh(Client())
    sign_in(second, people["champion_unassigned"])
    second.post(f"/cases/{other.code}/decline/", {"reason": "I know them."}, follow=True)
    assert Case.objects.get(pk=other.pk).stage == Stage.NEW
    assert untranslated_welsh == []


def test_recording_a_concern_for_someone_is_told_in_welsh(
    make_user, network, untranslated_welsh: list[str]
) -> None:
    housing = Directorate.objects.create(name="Housing")
    champion = make_user("recorder@example.org", (network, Role.CHAMPION))
    champion.directorate = housing
    champion.save()
    make_user("lead@example.org", (network, Role.LEAD))
    client = welsh(Client())
    sign_in(client, champion)
    body = client.get("/cases/new/").content.decode()
    match = re.search(r'name="submission" value="([0-9a-f-]{36})"', body)
    assert match
    form = {**REFERRAL_FORM, "submission": match.group(1), "directorates": [str(housing.pk)]}
    refused = client.post("/cases/new/", form).content.decode()
    assert "Allwch chi ddim bod yn hyrwyddwr iddyn nhw" in refused
    recorded = client.post("/cases/new/", {**form, "to_lead": "yes"}, follow=True)
    page = recorded.content.decode()
    assert "Mae wedi mynd i" in page
    assert untranslated_welsh == []


def test_the_lists_shown_a_page_at_a_time_read_whole_in_welsh(
    world, network, untranslated_welsh: list[str]
) -> None:
    # Enough champions and new concerns for the pool, the workload page and triage to page.
    for n in range(55):
        Membership.objects.create(
            user=User.objects.create_user(f"c{n:02}@example.org", full_name=f"Volunteer {n:02}"),
            network=network,
            role=Role.CHAMPION,
        )
    Case.objects.bulk_create(
        Case(network=network, stage=Stage.NEW, reference=f"SS-W{n:05d}") for n in range(30)
    )
    people, _, _ = world
    lead = welsh(Client())
    sign_in(lead, people["lead"])
    for path in ("/champions/", "/champions/workload/", "/cases/triage/"):
        for asked in ("", "?page=2", "?page=99"):
            page = lead.get(path + asked)
            assert page.status_code == 200
            assert 'class="govuk-pagination"' in page.content.decode()
    assert untranslated_welsh == []
