"""Each piece of casework leaves an audit event naming who, in what role, and which case; never what."""

from __future__ import annotations

import secrets

import pytest
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import Directorate, Role, User
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case
from safespace.cases.services import assign, create, hold
from safespace.cases.services import messages as case_messages
from safespace.cases.services import notes as case_notes
from safespace.directory.models import StaffMember
from tests.helpers import sign_in


class World:
    def __init__(self, make_user, network) -> None:
        self.lead = make_user("lead@example.org", (network, Role.LEAD))
        self.champion = make_user("champion@example.org", (network, Role.CHAMPION))
        self.other = make_user("other@example.org", (network, Role.CHAMPION))
        self.case = create.create_case(create.NewConcern(network=network, narrative="story"))
        assign.assign_champion(self.case, self.champion, actor=self.lead)
        self.network = network

    def as_(self, user: User) -> Client:
        return sign_in(Client(), user)

    def events(self, action: str) -> list[tuple[str, str]]:
        """(role, actor) of each event of this kind on this case."""
        found = AuditEvent.objects.filter(
            object_type="case", object_code=str(self.case.code), action=action
        )
        return list(found.values_list("actor_role", "actor_code"))

    def by(self, user: User, role: str) -> list[tuple[str, str]]:
        return [(role, str(user.code))]


@pytest.fixture
def world(make_user, network) -> World:
    return World(make_user, network)


def test_adding_a_note_records_note_add(world) -> None:
    world.as_(world.champion).post(
        f"/cases/{world.case.code}/note/", {"body": "Spoke today", "shared_with_raiser": "no"}
    )
    assert world.events("note.add") == world.by(world.champion, "champion")


def test_changing_a_note_records_note_edit(world) -> None:
    note = case_notes.add_note(world.case, world.champion, "First go", shared_with_raiser=False)
    world.as_(world.champion).post(
        f"/cases/{world.case.code}/notes/{note.code}/",
        {"body": "Second go", "shared_with_raiser": "no"},
    )
    assert world.events("note.edit") == world.by(world.champion, "champion")


def test_opening_a_case_with_notes_records_notes_read(world) -> None:
    case_notes.add_note(world.case, world.champion, "A note", shared_with_raiser=False)
    world.as_(world.lead).get(f"/cases/{world.case.code}/")
    assert world.events("notes.read") == world.by(world.lead, "lead")


def test_opening_a_case_with_messages_records_messages_read(world) -> None:
    case_messages.send_message(world.case, "Hello", from_raiser=True, author=None)
    world.as_(world.champion).get(f"/cases/{world.case.code}/")
    assert world.events("messages.read") == world.by(world.champion, "champion")


def test_logging_time_records_time_log(world) -> None:
    world.as_(world.champion).post(
        f"/cases/{world.case.code}/time/",
        {"day": timezone.localdate().isoformat(), "minutes": "45", "activity": "listening"},
    )
    assert world.events("time.log") == world.by(world.champion, "champion")


def test_assigning_a_champion_records_case_assign(world) -> None:
    assert world.events("case.assign") == world.by(world.lead, "lead")


def test_handing_a_case_back_records_case_decline(world) -> None:
    world.as_(world.champion).post(f"/cases/{world.case.code}/decline/", {"reason": "I know them"})
    assert world.events("case.decline") == world.by(world.champion, "champion")


def test_refining_the_themes_records_themes_change(world) -> None:
    theme = world.network.themes.get()
    world.as_(world.champion).post(f"/cases/{world.case.code}/themes/", {"themes": [theme.pk]})
    assert world.events("themes.change") == world.by(world.champion, "champion")


def named_person() -> StaffMember:
    return StaffMember.objects.create(
        employee_number="E100",
        full_name="Pat Manager",
        email="pat@example.org",
        directorate=Directorate.objects.create(name="Place"),
    )


def test_naming_a_person_records_people_change(world) -> None:
    person = named_person()
    world.as_(world.lead).post(f"/cases/{world.case.code}/people/", {"add": str(person.pk)})
    assert world.events("people.change") == world.by(world.lead, "lead")


def test_opening_who_a_case_names_records_people_read(world) -> None:
    hold.set_people_named(world.case, [named_person().pk], world.lead)
    world.as_(world.lead).get(f"/cases/{world.case.code}/people/")
    assert world.events("people.read") == world.by(world.lead, "lead")


def test_opening_the_reasons_for_assignments_records_assignments_read(world) -> None:
    assign.assign_champion(world.case, world.other, actor=world.lead, override_reason="Trust")
    world.as_(world.lead).get(f"/cases/{world.case.code}/")
    assert world.events("assignments.read") == world.by(world.lead, "lead")


def test_no_audit_event_holds_any_of_the_words_written(world) -> None:
    canary = "canary-" + secrets.token_hex(8)
    champion = world.as_(world.champion)
    code = world.case.code
    champion.post(f"/cases/{code}/note/", {"body": f"note {canary}", "shared_with_raiser": "no"})
    note = Case.objects.get(pk=world.case.pk).notes.get()
    champion.post(
        f"/cases/{code}/notes/{note.code}/", {"body": f"edit {canary}", "shared_with_raiser": "yes"}
    )
    champion.post(f"/cases/{code}/message/", {"body": f"message {canary}"})
    assign.assign_champion(world.case, world.other, actor=world.lead, override_reason=canary)
    assign.decline(world.case, world.other, f"decline {canary}")
    lead = world.as_(world.lead)
    page = lead.get(f"/cases/{code}/").content.decode()
    assert page.count(canary) >= 4, "the lead must be able to read each of them"
    events = list(AuditEvent.objects.filter(object_code=str(code)))
    assert {"note.add", "note.edit", "message.send", "case.decline"} <= {e.action for e in events}
    for event in events:
        values = [str(getattr(event, field.attname)) for field in AuditEvent._meta.fields]
        assert not [v for v in values if canary in v], event
