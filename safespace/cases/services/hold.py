"""Who a concern names, and holding a concern until someone else names the same."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases import patterns, signals
from safespace.cases.models import Case, ContactMethod, Stage
from safespace.cases.services.sealed import CONTACT, PEOPLE, RAISER, case_row
from safespace.cases.services.stages import TransitionRefused, first_contact_due, lead_emails, move
from safespace.keystore import crypto
from safespace.notifications.mail import notify


def set_people_named(case: Case, staff_ids: Iterable[int], actor: User) -> None:
    with transaction.atomic():
        ids = sorted(set(staff_ids))
        case.people_named = (
            crypto.seal(case.code, PEOPLE, json.dumps(ids), case_row(case)) if ids else None
        )
        case.save(update_fields=["people_named"])
        audit_case(actor, AuditAction.PEOPLE_CHANGE, case)
        patterns.record(case, ids)
        match(case)


# Why a held concern was released, as its audit event says: "case.release.<why>".
MATCHED = "match"
BY_RAISER = "raiser"


def match(case: Case) -> None:
    """After a concern's naming changed: release the held concerns it matches (itself
    included), and tell the leads when concerns from different raisers share a name."""
    waiting = patterns.released_by(case)
    if case.stage == Stage.HELD and patterns.is_matched(case):
        waiting.append(case)
    for held in waiting:
        release(held, MATCHED)
    if case.stage != Stage.HELD and patterns.sharing(case):
        leads = lead_emails(case.network_id)
        transaction.on_commit(
            lambda: notify(leads, _("Concerns that name the same person or team have arrived"))
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
        case.first_contact_due = first_contact_due(timezone.now(), case.network)
        case.hr_watch = bool(case.hr_watch_key)
        case.save(update_fields=["first_contact_due", "hr_watch"])
        audit_case(
            None,
            AuditAction(f"case.release.{why}"),
            case,
            role=RAISER if why == BY_RAISER else "system",
        )
        signals.released.send(sender=Case, case=case)
        leads = lead_emails(case.network_id)
        transaction.on_commit(lambda: notify(leads, _("A new concern has arrived")))
        if why == MATCHED and case.contact_method == ContactMethod.EMAIL:
            address = crypto.unseal(
                case.code, CONTACT, bytes(case.contact_details or b""), case_row(case)
            )
            subject = _("There is news about your concern")
            transaction.on_commit(lambda: notify([address], subject, language=case.language))
    return True


def discard_held(case: Case, role: str = RAISER, actor: User | None = None) -> None:
    """A held concern its raiser withdraws before anyone was allowed to read it: nothing of it
    is kept, so nobody ever can. Its key is destroyed and its rows deleted; the audit trail
    keeps only that a concern with this code was raised, held and discarded. The data
    protection officer (`actor`) discards one the same way when its raiser asks for it to be
    erased.

    `role` is the system's when a restored backup brought back one already discarded."""
    if case.stage != Stage.HELD:
        raise TransitionRefused("Only a held concern is discarded; others are withdrawn.")
    with transaction.atomic():
        audit_case(actor, AuditAction.CASE_DISCARD, case, role=role)
        crypto.shred_case_key(case.code)
        case.delete()
