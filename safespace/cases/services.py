"""Changes to cases and reads of their content: each one sealed, audited and in one transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from safespace.accounts.models import Directorate, Membership, Network, Role, Theme, User
from safespace.audit.chain import record
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
from safespace.lib import crypto, receipts
from safespace.lib.workdays import add_working_days

NARRATIVE = "case.narrative"
CONTACT = "case.contact"
NAME = "case.raiser_name"
PREFERENCES = "case.preferences"
MESSAGE = "message.body"
NOTE = "note.body"
RAISER = "raiser"


def role_for(user: User | None, case: Case | None = None) -> str:
    """The role someone acts in, for the audit trail: their strongest role in the case's network."""
    if user is None:
        return "anonymous"
    if case is not None and case.raiser_id == user.pk:
        return RAISER
    roles = {
        m.role
        for m in Membership.objects.filter(user=user)
        if case is None or m.network_id == case.network_id
    }
    for role in (Role.LEAD, Role.CHAMPION, Role.DIRECTOR, Role.MANAGER, Role.INSIGHT, Role.ADMIN):
        if role in roles:
            return role.value
    return "staff"


def _audit(user: User | None, action: str, case: Case, role: str | None = None) -> None:
    record(
        actor_code=str(user.code) if user else "",
        actor_role=role or role_for(user, case),
        action=action,
        object_type="case",
        object_code=str(case.code),
    )


def notify(recipients: Iterable[str], subject: str) -> None:
    """Email that says only that there is something to see: never a word of the case."""
    addresses = sorted({a for a in recipients if a})
    if not addresses:
        return
    body = f"{subject}.\n\nSign in to Safe Space to see it.\n"
    for address in addresses:
        send_mail("Safe Space", body, settings.DEFAULT_FROM_EMAIL, [address])


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


def first_contact_due(start: datetime.datetime) -> datetime.date:
    return add_working_days(timezone.localdate(start), settings.SAFESPACE_FIRST_CONTACT_DAYS)


def create_case(concern: NewConcern, actor: User | None = None, actor_role: str = RAISER) -> Case:
    """Save a new concern with its own key; its story is sealed before it touches the database."""
    with transaction.atomic(), transaction.atomic(using="keys"):
        case = Case(
            network=concern.network,
            raiser=concern.raiser,
            anonymous=not concern.raiser_name and concern.raiser is None,
            raiser_directorate=concern.raiser_directorate,
            share_with_director=concern.share_with_director,
            share_with_manager=concern.share_with_manager,
            channel=concern.channel,
            want=concern.want,
            contact_method=concern.contact_method,
            avoid_directorate=concern.avoid_directorate,
            submission=concern.submission,
        )
        case.first_contact_due = first_contact_due(case.created)
        if concern.receipt:
            case.receipt_lookup = receipts.lookup_key(concern.receipt)
            case.receipt_hash = receipts.slow_hash(concern.receipt)
            case.passphrase_hash = receipts.slow_hash(concern.passphrase)
        crypto.create_case_key(case.code)
        case.narrative = crypto.seal(case.code, NARRATIVE, concern.narrative)
        case.contact_details = crypto.seal(case.code, CONTACT, concern.contact_details)
        case.raiser_name = crypto.seal(case.code, NAME, concern.raiser_name)
        case.champion_preferences = crypto.seal(case.code, PREFERENCES, concern.preferences)
        case.save()
        case.themes.set(list(concern.themes))
        case.directorates_concerned.set(list(concern.directorates_concerned))
        for with_whom, level in (
            (ConsentChange.With.DIRECTOR, concern.share_with_director),
            (ConsentChange.With.MANAGER, concern.share_with_manager),
        ):
            ConsentChange.objects.create(case=case, with_whom=with_whom, level=level)
        _audit(actor, "case.create", case, role=actor_role)
        leads = User.objects.filter(
            memberships__network=concern.network, memberships__role=Role.LEAD, is_active=True
        ).values_list("email", flat=True)
        transaction.on_commit(lambda: notify(leads, "A new concern has arrived"))
    return case


def assign_champion(
    case: Case, champion: User, actor: User | None, override_reason: str = ""
) -> Assignment:
    with transaction.atomic():
        assignment = Assignment.objects.create(
            case=case, champion=champion, override_reason=override_reason
        )
        if case.stage == Stage.NEW:
            _move(case, Stage.ASSIGNED)
        _audit(actor, "case.assign", case)
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
        assignment.decline_reason = reason
        assignment.save(update_fields=["ended_at", "decline_reason"])
        if not case.assignments.filter(ended_at__isnull=True).exists():
            _move(case, Stage.NEW)
        _audit(champion, "case.decline", case, role=Role.CHAMPION.value)


# Where a case may go from each stage. Anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
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


class TransitionRefused(Exception):
    pass


def _move(case: Case, stage: str) -> None:
    if stage not in TRANSITIONS[case.stage]:
        raise TransitionRefused(f"A case cannot go from {case.stage} to {stage}.")
    case.stage = stage
    case.updated = timezone.now()
    case.save(update_fields=["stage", "updated"])


def change_stage(case: Case, stage: str, actor: User) -> None:
    with transaction.atomic():
        _move(case, stage)
        _audit(actor, f"stage.{stage}", case)


def add_note(case: Case, author: User, body: str, shared_with_raiser: bool) -> Note:
    with transaction.atomic():
        note = Note(case=case, author=author, shared_with_raiser=shared_with_raiser)
        note.body = crypto.seal(case.code, NOTE, body)
        note.save()
        _audit(author, "note.add", case)
    return note


