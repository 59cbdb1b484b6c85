"""Changes to cases and reads of their content: each one sealed, audited and in one transaction."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from safespace.accounts import who
from safespace.accounts.models import Directorate, Network, Role, Theme, User
from safespace.audit import casework
from safespace.audit.casework import audit_case
from safespace.audit.chain import record_many
from safespace.cases import patterns, signals
from safespace.cases.models import (
    Assignment,
    Case,
    Channel,
    ConsentChange,
    ContactMethod,
    Message,
    Note,
    NoteVersion,
    Sharing,
    Stage,
    TimeEntry,
    Want,
)
from safespace.cases.raisers import link_for
from safespace.keystore import crypto
from safespace.lib import receipts
from safespace.lib.workdays import add_working_days
from safespace.notifications.mail import notify

NARRATIVE = "case.narrative"
CONTACT = "case.contact"
NAME = "case.raiser_name"
PREFERENCES = "case.preferences"
MESSAGE = "message.body"
NOTE = "note.body"
NOTE_VERSION = "note_version.body"
PEOPLE = "case.people_named"
OVERRIDE = "assignment.override_reason"
DECLINE = "assignment.decline_reason"
RAISER = casework.RAISER
CHAMPION = "champion"


# The row each sealed value is bound to (safespace/keystore/crypto.py): its own immutable id, so
# ciphertext copied from one row to another no longer opens.
def case_row(case: Case) -> crypto.Row:
    return (case.code,)


def message_row(message: Message) -> crypto.Row:
    return (message.code, RAISER if message.from_raiser else CHAMPION)


def note_row(note: Note) -> crypto.Row:
    return (note.code,)


def by_key(row: models.Model) -> crypto.Row:
    """Rows without a code are bound to their primary key, so they are sealed once saved."""
    if row.pk is None:
        raise ValueError("Save the row before sealing into it.")
    return (row.pk,)


@dataclass
class NewConcern:
    network: Network
    narrative: str = ""
    contact_method: str = ContactMethod.SERVICE
    contact_details: str = ""
    raiser_name: str = ""
    want: str = Want.NOT_SURE
    preferences: str = ""
    avoid_directorate: Directorate | None = None
    themes: Iterable[Theme] = ()
    directorates_concerned: Iterable[Directorate] = ()
    raiser_directorate: Directorate | None = None
    raiser: User | None = None
    share_with_director: str = Sharing.NONE
    share_with_manager: str = Sharing.NONE
    channel: str = Channel.ONLINE
    receipt: str = ""
    passphrase: str = ""
    submission: uuid.UUID | None = None
    # The keyed hash of the raiser's employee number, if they asked to be watched for an HR
    # process (safespace/tripwire/keys.py); never the number itself.
    hr_watch_key: str = ""
    # Who the raiser said it is about, as found in the staff directory: a person's id, or a
    # team (directorate id, service). Kept only sealed and as keyed hashes (patterns.py).
    named_staff: int | None = None
    named_team: tuple[int, str] | None = None
    # "Hold my concern until someone else raises the same person": only asked of someone who
    # named a person or team, and kept whether or not the directory found them.
    hold: bool = False

    def raiser_marks(self) -> set[str]:
        marks = set()
        if self.named_staff is not None:
            marks.add(patterns.person_mark(self.named_staff))
        if self.named_team is not None:
            marks.add(patterns.team_mark(*self.named_team))
        return marks


def first_contact_due(start: datetime.datetime) -> datetime.date:
    return add_working_days(timezone.localdate(start), settings.SAFESPACE_FIRST_CONTACT_DAYS)


def _lead_emails(network_id: int) -> list[str]:
    return list(
        User.objects.filter(
            memberships__network_id=network_id, memberships__role=Role.LEAD, is_active=True
        ).values_list("email", flat=True)
    )


def create_case(concern: NewConcern, actor: User | None = None, actor_role: str = RAISER) -> Case:
    """Save a new concern with its own key; its story is sealed before it touches the database.

    A concern its raiser asked to hold waits, unread, in its own stage, unless someone else's
    concern already names the same person or team. It waits even when the staff directory did
    not know who they named (no marks): being held or not must not tell them whether it did.
    """
    raiser_marks = concern.raiser_marks()
    held = concern.hold
    with transaction.atomic(), transaction.atomic(using="keys"):
        case = Case(
            created=timezone.now(),
            stage=Stage.HELD if held else Stage.NEW,
            network=concern.network,
            raiser_link=link_for(concern.raiser.code) if concern.raiser else "",
            anonymous=not concern.raiser_name and concern.raiser is None,
            raiser_directorate=concern.raiser_directorate,
            share_with_director=concern.share_with_director,
            share_with_manager=concern.share_with_manager,
            channel=concern.channel,
            want=concern.want,
            contact_method=concern.contact_method,
            avoid_directorate=concern.avoid_directorate,
            submission=concern.submission,
            hr_watch=bool(concern.hr_watch_key) and not held,
            hr_watch_key=concern.hr_watch_key,
        )
        # The first-contact clock starts when a lead may see it: for a held concern, on release.
        case.first_contact_due = None if held else first_contact_due(case.created)
        if concern.receipt:
            case.receipt_lookup = receipts.lookup_key(concern.receipt)
            case.receipt_hash = receipts.slow_hash(concern.receipt)
            case.passphrase_hash = receipts.slow_hash(concern.passphrase)
        crypto.create_case_key(case.code)
        row = case_row(case)
        case.narrative = crypto.seal(case.code, NARRATIVE, concern.narrative, row)
        case.contact_details = crypto.seal(case.code, CONTACT, concern.contact_details, row)
        case.raiser_name = crypto.seal(case.code, NAME, concern.raiser_name, row)
        case.champion_preferences = crypto.seal(case.code, PREFERENCES, concern.preferences, row)
        if concern.named_staff is not None:
            # For the conflict checks, as if the lead had picked them; the lead can change it.
            named = json.dumps([concern.named_staff])
            case.people_named = crypto.seal(case.code, PEOPLE, named, row)
        case.save()
        case.themes.set(list(concern.themes))
        case.directorates_concerned.set(list(concern.directorates_concerned))
        for with_whom, level in (
            (ConsentChange.With.DIRECTOR, concern.share_with_director),
            (ConsentChange.With.MANAGER, concern.share_with_manager),
        ):
            ConsentChange.objects.create(case=case, with_whom=with_whom, level=level)
        audit_case(actor, "case.create", case, role=actor_role)
        if held:
            audit_case(actor, "case.hold", case, role=actor_role)
        else:
            leads = _lead_emails(concern.network.pk)
            transaction.on_commit(lambda: notify(leads, "A new concern has arrived"))
        if raiser_marks:
            patterns.record_raiser(case, raiser_marks)
            if concern.named_staff is not None:
                patterns.record(case, [concern.named_staff])
            _match(case)
    return case


def assign_champion(
    case: Case, champion: User, actor: User | None, override_reason: str = ""
) -> Assignment:
    with transaction.atomic():
        assignment = Assignment.objects.create(case=case, champion=champion)
        if override_reason:
            assignment.override_reason = crypto.seal(
                case.code, OVERRIDE, override_reason, by_key(assignment)
            )
            assignment.save(update_fields=["override_reason"])
        if case.stage == Stage.NEW:
            move(case, Stage.ASSIGNED)
        audit_case(actor, "case.assign", case, role=None if actor else "system")
        transaction.on_commit(
            lambda: notify([champion.email], "A concern has been assigned to you")
        )
    return assignment


def decline(case: Case, champion: User, reason: str) -> None:
    """A champion hands a case back (a conflict they know of, no time); it returns to triage."""
    with transaction.atomic():
        assignment = case.assignments.select_for_update().get(
            champion=champion, ended_at__isnull=True
        )
        assignment.ended_at = timezone.now()
        assignment.decline_reason = crypto.seal(case.code, DECLINE, reason, by_key(assignment))
        assignment.save(update_fields=["ended_at", "decline_reason"])
        if not case.assignments.filter(ended_at__isnull=True).exists():
            move(case, Stage.NEW)
        audit_case(champion, "case.decline", case, role=Role.CHAMPION.value)


@dataclass(frozen=True)
class ShownAssignment:
    champion: str
    assigned_at: datetime.datetime
    ended_at: datetime.datetime | None
    override_reason: str
    decline_reason: str


def read_assignments(case: Case, user: User | None) -> list[ShownAssignment]:
    """Who has held the case, with the lead's and champions' reasons (sealed; the read is audited)."""
    held = list(case.assignments.select_related("champion").order_by("assigned_at"))
    if any(a.override_reason or a.decline_reason for a in held):
        audit_case(user, "assignments.read", case)

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


# Where a case may go from each stage. Anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    Stage.HELD: {Stage.NEW, Stage.WITHDRAWN},
    Stage.NEW: {Stage.ASSIGNED, Stage.WITHDRAWN},
    Stage.ASSIGNED: {Stage.LISTENING, Stage.NEW, Stage.WITHDRAWN},
    Stage.LISTENING: {Stage.DECIDING, Stage.CLOSED, Stage.WITHDRAWN},
    Stage.DECIDING: {Stage.MEETING, Stage.CLOSED, Stage.WITHDRAWN},
    Stage.MEETING: {Stage.ACTION_PLAN, Stage.CLOSED, Stage.WITHDRAWN},
    Stage.ACTION_PLAN: {Stage.CLOSED, Stage.WITHDRAWN},
    Stage.CLOSED: {Stage.WATCHING, Stage.LISTENING},
    Stage.WATCHING: {Stage.CLOSED, Stage.LISTENING},
    Stage.WITHDRAWN: set(),
}


def manual_stages(case: Case) -> set[str]:
    """Where a champion may move a case by hand. Closing needs an outcome and reopening a
    reason (safespace/aftercare); withdrawing is the raiser's alone."""
    stages = TRANSITIONS[case.stage] - {Stage.NEW, Stage.CLOSED, Stage.WITHDRAWN}
    if case.stage in (Stage.CLOSED, Stage.WATCHING):
        stages.discard(Stage.LISTENING)
    return stages


