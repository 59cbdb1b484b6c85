"""What the data protection officer does: search for a person, export a concern, erase one.

Each step is recorded in the audit trail under the officer's role, and the officer's reasons
are kept beside it (safespace/dataprotection/models.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from safespace.accounts.models import Role, User
from safespace.aftercare import services as aftercare
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.audit.chain import record
from safespace.cases.models import Case, Stage
from safespace.cases.services import hold as case_hold
from safespace.cases.services import reads as case_reads
from safespace.cases.services import stages, subject
from safespace.cases.services.shred import shred_case
from safespace.concerns.copy import everything_held, iso
from safespace.dataprotection.models import Erasure, Search
from safespace.directory.models import StaffMember
from safespace.lib import keyed
from safespace.policy import Action, cases_where

ROLE = Role.DPO.value

# The export as data stays in English; its PDF translates these as it shows them.
REVIEW = gettext_noop("Review for third-party data before release")
BEFORE_RELEASE = gettext_noop(
    "This copy is for the data protection officer, not yet for the person it is about. Any "
    "text written in it may name or describe other people, which cannot be found automatically: "
    'read each part marked "%(review)s" and withhold what is about someone else before you '
    "release it. The people listed as third parties took part in the concern; what identifies "
    "them is for you to weigh."
)

# Stands in a list of people's names, for the Director of Wellbeing, who is not a person here.
DIRECTOR = gettext_noop("The Director of Wellbeing")


def query_hash(person: str) -> str:
    """What was searched for, as a keyed hash: the same name or email, however typed, gives
    the same hash."""
    return keyed.digest(keyed.Purpose.PERSON_SEARCH, person.casefold().encode("utf-8"))


def search(officer: User, person: str, reason: str) -> tuple[Search, list[subject.Found]]:
    """The named concerns raised by this person in the networks the officer serves."""
    with transaction.atomic():
        candidates = Case.objects.filter(cases_where(officer, Action.SUBJECT_ACCESS))
        found = subject.find(candidates, person, officer, ROLE)
        done = Search.objects.create(
            officer=officer, reason=reason, query_hash=query_hash(person), found=len(found)
        )
        record(
            actor_code=str(officer.code),
            actor_role=ROLE,
            action=AuditAction.PERSON_SEARCH,
            object_type="search",
            object_code=str(done.code),
        )
    return done, found


@dataclass(frozen=True)
class ThirdParty:
    name: str
    part: str


def third_parties(case: Case, officer: User) -> list[ThirdParty]:
    """The staff who took part in the concern, and the people it names, each once per part."""
    seen: dict[tuple[str, str], ThirdParty] = {}

    def add(name: str, part: str) -> None:
        if name:
            seen.setdefault((name, part), ThirdParty(name, part))

    for assignment in case.assignments.select_related("champion"):
        add(assignment.champion.full_name, gettext_noop("Champion"))
    for message in case.messages.exclude(author=None).select_related("author"):
        add(str(message.author), gettext_noop("Wrote messages"))
    for note in case.notes.exclude(author=None).select_related("author"):
        add(str(note.author), gettext_noop("Wrote notes"))
    for meeting in case.meetings.prefetch_related("managers"):
        for manager in meeting.managers.all():
            add(manager.full_name, gettext_noop("Invited to a meeting"))
        if meeting.director_attends:
            add(DIRECTOR, gettext_noop("Invited to a meeting"))
    for action in case.actions.exclude(owner=None).select_related("owner"):
        add(str(action.owner), gettext_noop("Owns an action"))
    named = case_reads.read_people_named(case, officer)
    for person in StaffMember.objects.filter(pk__in=named).order_by("full_name"):
        add(person.full_name, gettext_noop("Named in the concern"))
    return list(seen.values())


# The free-text parts of the copy, each of which may name someone else: a key of the copy, or
# a list in it and a key of each of its entries.
FREE_TEXT: tuple[tuple[str, ...], ...] = (
    ("what_happened",),
    ("how_to_contact_you",),
    ("champion_preferences",),
    ("messages", "text"),
    ("notes_shared_with_you", "text"),
    ("notes_not_shared_with_you", "text"),
    ("meetings", "minutes"),
    ("meetings", "your_comment"),
    ("actions", "what"),
    ("actions", "your_dispute"),
    ("closing", "summary"),
)


def _mark(text: Any) -> Any:
    return {"text": text, "review": REVIEW} if text else text


def marked(held: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The copy with each free-text part marked for review, and where each mark is."""
    places: list[str] = []
    for path in FREE_TEXT:
        if len(path) == 1:
            if held.get(path[0]):
                held[path[0]] = _mark(held[path[0]])
                places.append(path[0])
            continue
        for i, entry in enumerate(held.get(path[0], [])):
            if entry.get(path[1]):
                entry[path[1]] = _mark(entry[path[1]])
                places.append(f"{path[0]}[{i}].{path[1]}")
    for i, action in enumerate(held.get("actions", [])):
        for j, update in enumerate(action.get("updates", [])):
            if update.get("note"):
                update["note"] = _mark(update["note"])
                places.append(f"actions[{i}].updates[{j}].note")
    return held, places


