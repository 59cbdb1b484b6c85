"""Fill a database with many realistic, fictional cases, fast, for measuring the service at scale.

Everything is written with bulk inserts in batches. Each case gets its own data key, wrapped
under the master key and stored in the key store in bulk like the rest, and its content is
sealed with AES-GCM under that key directly, exactly as safespace.keystore.crypto.seal would (same
format and associated data, bound to each row), without a key-store look-up per row. Rows
bound to their primary key are sealed once their batch is inserted. Audit events are chained
through safespace.audit.chain.append_history, so `verify_audit` holds.

Staff accounts made here share a published password and two-factor secret (for the bench's
load generator), so this refuses to run in production.
"""

from __future__ import annotations

import datetime
import os
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts import factors
from safespace.accounts.models import Directorate, Membership, Network, Role, Theme, User
from safespace.actions import services as action_services
from safespace.actions.models import Action, ActionStatus, ActionUpdate, Meeting
from safespace.aftercare import services as aftercare_services
from safespace.aftercare.models import Closure, FeedbackAnswer, FeedbackGiven, Outcome, SpeakUpAgain
from safespace.audit.chain import append_history
from safespace.cases.models import (
    OPEN_STAGES,
    Activity,
    Assignment,
    Case,
    ChampionProfile,
    Channel,
    ConsentChange,
    ContactMethod,
    Message,
    Note,
    Sharing,
    Stage,
    TimeEntry,
    Want,
)
from safespace.cases.services import sealed as case_sealed
from safespace.cases.services import stages as case_stages
from safespace.dev.demo.accounts import DIRECTORATES, THEMES
from safespace.insights import summaries
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from safespace.lib import receipts

BENCH_PASSWORD = "scale-bench-password-2026"  # noqa: S105 (published on purpose; never in production)
# 20 bytes as hex, as django-otp keeps it; the bench computes codes from it.
BENCH_TOTP_KEY = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e"

# How cases are spread over their stages: most concerns are closed, a few are new.
STAGE_WEIGHTS: dict[str, int] = {
    Stage.NEW: 4,
    Stage.ASSIGNED: 4,
    Stage.LISTENING: 9,
    Stage.DECIDING: 7,
    Stage.MEETING: 7,
    Stage.ACTION_PLAN: 9,
    Stage.CLOSED: 46,
    Stage.WATCHING: 8,
    Stage.WITHDRAWN: 6,
}
WITH_MEETING = {Stage.MEETING, Stage.ACTION_PLAN, Stage.CLOSED, Stage.WATCHING}
WITH_ACTIONS = {Stage.ACTION_PLAN, Stage.CLOSED, Stage.WATCHING}
CLOSED = {Stage.CLOSED, Stage.WATCHING}
# Assignments of cases closed longer ago than this have ended, as champions move on.
STILL_HELD = datetime.timedelta(days=180)
HISTORY = datetime.timedelta(days=3 * 365)

SENTENCES = [
    "My manager keeps making comments about my accent in team meetings.",
    "I was passed over for the acting-up role again, for someone with less experience.",
    "The new dress code seems aimed at people who wear head coverings.",
    "My probation was extended without any reason being given to me.",
    "Colleagues call it banter, but it is wearing me down.",
    "I raised this informally last year and nothing changed.",
    "I am worried that speaking up will affect my appraisal.",
    "The shortlisting for the team leader post did not look fair.",
    "I would like someone to listen before I decide what to do.",
    "HR said it was a management matter and closed it.",
]
NOTES = [
    "Called the raiser; agreed to meet next week.",
    "Raiser would prefer to keep this informal for now.",
    "Checked the policy on acting-up arrangements.",
    "Prepared questions for the meeting with the Head of Service.",
    "Raiser is feeling more positive after the meeting.",
]
MESSAGES = [
    "Thank you for getting in touch. When would suit you to talk?",
    "Tuesday afternoon works for me.",
    "I have spoken to the Head of Service; can we catch up?",
    "Thanks, that helps a lot.",
]


@dataclass
class Counts:
    cases: int = 0
    keys: int = 0
    assignments: int = 0
    notes: int = 0
    messages: int = 0
    time_entries: int = 0
    meetings: int = 0
    actions: int = 0
    action_updates: int = 0
    closures: int = 0
    feedback: int = 0
    audit_events: int = 0
    receipts: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if isinstance(v, int)}