def edit_note(note: Note, editor: User, body: str, shared_with_raiser: bool) -> None:
    """Change a note, keeping what it said before."""
    with transaction.atomic():
        NoteVersion.objects.create(
            note=note, body=note.body, shared_with_raiser=note.shared_with_raiser
        )
        note.body = crypto.seal(note.case.code, NOTE, body)
        note.shared_with_raiser = shared_with_raiser
        note.edited = timezone.now()
        note.save(update_fields=["body", "shared_with_raiser", "edited"])
        _audit(editor, "note.edit", note.case)


@dataclass(frozen=True)
class ShownNote:
    code: str
    body: str
    shared_with_raiser: bool
    created: datetime.datetime
    edited: datetime.datetime | None
    author: str
    earlier: list[str]


def read_notes(case: Case, user: User | None, *, raiser_view: bool = False) -> list[ShownNote]:
    """The notes this reader may see: the raiser only ever gets the shared ones."""
    notes = case.notes.select_related("author").prefetch_related("versions")
    if raiser_view:
        notes = notes.filter(shared_with_raiser=True)
    shown = list(notes)
    if shown:
        _audit(user, "notes.read", case, role=RAISER if raiser_view else None)

    def open_(blob: bytes | memoryview | None) -> str:
        return crypto.unseal(case.code, NOTE, bytes(blob or b""))

    return [
        ShownNote(
            code=str(n.code),
            body=open_(n.body),
            shared_with_raiser=n.shared_with_raiser,
            created=n.created,
            edited=n.edited,
            author="Your champion" if raiser_view else str(n.author or "A former champion"),
            earlier=[] if raiser_view else [open_(v.body) for v in n.versions.all()],
        )
        for n in shown
    ]


def log_time(
    case: Case, champion: User, day: datetime.date, minutes: int, activity: str
) -> TimeEntry:
    with transaction.atomic():
        entry = TimeEntry.objects.create(
            case=case, champion=champion, day=day, minutes=minutes, activity=activity
        )
        _audit(champion, "time.log", case)
    return entry


@dataclass(frozen=True)
class CaseContent:
    narrative: str
    contact_details: str
    raiser_name: str
    preferences: str


def read_content(case: Case, user: User | None, role: str | None = None) -> CaseContent:
    """Open the sealed parts of a case. The read is audited, so the raiser can see it happened."""

    def open_(name: str, blob: bytes | memoryview | None) -> str:
        return crypto.unseal(case.code, name, bytes(blob or b""))

    with transaction.atomic():
        _audit(user, "case.read", case, role=role)
        return CaseContent(
            narrative=open_(NARRATIVE, case.narrative),
            contact_details=open_(CONTACT, case.contact_details),
            raiser_name=open_(NAME, case.raiser_name),
            preferences=open_(PREFERENCES, case.champion_preferences),
        )


@dataclass(frozen=True)
class ShownMessage:
    from_raiser: bool
    body: str
    sent: datetime.datetime


def read_messages(case: Case, user: User | None, role: str | None = None) -> list[ShownMessage]:
    messages = list(case.messages.all())
    if messages:
        _audit(user, "messages.read", case, role=role)
    return [
        ShownMessage(m.from_raiser, crypto.unseal(case.code, MESSAGE, bytes(m.body or b"")), m.sent)
        for m in messages
    ]


def send_message(case: Case, body: str, *, from_raiser: bool, author: User | None) -> Message:
    with transaction.atomic():
        message = Message(case=case, from_raiser=from_raiser, author=author)
        message.body = crypto.seal(case.code, MESSAGE, body)
        message.save()
        _audit(author, "message.send", case, role=RAISER if from_raiser else None)
        if from_raiser:
            champions = case.assignments.filter(ended_at__isnull=True).values_list(
                "champion__email", flat=True
            )
            transaction.on_commit(lambda: notify(champions, "You have a new message"))
        elif case.contact_method == ContactMethod.EMAIL:
            address = crypto.unseal(case.code, CONTACT, bytes(case.contact_details or b""))
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
        _audit(None, "consent.change", case, role=RAISER)


def can_withdraw(case: Case) -> bool:
    return Stage.WITHDRAWN in TRANSITIONS[case.stage]


def withdraw(case: Case) -> None:
    with transaction.atomic():
        _move(case, Stage.WITHDRAWN)
        case.withdrawn_at = timezone.now()
        case.save(update_fields=["withdrawn_at"])
        case.assignments.filter(ended_at__isnull=True).update(ended_at=case.withdrawn_at)
        _audit(None, "case.withdraw", case, role=RAISER)


def find_by_receipt(code: str, passphrase: str) -> Case | None:
    """The case these two secrets open, or None. Costs the same whether or not the code exists."""
    case = Case.objects.filter(receipt_lookup=receipts.lookup_key(code)).first()
    if case is None:
        receipts.check(passphrase, receipts.DUMMY_HASH)
        return None
    if receipts.check(code, case.receipt_hash) and receipts.check(
        receipts.normalise_passphrase(passphrase), case.passphrase_hash
    ):
        return case
    return None


def shred_case(case: Case, actor: User | None) -> None:
    """Destroy the case's key: its content becomes unreadable everywhere, backups included."""
    with transaction.atomic():
        crypto.shred_case_key(case.code)
        _audit(actor, "case.shred", case, role="system" if actor is None else None)