class TransitionRefused(Exception):
    pass


def move(case: Case, stage: str) -> None:
    if stage not in TRANSITIONS[case.stage]:
        raise TransitionRefused(f"A case cannot go from {case.stage} to {stage}.")
    if stage == Stage.ACTION_PLAN and not case.actions.exists():
        # Every meeting ends in an action plan, and a plan only follows a held meeting.
        raise TransitionRefused("A case reaches its action plan when a held meeting has one.")
    case.stage = stage
    case.updated = timezone.now()
    case.save(update_fields=["stage", "updated"])


def last_changed_by(case: Case, action_prefix: str) -> str:
    """The name of whoever last made a change of this kind to the case, for "X moved it"."""
    return who.last_changed_by("case", case.code, action_prefix)


def change_stage(case: Case, stage: str, actor: User) -> None:
    with transaction.atomic():
        move(case, stage)
        audit_case(actor, f"stage.{stage}", case)


def add_note(case: Case, author: User, body: str, shared_with_raiser: bool) -> Note:
    with transaction.atomic():
        note = Note(case=case, author=author, shared_with_raiser=shared_with_raiser)
        note.body = crypto.seal(case.code, NOTE, body, note_row(note))
        note.save()
        audit_case(author, "note.add", case)
    return note


def edit_note(note: Note, editor: User, body: str, shared_with_raiser: bool) -> None:
    """Change a note, keeping what it said before.

    What it said is sealed again into the version's own row, so neither can stand in for the
    other: an older version copied over the note, or over a newer version, does not open.
    """
    case = note.case
    with transaction.atomic():
        version = NoteVersion.objects.create(note=note, shared_with_raiser=note.shared_with_raiser)
        if note.body:
            before = crypto.unseal(case.code, NOTE, bytes(note.body), note_row(note))
            version.body = crypto.seal(case.code, NOTE_VERSION, before, by_key(version))
            version.save(update_fields=["body"])
        note.body = crypto.seal(case.code, NOTE, body, note_row(note))
        note.shared_with_raiser = shared_with_raiser
        note.edited = timezone.now()
        note.save(update_fields=["body", "shared_with_raiser", "edited"])
        audit_case(editor, "note.edit", note.case)


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
    case: Case, user: User | None, *, raiser_view: bool = False, shared_only: bool = False
) -> list[ShownNote]:
    """The notes this reader may see: the raiser only ever gets the shared ones."""
    notes = case.notes.select_related("author").prefetch_related("versions")
    if raiser_view or shared_only:
        notes = notes.filter(shared_with_raiser=True)
    shown = list(notes)
    if shown:
        audit_case(user, "notes.read", case, role=RAISER if raiser_view else None)

    def open_(field: str, blob: bytes | memoryview | None, row: crypto.Row) -> str:
        return crypto.unseal(case.code, field, bytes(blob or b""), row)

    return [
        ShownNote(
            code=str(n.code),
            body=open_(NOTE, n.body, note_row(n)),
            shared_with_raiser=n.shared_with_raiser,
            created=n.created,
            edited=n.edited,
            author="Your champion" if raiser_view else str(n.author or "A former champion"),
            earlier=[]
            if raiser_view or shared_only
            else [open_(NOTE_VERSION, v.body, by_key(v)) for v in n.versions.all()],
        )
        for n in shown
    ]


