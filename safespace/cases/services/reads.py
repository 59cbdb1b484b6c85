"""Every read of a case's sealed content, each audited so the raiser can see it happened."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext

from safespace.accounts.models import Role, User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.audit.chain import record_many
from safespace.cases.models import Assignment, Case
from safespace.cases.services.sealed import (
    CONTACT,
    DECLINE,
    MESSAGE,
    NAME,
    NARRATIVE,
    NOTE,
    NOTE_VERSION,
    OVERRIDE,
    PEOPLE,
    PREFERENCES,
    RAISER,
    by_key,
    case_row,
    message_row,
    note_row,
)
from safespace.keystore import crypto


@dataclass(frozen=True)
class ShownAssignment:
    champion: str
    assigned_at: datetime.datetime
    ended_at: datetime.datetime | None
    override_reason: str
    decline_reason: str


def read_assignments(case: Case, user: User | None) -> list[ShownAssignment]:
    """Who has held the case, with the lead's and champions' reasons (sealed; the read is audited)."""
    if "assignments" in getattr(case, "_prefetched_objects_cache", {}):
        # Read with the case (the case page): every assignment, each with its champion.
        held = sorted(case.assignments.all(), key=lambda a: a.assigned_at)
    else:
        held = list(case.assignments.select_related("champion").order_by("assigned_at"))
    if any(a.override_reason or a.decline_reason for a in held):
        audit_case(user, AuditAction.ASSIGNMENTS_READ, case)

    def open_(field: str, blob: bytes | memoryview | None, a: Assignment) -> str:
        return crypto.unseal(case.code, field, bytes(blob), by_key(a)) if blob else ""

    return [
        ShownAssignment(
            champion=a.champion.full_name,
            assigned_at=a.assigned_at,
            ended_at=a.ended_at,
            override_reason=open_(OVERRIDE, a.override_reason, a),
            decline_reason=open_(DECLINE, a.decline_reason, a),
        )
        for a in held
    ]


@dataclass(frozen=True)
class ShownNote:
    code: str
    body: str
    shared_with_raiser: bool
    created: datetime.datetime
    edited: datetime.datetime | None
    author: str
    earlier: list[str]


def read_notes(
    case: Case,
    user: User | None,
    *,
    raiser_view: bool = False,
    shared_only: bool = False,
    role: str | None = None,
) -> list[ShownNote]:
    """The notes this reader may see: the raiser only ever gets the shared ones. `role` names
    the reader for the audit trail when it is not the one their account or view implies."""
    notes = case.notes.select_related("author")
    if raiser_view or shared_only:
        notes = notes.filter(shared_with_raiser=True)
    shown = list(notes)
    earlier = not (raiser_view or shared_only)
    if earlier and any(n.edited for n in shown):
        # Only an edited note has earlier versions: a case whose notes never changed skips this.
        prefetch_related_objects(shown, "versions")
    if shown:
        audit_case(
            user, AuditAction.NOTES_READ, case, role=role or (RAISER if raiser_view else None)
        )

    def open_(field: str, blob: bytes | memoryview | None, row: crypto.Row) -> str:
        return crypto.unseal(case.code, field, bytes(blob or b""), row)

    return [
        ShownNote(
            code=str(n.code),
            body=open_(NOTE, n.body, note_row(n)),
            shared_with_raiser=n.shared_with_raiser,
            created=n.created,
            edited=n.edited,
            author=gettext("Your champion")
            if raiser_view
            else str(n.author or gettext("A former champion")),
            earlier=[open_(NOTE_VERSION, v.body, by_key(v)) for v in n.versions.all()]
            if earlier and n.edited
            else [],
        )
        for n in shown
    ]


def read_people_named(case: Case, user: User | None) -> list[int]:
    """The directory ids of the people the concern names; opening them is audited."""
    if not case.people_named:
        return []
    audit_case(user, AuditAction.PEOPLE_READ, case)
    opened = crypto.unseal(case.code, PEOPLE, bytes(case.people_named), case_row(case))
    return [int(pk) for pk in json.loads(opened)]


def read_people_named_many(cases: list[Case], user: User) -> dict[int, list[int]]:
    """The people each case names, for a list page: one audit event per case, written at once."""
    opened = {
        case.pk: [
            int(pk)
            for pk in json.loads(
                crypto.unseal(case.code, PEOPLE, bytes(case.people_named), case_row(case))
            )
        ]
        for case in cases
        if case.people_named
    }
    record_many(
        actor_code=str(user.code),
        actor_role=Role.LEAD.value,
        action=AuditAction.PEOPLE_READ,
        object_type="case",
        object_codes=[str(c.code) for c in cases if c.pk in opened],
    )
    return opened


def read_preferences(case: Case, user: User | None) -> str:
    """What the raiser asked of their champion, for ranking suggestions (audited)."""
    if not case.champion_preferences:
        return ""
    audit_case(user, AuditAction.PREFERENCES_READ, case)
    return crypto.unseal(case.code, PREFERENCES, bytes(case.champion_preferences), case_row(case))


@dataclass(frozen=True)
class CaseContent:
    narrative: str
    contact_details: str
    raiser_name: str
    preferences: str


def read_content(
    case: Case, user: User | None, role: str | None = None, *, identity: bool = True
) -> CaseContent:
    """Open the sealed parts of a case. The read is audited, so the raiser can see it happened.

    Without `identity` the raiser's name, contact details and champion preferences stay
    sealed: the Director of Wellbeing reads a concern shared "without my name" this way.
    """

    def open_(name: str, blob: bytes | memoryview | None) -> str:
        return crypto.unseal(case.code, name, bytes(blob or b""), case_row(case))

    # The read is recorded first, and kept even if opening then fails (a destroyed key, a
    # damaged value): the attempt was made. Opening runs in no block of its own, so a failure
    # leaves the caller's transaction usable for the page that says so.
    audit_case(user, AuditAction.CASE_READ, case, role=role)
    return CaseContent(
        narrative=open_(NARRATIVE, case.narrative),
        contact_details=open_(CONTACT, case.contact_details) if identity else "",
        raiser_name=open_(NAME, case.raiser_name) if identity else "",
        preferences=open_(PREFERENCES, case.champion_preferences) if identity else "",
    )


@dataclass(frozen=True)
class ShownMessage:
    from_raiser: bool
    body: str
    sent: datetime.datetime


def read_messages(case: Case, user: User | None, role: str | None = None) -> list[ShownMessage]:
    messages = list(case.messages.all())
    if messages:
        audit_case(user, AuditAction.MESSAGES_READ, case, role=role)
    return [
        ShownMessage(
            m.from_raiser,
            crypto.unseal(case.code, MESSAGE, bytes(m.body or b""), message_row(m)),
            m.sent,
        )
        for m in messages
    ]