def export(case: Case, officer: User, when: Callable[[Any], str | None] = iso) -> dict[str, Any]:
    """Everything held about the concern, as its raiser's own copy holds it, with the notes
    kept from them, the third parties and the parts to review: every read is recorded."""
    with transaction.atomic():
        audit_case(officer, AuditAction.CASE_SUBJECT_ACCESS_READ, case, role=ROLE)
        held = everything_held(case, when, reader=officer, role=ROLE)
        held["notes_not_shared_with_you"] = [
            {"written": when(note.created), "author": note.author, "text": note.body}
            for note in case_reads.read_notes(case, officer, role=ROLE)
            if not note.shared_with_raiser
        ]
        parties = third_parties(case, officer)
    return {
        "reference": case.reference,
        "prepared_for": "A subject access request",
        "prepared": when(timezone.now()),
        "before_release": BEFORE_RELEASE % {"review": REVIEW},
        "third_parties": [{"name": p.name, "part": p.part} for p in parties],
        "concern": held,
    }


def marked_export(case: Case, officer: User) -> tuple[dict[str, Any], list[str]]:
    """The export as data, each free-text part marked for review, and where each mark is."""
    copy = export(case, officer)
    copy["concern"], places = marked(copy["concern"])
    return copy, places


class AlreadyErased(Exception):
    """The concern was erased before: by this request a moment ago, or an earlier one."""

    def __init__(self, erasure: Erasure | None) -> None:
        super().__init__("already erased")
        self.erasure = erasure


def erase(case: Case, officer: User, reason: str) -> Erasure:
    """Erase the concern at once: its key is destroyed, so nothing of it can be read again, and
    a held one is deleted outright. The erasure and its reason are recorded. A second request
    for the same concern (a double click, a stale tab) changes nothing and says so."""
    try:
        with transaction.atomic():
            erasure = Erasure.objects.create(
                officer=officer,
                network=case.network,
                case_code=case.code,
                reference=case.reference,
                reason=reason,
            )
            audit_case(officer, AuditAction.CASE_ERASE, case, role=ROLE)
            if case.stage == Stage.HELD:
                case_hold.discard_held(case, role=ROLE, actor=officer)
            else:
                # Still being worked on: it stops, as if its raiser withdrew it, which is what
                # they asked for, so no champion goes on with a concern nobody can read.
                if stages.can_withdraw(case):
                    aftercare.withdraw(case)
                # Nothing opens it any more: not the receipt, nor the raiser's account.
                shred_case(case, officer, role=ROLE)
    except IntegrityError as twice:
        raise AlreadyErased(Erasure.objects.filter(case_code=case.code).first()) from twice
    return erasure