def read_people_named(case: Case, user: User | None) -> list[int]:
    """The directory ids of the people the concern names; opening them is audited."""
    if not case.people_named:
        return []
    audit_case(user, "people.read", case)
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
        action="people.read",
        object_type="case",
        object_codes=[str(c.code) for c in cases if c.pk in opened],
    )
    return opened


def set_people_named(case: Case, staff_ids: Iterable[int], actor: User) -> None:
    with transaction.atomic():
        ids = sorted(set(staff_ids))
        case.people_named = (
            crypto.seal(case.code, PEOPLE, json.dumps(ids), case_row(case)) if ids else None
        )
        case.save(update_fields=["people_named"])
        audit_case(actor, "people.change", case)
        patterns.record(case, ids)
        _match(case)


# Why a held concern was released, as its audit event says: "case.release.<why>".
MATCHED = "match"
BY_RAISER = "raiser"


def _match(case: Case) -> None:
    """After a concern's naming changed: release the held concerns it matches (itself
    included), and tell the leads when concerns from different raisers share a name."""
    waiting = patterns.released_by(case)
    if case.stage == Stage.HELD and patterns.is_matched(case):
        waiting.append(case)
    for held in waiting:
        release(held, MATCHED)
    if case.stage != Stage.HELD and patterns.sharing(case):
        leads = _lead_emails(case.network_id)
        transaction.on_commit(
            lambda: notify(leads, "Concerns that name the same person or team have arrived")
        )


