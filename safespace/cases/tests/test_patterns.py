"""Two people naming the same manager or team is a pattern the lead is told about."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from safespace.accounts.models import Directorate, Role
from safespace.cases import patterns
from safespace.cases.models import Case, NamedMark, Stage
from safespace.cases.raisers import link_for
from safespace.cases.services import create
from safespace.cases.services import hold as case_hold
from safespace.directory.models import StaffMember
from tests.helpers import sign_in


@pytest.fixture
def org(make_user, network):
    lead = make_user("lead@example.org", (network, Role.LEAD))
    housing = Directorate.objects.create(name="Housing")
    boss = StaffMember.objects.create(
        employee_number="E1",
        full_name="Pat Boss",
        email="pat@example.org",
        directorate=housing,
        service="Repairs",
    )
    colleague = StaffMember.objects.create(
        employee_number="E2",
        full_name="Kim Colleague",
        email="kim@example.org",
        directorate=housing,
        service="Repairs",
    )
    other = StaffMember.objects.create(
        employee_number="E3",
        full_name="Lee Other",
        email="lee@example.org",
        directorate=housing,
        service="Lettings",
    )
    return lead, boss, colleague, other


def concern(network) -> Case:
    return create.create_case(create.NewConcern(network=network, narrative="x"))


def test_two_concerns_naming_the_same_manager_alert_the_lead(
    client, org, network, django_capture_on_commit_callbacks
) -> None:
    lead, boss, _, other = org
    first, second, third = concern(network), concern(network), concern(network)
    case_hold.set_people_named(first, [boss.pk], lead)
    case_hold.set_people_named(third, [other.pk], lead)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        case_hold.set_people_named(second, [boss.pk], lead)
    (email,) = mail.outbox
    assert email.to == ["lead@example.org"] and "Pat" not in email.body
    sign_in(client, lead)
    page = client.get("/cases/triage/").content.decode()
    warning = page.split("name the same person or team")[1].split("</ul>")[0]
    assert first.reference in warning and second.reference in warning
    assert third.reference not in warning
    # Only keyed hashes are kept: nothing in them says who, or which team.
    assert all(
        re.fullmatch(r"[0-9a-f]{64}", m) for m in NamedMark.objects.values_list("mark", flat=True)
    )


def test_the_same_team_is_a_pattern_and_an_old_concern_is_not(org, network) -> None:
    lead, boss, colleague, _ = org
    old, recent, newest = concern(network), concern(network), concern(network)
    Case.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=400))
    old.refresh_from_db()
    case_hold.set_people_named(old, [boss.pk], lead)
    case_hold.set_people_named(recent, [boss.pk], lead)
    assert patterns.record(newest, [colleague.pk]) == [recent]  # same team, Repairs


def test_one_raiser_twice_is_not_a_pattern(org, network, make_user) -> None:
    lead, boss, _, _ = org
    raiser = make_user("raiser@example.org")
    first = concern(network)
    second = concern(network)
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(raiser_link=link_for(raiser.code))
    first.refresh_from_db()
    second.refresh_from_db()
    case_hold.set_people_named(first, [boss.pk], lead)
    assert patterns.record(second, [boss.pk]) == []


def test_a_held_concern_is_in_no_pattern_until_it_is_released(org, network) -> None:
    lead, boss, _, _ = org
    held = create.create_case(
        create.NewConcern(network=network, narrative="x", named_staff=boss.pk, hold=True)
    )
    mine = concern(network)
    Case.objects.filter(pk__in=[mine.pk, held.pk]).update(raiser_link=link_for(lead.code))
    mine.refresh_from_db()
    # The same raiser: it stays held, and the lead is shown no pattern that includes it.
    case_hold.set_people_named(mine, [boss.pk], lead)
    held.refresh_from_db()
    assert held.stage == Stage.HELD
    assert patterns.patterns([network.pk]) == []
    assert patterns.sharing(mine) == []
    case_hold.set_people_named(concern(network), [boss.pk], lead)
    held.refresh_from_db()
    assert held.stage == Stage.NEW
    (group,) = patterns.patterns([network.pk])
    assert held in group and mine in group