@dataclass
class Staff:
    network: Network
    champions: list[User]
    managers: list[User]
    lead: User
    directorates: list[Directorate]
    themes: list[Theme]
    # Seeding again adds cases after those already there, with references of their own.
    first_reference: int = 0


def _staff(slug: str, cases: int) -> Staff:
    directorates = [Directorate.objects.get_or_create(name=name)[0] for name in DIRECTORATES]
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        name = "Race Equality Network" if slug == "race-equality" else slug.replace("-", " ")
        network = Network.objects.create(name=name.title() if name == slug else name, slug=slug)
    for position, name in enumerate(THEMES):
        Theme.objects.get_or_create(network=network, name=name, defaults={"position": position})
    people: list[tuple[str, str, list[Role]]] = [
        (f"scale-lead@{slug}.example.org", "Scale Lead", [Role.LEAD, Role.CHAMPION]),
        (f"scale-director@{slug}.example.org", "Scale Director", [Role.DIRECTOR]),
        (f"scale-insight@{slug}.example.org", "Scale Insight", [Role.INSIGHT]),
    ]
    people += [
        (f"scale-champion-{i}@{slug}.example.org", f"Champion {i}", [Role.CHAMPION])
        for i in range(1, max(6, min(400, cases // 250)) + 1)
    ]
    people += [
        (f"scale-manager-{i}@{slug}.example.org", f"Manager {i}", [Role.MANAGER])
        for i in range(1, max(4, min(100, cases // 1000)) + 1)
    ]
    existing = {u.email: u for u in User.objects.filter(email__in=[p[0] for p in people])}
    password = make_password(BENCH_PASSWORD)  # one Argon2 hash, not one per account
    User.objects.bulk_create(
        User(
            email=email,
            full_name=name,
            password=password,
            directorate=directorates[n % len(directorates)],
        )
        for n, (email, name, _roles) in enumerate(people)
        if email not in existing
    )
    users = {u.email: u for u in User.objects.filter(email__in=[p[0] for p in people])}
    Membership.objects.bulk_create(
        [
            Membership(user=users[email], network=network, role=role)
            for email, _name, roles in people
            for role in roles
        ],
        ignore_conflicts=True,
    )
    have_device = set(
        TOTPDevice.objects.filter(user__in=users.values()).values_list("user_id", flat=True)
    )
    TOTPDevice.objects.bulk_create(
        # Sealed here: bulk_create skips the save that would seal it (safespace/accounts/factors.py).
        TOTPDevice(
            user=user,
            name="Bench authenticator",
            key=factors.sealed_hex_key(BENCH_TOTP_KEY, user.pk),
            confirmed=True,
        )
        for user in users.values()
        if user.pk not in have_device
    )
    champions = [users[email] for email, _n, roles in people if Role.CHAMPION in roles]
    have_profile = set(
        ChampionProfile.objects.filter(user__in=champions).values_list("user_id", flat=True)
    )
    ChampionProfile.objects.bulk_create(
        ChampionProfile(user=u, capacity=5) for u in champions if u.pk not in have_profile
    )
    return Staff(
        network=network,
        champions=champions,
        managers=[users[email] for email, _n, roles in people if Role.MANAGER in roles],
        lead=users[people[0][0]],
        directorates=directorates,
        themes=list(network.themes.all()),
    )


class Sealer:
    """crypto.seal's format with the case's data key already in hand."""

    def __init__(self, case_code: uuid.UUID, data_key: bytes) -> None:
        self.case_code = case_code
        self.aead = AESGCM(data_key)

    def __call__(self, field_name: str, plaintext: str, row: crypto.Row) -> bytes:
        nonce = os.urandom(crypto.NONCE)
        sealed = self.aead.encrypt(
            nonce, plaintext.encode(), crypto._aad(self.case_code, field_name, row)
        )
        return crypto.VERSION + nonce + sealed


def _new_key(case_code: uuid.UUID) -> tuple[Sealer, CaseKey]:
    data_key = AESGCM.generate_key(bit_length=256)
    sealer = Sealer(case_code, data_key)
    kek_id, wrapped = crypto._wrap(case_code, data_key)
    return sealer, CaseKey(case_code=case_code, kek_id=kek_id, wrapped=wrapped)


def _stages(rng: random.Random, count: int) -> list[str]:
    return rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()), k=count)


def _events(
    case: Case, actor: User, created: datetime.datetime, actions: list[tuple[str, int]]
) -> Iterator[dict[str, Any]]:
    yield {
        "at": created,
        "actor_code": "",
        "actor_role": "raiser",
        "action": "case.create",
        "object_type": "case",
        "object_code": str(case.code),
    }
    for action, hours in actions:
        yield {
            "at": created + datetime.timedelta(hours=hours),
            "actor_code": str(actor.code),
            "actor_role": Role.CHAMPION.value,
            "action": action,
            "object_type": "case",
            "object_code": str(case.code),
        }


def seed(
    cases: int,
    *,
    network_slug: str = "race-equality",
    batch: int = 1000,
    working_receipts: int = 0,
    seed_value: int = 2026,
    progress: Callable[[int, int], None] | None = None,
) -> Counts:
    """Create `cases` cases with their casework; the first `working_receipts` anonymous ones
    get real receipts (Argon2id, slow on purpose), returned so a bench can sign in with them.

    The other anonymous cases get a unique receipt look-up and the hashes of one discarded
    receipt: the shape and size of the real thing, opening for nobody."""
    if settings.PRODUCTION:
        raise RuntimeError(
            "seed_scale makes accounts with a published password; it never runs in production."
        )
    rng = random.Random(seed_value)  # noqa: S311 (fictional data, not secrets)
    staff = _staff(network_slug, cases)
    staff.first_reference = Case.objects.count()
    counts = Counts()
    discarded = (
        receipts.slow_hash(receipts.new_code()),
        receipts.slow_hash(receipts.new_passphrase()),
    )
    now = timezone.now()
    start = now - HISTORY
    done = 0
    while done < cases:
        size = min(batch, cases - done)
        with transaction.atomic(), transaction.atomic(using=KEYS):
            _batch(rng, staff, counts, done, size, cases, (start, now), working_receipts, discarded)
        done += size
        if progress:
            progress(done, cases)
    # Made in bulk, which marks no day: the insight summary is counted afresh.
    summaries.rebuild()
    return counts


def _batch(
    rng: random.Random,
    staff: Staff,
    counts: Counts,
    offset: int,
    size: int,
    total: int,
    window: tuple[datetime.datetime, datetime.datetime],
    working_receipts: int,
    discarded: tuple[str, str],
) -> None:
    start, now = window
    span = (now - start).total_seconds()
    stages = _stages(rng, size)
    sealers: dict[uuid.UUID, Sealer] = {}
    keys: list[CaseKey] = []
    new_cases: list[Case] = []
    for n, stage in enumerate(stages):
        index = offset + n
        created = start + datetime.timedelta(
            seconds=span * (index + rng.random() * 0.9) / max(total, 1)
        )
        if stage in OPEN_STAGES and created < now - datetime.timedelta(days=120):
            # Open cases are recent ones: what is left open from years ago is closed.
            stage = Stage.CLOSED
        case = Case(
            network=staff.network,
            stage=stage,
            anonymous=rng.random() < 0.7,
            channel=Channel.ONLINE if rng.random() < 0.8 else Channel.PHONE,
            want=rng.choice(Want.values),
            contact_method=rng.choice(ContactMethod.values),
            raiser_directorate=rng.choice(staff.directorates),
            share_with_director=rng.choice(Sharing.values),
            share_with_manager=rng.choice(Sharing.values),
            created=created,
            updated=created,
            first_contact_due=case_stages.first_contact_due(created, staff.network),
            withdrawn_at=created + datetime.timedelta(days=20)
            if stage == Stage.WITHDRAWN
            else None,
        )
        # Seven characters after SS-, where real references have six: a case raised later
        # can never collide with a seeded one.
        case.reference = f"SS-{staff.first_reference + index:07X}"
        seal, key = _new_key(case.code)
        sealers[case.code] = seal
        keys.append(key)
        row = case_sealed.case_row(case)
        case.narrative = seal(case_sealed.NARRATIVE, " ".join(rng.sample(SENTENCES, 3)), row)
        case.contact_details = seal(
            case_sealed.CONTACT, "" if case.anonymous else "07700 900 982", row
        )
        case.raiser_name = seal(case_sealed.NAME, "" if case.anonymous else "A. Raiser", row)
        case.champion_preferences = seal(case_sealed.PREFERENCES, "", row)
        if case.anonymous and case.channel == Channel.ONLINE:
            code = receipts.new_code()
            case.receipt_lookup = receipts.lookup_key(code)
            if len(counts.receipts) < working_receipts and stage != Stage.WITHDRAWN:
                passphrase = receipts.new_passphrase()
                case.receipt_hash = receipts.slow_hash(code)
                case.passphrase_hash = receipts.slow_hash(passphrase)
                counts.receipts.append({"receipt": code, "passphrase": passphrase})
            else:
                case.receipt_hash, case.passphrase_hash = discarded
        new_cases.append(case)
    CaseKey.objects.using(KEYS).bulk_create(keys)
    Case.objects.bulk_create(new_cases)
    counts.keys += len(keys)
    counts.cases += len(new_cases)

    themes, directorates, consent = [], [], []
    assignments, notes, messages, times = [], [], [], []
    meetings: list[Meeting] = []
    closures, feedback, answers = [], [], []
    events: list[dict[str, Any]] = []
    plan: dict[uuid.UUID, tuple[User, list[tuple[str, int]]]] = {}
    for case in new_cases:
        seal = sealers[case.code]
        for theme in rng.sample(staff.themes, rng.randint(1, 2)):
            themes.append(Case.themes.through(case_id=case.pk, theme_id=theme.pk))
        directorates.append(
            Case.directorates_concerned.through(
                case_id=case.pk, directorate_id=rng.choice(staff.directorates).pk
            )
        )
        for with_whom, level in (
            (ConsentChange.With.DIRECTOR, case.share_with_director),
            (ConsentChange.With.MANAGER, case.share_with_manager),
        ):
            consent.append(
                ConsentChange(case=case, with_whom=with_whom, level=level, changed=case.created)
            )
        champion = staff.lead if rng.random() < 0.02 else rng.choice(staff.champions)
        actions: list[tuple[str, int]] = []
        if case.stage != Stage.NEW:
            closed_at = case.created + datetime.timedelta(days=rng.randint(20, 90))
            ended = (
                closed_at
                if (case.stage == Stage.CLOSED and closed_at < now - STILL_HELD)
                or case.stage == Stage.WITHDRAWN
                else None
            )
            assignments.append(
                Assignment(
                    case=case,
                    champion=champion,
                    assigned_at=case.created + datetime.timedelta(hours=20),
                    ended_at=ended,
                )
            )
            actions.append(("case.assign", 20))
            for k in range(rng.randint(0, 3)):
                note = Note(
                    case=case,
                    author=champion,
                    shared_with_raiser=rng.random() < 0.3,
                    created=case.created + datetime.timedelta(days=k + 1),
                )
                note.body = seal(case_sealed.NOTE, rng.choice(NOTES), case_sealed.note_row(note))
                notes.append(note)
                actions.append(("note.add", 24 * (k + 1)))
            for k in range(rng.randint(0, 4)):
                from_raiser = bool(k % 2)
                message = Message(
                    case=case,
                    from_raiser=from_raiser,
                    author=None if from_raiser else champion,
                    sent=case.created + datetime.timedelta(days=k + 1, hours=3),
                )
                message.body = seal(
                    case_sealed.MESSAGE, MESSAGES[k], case_sealed.message_row(message)
                )
                messages.append(message)
                actions.append(("message.send", 24 * (k + 1) + 3))
            for k in range(rng.randint(1, 4)):
                times.append(
                    TimeEntry(
                        case=case,
                        champion=champion,
                        day=timezone.localdate(case.created + datetime.timedelta(days=k + 1)),
                        minutes=rng.choice([15, 30, 45, 60, 90]),
                        activity=rng.choice(Activity.values),
                        logged=case.created + datetime.timedelta(days=k + 1),
                    )
                )
            if case.stage in WITH_MEETING:
                starts = case.created + datetime.timedelta(days=14)
                held = case.stage in WITH_ACTIONS
                meeting = Meeting(
                    case=case,
                    organiser=champion,
                    starts=starts,
                    place="Room 2.14, Civic Centre",
                    minutes_recorded=starts + datetime.timedelta(hours=2) if held else None,
                )
                if held:
                    meeting.minutes = seal(
                        action_services.MINUTES, "Agreed next steps.", (meeting.code,)
                    )
                meetings.append(meeting)
                actions.append(("meeting.schedule", 24 * 7))
                if held:
                    actions.append(("minutes.record", 24 * 14 + 2))
            if case.stage in CLOSED:
                closures.append(
                    Closure(
                        case=case,
                        outcome=rng.choice(Outcome.values),
                        closed_at=closed_at,
                        closed_by=champion,
                    )
                )
                actions.append(
                    ("case.close", int((closed_at - case.created).total_seconds()) // 3600)
                )
                if rng.random() < 0.3:
                    feedback.append(
                        FeedbackGiven(case=case, given=closed_at + datetime.timedelta(days=3))
                    )
                    answers.append(
                        FeedbackAnswer(
                            network=staff.network,
                            month=timezone.localdate(closed_at).replace(day=1),
                            felt_heard=rng.randint(1, 5),
                            speak_up_again=rng.choice(SpeakUpAgain.values),
                        )
                    )
            if case.stage == Stage.WITHDRAWN:
                actions.append(("case.withdraw", 24 * 20))
        plan[case.code] = (champion, actions)
    Case.themes.through.objects.bulk_create(themes)
    Case.directorates_concerned.through.objects.bulk_create(directorates)
    ConsentChange.objects.bulk_create(consent)
    Assignment.objects.bulk_create(assignments)
    Note.objects.bulk_create(notes)
    Message.objects.bulk_create(messages)
    TimeEntry.objects.bulk_create(times)
    Meeting.objects.bulk_create(meetings)
    Closure.objects.bulk_create(closures)
    for closure in closures:
        closure.summary = sealers[closure.case.code](
            aftercare_services.SUMMARY,
            "Resolved informally with the manager.",
            case_sealed.by_key(closure),
        )
    Closure.objects.bulk_update(closures, ["summary"])
    FeedbackGiven.objects.bulk_create(feedback)
    for given in feedback:
        given.anything_else = sealers[given.case.code](
            aftercare_services.FEEDBACK, "", case_sealed.by_key(given)
        )
    FeedbackGiven.objects.bulk_update(feedback, ["anything_else"])
    FeedbackAnswer.objects.bulk_create(answers)

    plan_actions, updates = [], []
    statuses = ActionStatus.values
    for n, meeting in enumerate(meeting for meeting in meetings if meeting.minutes_recorded):
        case = meeting.case
        seal = sealers[case.code]
        for k in range(rng.randint(1, 3)):
            status = statuses[(n + k) % len(statuses)]
            due = timezone.localdate(meeting.starts) + datetime.timedelta(days=28)
            plan_action = Action(
                meeting=meeting,
                case=case,
                owner=rng.choice(staff.managers),
                due=due,
                status=status,
                done_at=meeting.starts + datetime.timedelta(days=20)
                if status == ActionStatus.DONE
                else None,
                created=meeting.starts + datetime.timedelta(hours=3),
            )
            plan_action.description = seal(
                action_services.DESCRIPTION,
                "Review the shortlisting for the next round.",
                (plan_action.code,),
            )
            plan_actions.append(plan_action)
            plan[case.code][1].append(("action.add", 24 * 14 + 3))
    Action.objects.bulk_create(plan_actions)
    for action in plan_actions:
        if action.status != ActionStatus.NOT_STARTED:
            updates.append(
                ActionUpdate(
                    action=action,
                    author=action.owner,
                    status=action.status,
                    at=action.created + datetime.timedelta(days=7),
                )
            )
    ActionUpdate.objects.bulk_create(updates)
    for update in updates:
        update.note = sealers[update.action.case.code](
            action_services.UPDATE, "Met the team to agree it.", case_sealed.by_key(update)
        )
    ActionUpdate.objects.bulk_update(updates, ["note"])

    for case in new_cases:
        champion, actions = plan[case.code]
        events.extend(_events(case, champion, case.created, sorted(actions, key=lambda a: a[1])))
    counts.audit_events += append_history(events)
    counts.assignments += len(assignments)
    counts.notes += len(notes)
    counts.messages += len(messages)
    counts.time_entries += len(times)
    counts.meetings += len(meetings)
    counts.actions += len(plan_actions)
    counts.action_updates += len(updates)
    counts.closures += len(closures)
    counts.feedback += len(feedback)