def release(case: Case, why: str) -> bool:
    """A held concern goes to triage: its first-contact clock and any HR watch start now.

    `why` is MATCHED (someone else named the same person or team) or BY_RAISER. Answers
    whether it was still held: a match and the raiser may race to release it.
    """
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.stage != Stage.HELD:
            return False
        case.stage = current.stage
        move(case, Stage.NEW)
        case.first_contact_due = first_contact_due(timezone.now())
        case.hr_watch = bool(case.hr_watch_key)
        case.save(update_fields=["first_contact_due", "hr_watch"])
        audit_case(None, f"case.release.{why}", case, role=RAISER if why == BY_RAISER else "system")
        signals.released.send(sender=Case, case=case)
        leads = _lead_emails(case.network_id)
        transaction.on_commit(lambda: notify(leads, "A new concern has arrived"))
        if why == MATCHED and case.contact_method == ContactMethod.EMAIL:
            address = crypto.unseal(
                case.code, CONTACT, bytes(case.contact_details or b""), case_row(case)
            )
            transaction.on_commit(lambda: notify([address], "There is news about your concern"))
    return True


def read_preferences(case: Case, user: User | None) -> str:
    """What the raiser asked of their champion, for ranking suggestions (audited)."""
    if not case.champion_preferences:
        return ""
    audit_case(user, "preferences.read", case)
    return crypto.unseal(case.code, PREFERENCES, bytes(case.champion_preferences), case_row(case))


def refine_themes(case: Case, themes: Iterable[Theme], actor: User) -> None:
    """The champion's view of what the concern is about, once they have listened."""
    with transaction.atomic():
        case.themes.set(list(themes))
        audit_case(actor, "themes.change", case)


def log_time(
    case: Case, champion: User, day: datetime.date, minutes: int, activity: str
) -> TimeEntry:
    with transaction.atomic():
        entry = TimeEntry.objects.create(
            case=case, champion=champion, day=day, minutes=minutes, activity=activity
        )
        audit_case(champion, "time.log", case)
    return entry


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

    with transaction.atomic():
        audit_case(user, "case.read", case, role=role)
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
        audit_case(user, "messages.read", case, role=role)
    return [
        ShownMessage(
            m.from_raiser,
            crypto.unseal(case.code, MESSAGE, bytes(m.body or b""), message_row(m)),
            m.sent,
        )
        for m in messages
    ]


