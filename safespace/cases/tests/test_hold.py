"""Held until someone else speaks up: waiting unread, released by a match or by the raiser."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from safespace.accounts.models import Directorate, Role
from safespace.audit.models import AuditEvent
from safespace.cases import patterns
from safespace.cases.models import Assignment, Case, Sharing, Stage
from safespace.cases.services import create, lookup, stages
from safespace.cases.services import hold as case_hold
from safespace.champions.services import agenda_lines
from safespace.dev.demo import cases as demo
from safespace.directory.models import StaffMember
from safespace.keystore.models import CaseKey
from safespace.policy import Action, can
from safespace.tripwire import importer, keys
from safespace.tripwire import services as tripwire
from safespace.tripwire.models import Alert
from tests.helpers import raiser_client, sign_in

PATTERN_EMAIL = "Concerns that name the same person or team have arrived"
NEW_EMAIL = "A new concern has arrived"


@pytest.fixture
def people(make_user, network) -> dict[str, Any]:
    housing = Directorate.objects.create(name="Housing")

    def staff(number: str, name: str, service: str) -> StaffMember:
        return StaffMember.objects.create(
            employee_number=number,
            full_name=name,
            email=f"{name.split()[0].lower()}@example.org",
            directorate=housing,
            service=service,
        )

    return {
        "housing": housing,
        "boss": staff("E1", "Pat Boss", "Repairs"),
        "colleague": staff("E2", "Kim Colleague", "Repairs"),
        "other": staff("E3", "Lee Other", "Lettings"),
        "lead": make_user("lead@example.org", (network, Role.LEAD)),
        "director": make_user("director@example.org", (network, Role.DIRECTOR)),
        "champion": make_user("champion@example.org", (network, Role.CHAMPION)),
    }


@pytest.fixture
def concern(network, django_capture_on_commit_callbacks) -> Callable[..., Case]:
    """Raise a concern (emails sent as on commit), naming a person or team if given."""

    def make(
        staff: StaffMember | None = None, team: tuple[int, str] | None = None, **extra: Any
    ) -> Case:
        with django_capture_on_commit_callbacks(execute=True):
            case = create.create_case(
                create.NewConcern(
                    network=network,
                    narrative="My team leader shouts at me in front of everyone.",
                    named_staff=staff.pk if staff else None,
                    named_team=team,
                    **extra,
                )
            )
        case.refresh_from_db()
        return case

    return make


def actions(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_code=str(case.code))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def sent() -> list[str]:
    return [m.body.split(".")[0] for m in mail.outbox]


def test_a_held_concern_waits_until_someone_else_names_the_same_person(
    client, people, concern
) -> None:
    held = concern(people["boss"], hold=True)
    assert held.stage == Stage.HELD and held.first_contact_due is None
    assert actions(held) == ["case.create", "case.hold"]
    assert sent() == []  # nobody is even told it exists

    unrelated = concern(people["other"])
    held.refresh_from_db()
    assert held.stage == Stage.HELD

    mail.outbox.clear()
    other = concern(people["boss"])
    held.refresh_from_db()
    assert held.stage == Stage.NEW
    assert held.first_contact_due == stages.first_contact_due(timezone.now(), held.network)
    assert actions(held)[-1] == "case.release.match"
    assert sorted(sent()) == sorted([NEW_EMAIL, NEW_EMAIL, PATTERN_EMAIL])

    sign_in(client, people["lead"])
    page = client.get("/cases/triage/").content.decode()
    warning = page.split("name the same person or team")[1].split("</ul>")[0]
    assert held.reference in warning and other.reference in warning
    assert unrelated.reference not in warning
    case_page = client.get(f"/cases/{held.code}/")
    assert case_page.status_code == 200
    # The timeline tells the lead why a concern raised weeks ago has only now arrived.
    assert "asked to hold the concern until someone else raises" in case_page.content.decode()
    assert "another concern named the same person or team" in case_page.content.decode()


def test_a_lead_naming_the_same_person_at_triage_releases_it(people, concern) -> None:
    held = concern(people["boss"], hold=True)
    other = concern()
    case_hold.set_people_named(other, [people["colleague"].pk], people["lead"])
    held.refresh_from_db()
    assert held.stage == Stage.HELD
    case_hold.set_people_named(other, [people["boss"].pk], people["lead"])
    held.refresh_from_db()
    assert held.stage == Stage.NEW
    assert actions(held)[-1] == "case.release.match"


def test_the_lead_changing_who_is_named_keeps_what_the_raiser_named(people, concern) -> None:
    named = concern(people["boss"])
    case_hold.set_people_named(named, [], people["lead"])
    held = concern(people["boss"], hold=True)
    assert held.stage == Stage.NEW, "the raiser's own naming still matches"


def test_a_held_team_is_released_by_someone_in_it_but_a_held_person_only_by_that_person(
    people, concern
) -> None:
    team = concern(team=(people["housing"].pk, "REPAIRS"), hold=True)
    person = concern(people["boss"], hold=True)
    team.refresh_from_db()
    person.refresh_from_db()
    # Pat works in Repairs, so the team's raiser has company, even in a concern still held.
    assert team.stage == Stage.NEW
    assert person.stage == Stage.HELD
    concern(people["colleague"])  # the same team, another person
    person.refresh_from_db()
    assert person.stage == Stage.HELD


def test_the_same_raiser_naming_the_same_person_again_does_not_release_it(
    people, concern, make_user
) -> None:
    account = make_user("raiser@example.org")
    held = concern(people["boss"], hold=True, raiser=account)
    concern(people["boss"], raiser=account)
    held.refresh_from_db()
    assert held.stage == Stage.HELD
    concern(people["boss"])
    held.refresh_from_db()
    assert held.stage == Stage.NEW


@pytest.mark.parametrize(("months", "released"), [(11, True), (13, False)])
def test_only_a_concern_within_the_pattern_window_releases_it(
    people, concern, settings, months: int, released: bool
) -> None:
    settings.SAFESPACE_PATTERN_MONTHS = 12
    start = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC)
    later = start + datetime.timedelta(days=30 * months)
    with mock.patch("django.utils.timezone.now", return_value=start):
        held = concern(people["boss"], hold=True)
    with mock.patch("django.utils.timezone.now", return_value=later):
        concern(people["boss"])
    held.refresh_from_db()
    assert (held.stage == Stage.NEW) is released
    if released:
        # The first-contact clock starts on release, not on the day it was raised.
        assert held.first_contact_due == stages.first_contact_due(later, held.network)


def test_nobody_on_the_staff_side_can_read_or_work_a_held_concern(client, people, concern) -> None:
    held = concern(people["boss"], hold=True, share_with_director=Sharing.NAMED)
    # Even if someone were assigned to it, that would not open it.
    Assignment.objects.create(case=held, champion=people["champion"])
    addresses = [
        f"/cases/{held.code}/",
        f"/cases/{held.code}/message/",
        f"/cases/{held.code}/assign/",
        f"/cases/{held.code}/people/",
        f"/cases/{held.code}/decline/",
        f"/cases/{held.code}/note/",
        f"/cases/{held.code}/close/",
        f"/cases/{held.code}/meetings/new/",
    ]
    for role in ("lead", "director", "champion"):
        user = people[role]
        sign_in(client, user)
        for address in addresses:
            assert client.get(address).status_code == 404, (role, address)
            if address != addresses[0]:  # the case page itself answers only GET
                assert client.post(address, {}).status_code == 404, (role, address)
        for action in (Action.READ_CASE, Action.READ_IDENTITY, Action.READ_CASEWORK):
            assert not can(user, action, held), (role, action)
    assert not any(a.endswith(".read") for a in actions(held))
    assert held.stage == Stage.HELD
    # The refusal is the same page as for a case that does not exist.
    sign_in(client, people["lead"])
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    refused = client.get(f"/cases/{held.code}/").content
    missing = client.get("/cases/00000000-0000-4000-8000-000000000000/").content
    assert token.sub(b"", refused) == token.sub(b"", missing)


def test_a_held_concern_is_in_no_list_count_or_deadline(client, people, concern, network) -> None:
    held = concern(people["boss"], hold=True)
    Case.objects.filter(pk=held.pk).update(created=timezone.now() - datetime.timedelta(days=40))
    held.refresh_from_db()
    assert not held.is_open
    assert held.first_contact_due is None  # so never overdue
    sign_in(client, people["lead"])
    assert held.reference not in client.get("/cases/triage/").content.decode()
    assert held.reference not in client.get("/cases/").content.decode()
    sign_in(client, people["director"])
    assert held.reference not in client.get("/cases/").content.decode()
    assert held.reference not in [line["reference"] for line in agenda_lines(network)]
    assert patterns.patterns([network.pk]) == []


def test_the_raiser_can_release_it_themselves(people, concern, django_capture_on_commit_callbacks):
    held = concern(people["boss"], hold=True)
    browser = raiser_client(held)
    page = browser.get("/track/concern/").content.decode()
    assert "Your concern is held" in page and 'href="/track/concern/release/"' in page
    assert "Are you sure" in browser.get("/track/concern/release/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post("/track/concern/release/")["Location"] == "/track/concern/"
    held.refresh_from_db()
    assert held.stage == Stage.NEW and held.first_contact_due is not None
    assert actions(held)[-1] == "case.release.raiser"
    assert sent() == [NEW_EMAIL]
    assert "You released the concern" in browser.get("/track/concern/").content.decode()
    # Once released it cannot be released (or held) again.
    browser.post("/track/concern/release/")
    assert actions(held).count("case.release.raiser") == 1


def test_the_raiser_sees_when_a_match_released_it(people, concern) -> None:
    held = concern(people["boss"], hold=True, contact_method="email", contact_details="me@x.org")
    mail.outbox.clear()
    concern(people["boss"])
    page = raiser_client(held).get("/track/concern/").content.decode()
    assert "Someone else raised a concern about the same person or team" in page
    assert "released your concern to the lead champion" in page
    told = [m for m in mail.outbox if m.to == ["me@x.org"]]
    assert [m.body.split(".")[0] for m in told] == ["There is news about your concern"]


def test_a_held_concern_withdrawn_is_deleted_and_nobody_can_ever_read_it(
    client, people, concern
) -> None:
    held = concern(people["boss"], hold=True)
    code = held.code
    browser = raiser_client(held)
    assert "nobody ever will" in browser.get("/track/concern/withdraw/").content.decode()
    page = browser.post("/track/concern/withdraw/").content.decode()
    assert "Your concern has been deleted" in page
    assert not Case.objects.filter(code=code).exists()
    assert not CaseKey.objects.using("keys").filter(case_code=code).exists()
    assert list(
        AuditEvent.objects.filter(object_code=str(code)).values_list("action", flat=True)
    ) == ["case.create", "case.hold", "case.discard"]
    # The lead finds nothing of it, now or when someone else names the same person.
    other = concern(people["boss"])
    sign_in(client, people["lead"])
    assert client.get(f"/cases/{code}/").status_code == 404
    assert str(code) not in client.get("/cases/").content.decode()
    assert Case.objects.filter(network=other.network).count() == 1
    # The receipt's session is over; its page sends the raiser back to /track/.
    assert browser.get("/track/concern/")["Location"] == "/track/"


def test_an_hr_process_while_held_tells_nobody_until_it_is_released(people, concern) -> None:
    number = "QX-5817-2934"
    held = concern(people["boss"], hold=True, hr_watch_key=keys.watch_key(number))
    assert (held.hr_watch, held.hr_watch_key) == (False, keys.watch_key(number))
    batch = importer.save(
        [importer.Good(keys.watch_key(number), "capability", timezone.localdate())], None
    )
    assert tripwire.match_import(batch) == 0
    assert not Alert.objects.exists()
    concern(people["boss"])
    held.refresh_from_db()
    assert held.hr_watch
    assert Alert.objects.get().case == held  # what happened while it waited is not lost


def test_the_demo_has_a_held_concern_that_naming_martin_keane_releases(db) -> None:
    call_command("seed_demo")
    call_command("seed_demo")
    held = Case.objects.get(stage=Stage.HELD)
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    assert "DEM0-HE1D-CASE-0008" in readme and "Martin Keane (Housing)" in readme
    assert lookup.find_by_receipt("DEM0HE1DCASE0008", demo.CASES[-1].passphrase) == held
    martin = StaffMember.objects.get(full_name="Martin Keane", directorate__name="Housing")
    create.create_case(
        create.NewConcern(network=held.network, narrative="x", named_staff=martin.pk)
    )
    held.refresh_from_db()
    assert held.stage == Stage.NEW