def send_message(case: Case, body: str, *, from_raiser: bool, author: User | None) -> Message:
    with transaction.atomic():
        message = Message(case=case, from_raiser=from_raiser, author=author)
        message.body = crypto.seal(case.code, MESSAGE, body, message_row(message))
        message.save()
        audit_case(author, "message.send", case, role=RAISER if from_raiser else None)
        if from_raiser:
            champions = case.assignments.filter(ended_at__isnull=True).values_list(
                "champion__email", flat=True
            )
            transaction.on_commit(lambda: notify(champions, "You have a new message"))
        elif case.contact_method == ContactMethod.EMAIL:
            address = crypto.unseal(
                case.code, CONTACT, bytes(case.contact_details or b""), case_row(case)
            )
            transaction.on_commit(lambda: notify([address], "You have a new message"))
    return message


def change_consent(case: Case, with_whom: str, level: str) -> None:
    """The raiser changes what may be shared; the change and its time are kept."""
    column = {
        ConsentChange.With.DIRECTOR: "share_with_director",
        ConsentChange.With.MANAGER: "share_with_manager",
    }[ConsentChange.With(with_whom)]
    with transaction.atomic():
        if getattr(case, column) == level:
            return
        setattr(case, column, Sharing(level))
        case.updated = timezone.now()
        case.save(update_fields=[column, "updated"])
        ConsentChange.objects.create(case=case, with_whom=with_whom, level=level)
        audit_case(None, "consent.change", case, role=RAISER)


def can_withdraw(case: Case) -> bool:
    return Stage.WITHDRAWN in TRANSITIONS[case.stage]


def withdraw(case: Case) -> None:
    with transaction.atomic():
        move(case, Stage.WITHDRAWN)
        case.withdrawn_at = timezone.now()
        case.save(update_fields=["withdrawn_at"])
        case.assignments.filter(ended_at__isnull=True).update(ended_at=case.withdrawn_at)
        audit_case(None, "case.withdraw", case, role=RAISER)


def discard_held(case: Case) -> None:
    """A held concern its raiser withdraws before anyone was allowed to read it: nothing of it
    is kept, so nobody ever can. Its key is destroyed and its rows deleted; the audit trail
    keeps only that a concern with this code was raised, held and discarded."""
    if case.stage != Stage.HELD:
        raise TransitionRefused("Only a held concern is discarded; others are withdrawn.")
    with transaction.atomic():
        audit_case(None, "case.discard", case, role=RAISER)
        crypto.shred_case_key(case.code)
        case.delete()


def find_by_receipt(code: str, passphrase: str) -> Case | None:
    """The case these two secrets open, or None.

    Always two Argon2 checks, against a stand-in hash when no case has the code (or the code is
    empty because it could not be read), and never cut short: an unknown code, a wrong
    passphrase and a right pair cost the same, so timing tells a guesser nothing.
    """
    case = Case.objects.filter(receipt_lookup=receipts.lookup_key(code)).first() if code else None
    code_hash = case.receipt_hash if case is not None else receipts.DUMMY_HASH
    passphrase_hash = case.passphrase_hash if case is not None else receipts.DUMMY_HASH
    normalised = receipts.normalise_passphrase(passphrase)
    code_ok = receipts.check(code, code_hash)
    passphrase_ok = receipts.check(normalised, passphrase_hash)
    if case is None or not (code_ok and passphrase_ok):
        return None
    # Hashes made under earlier settings move to the current ones once the pair is proven.
    fresh = {
        field: new_hash
        for field, secret, old_hash in (
            ("receipt_hash", code, code_hash),
            ("passphrase_hash", normalised, passphrase_hash),
        )
        if (new_hash := receipts.refreshed(secret, old_hash))
    }
    if fresh:
        Case.objects.filter(pk=case.pk).update(**fresh)
    return case


def shred_case(case: Case, actor: User | None) -> None:
    """Destroy the case's key: its content becomes unreadable everywhere, backups included."""
    with transaction.atomic():
        crypto.shred_case_key(case.code)
        # The keyed hash of their employee number would still link HR events to this case.
        Case.objects.filter(pk=case.pk).update(hr_watch=False, hr_watch_key="")
        audit_case(actor, "case.shred", case, role="system" if actor is None else None)
