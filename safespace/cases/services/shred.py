"""Destroying a case's key, so nothing of it can be read anywhere again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.audit.models import AuditEvent
from safespace.cases import signals
from safespace.cases.models import Case, NamedMark, Stage
from safespace.cases.services.hold import discard_held
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS

SYSTEM = "system"
# Cases looked at a time: few enough for every database's parameter limit.
BATCH = 500


def shred_case(case: Case, actor: User | None, role: str | None = None) -> None:
    """Destroy the case's key: its content becomes unreadable everywhere, backups included.

    `role` names who asked when nobody signed in did (the raiser erasing their own concern);
    otherwise it is the signed-in actor's, or the system's."""
    with transaction.atomic():
        crypto.shred_case_key(case.code)
        # The keyed hash of their employee number would still link HR events to this case, and
        # the receipt, the passphrase and the link to the raiser's staff account would still
        # say that a concern was raised with them.
        Case.objects.filter(pk=case.pk).update(
            hr_watch=False,
            hr_watch_key="",
            receipt_lookup=None,
            receipt_hash="",
            passphrase_hash="",
            raiser_link="",
        )
        # Nor may the keyed hashes of whom it named link it to later concerns.
        NamedMark.objects.filter(case=case).delete()
        signals.shredded.send(sender=Case, case=case)
        who = role or (SYSTEM if actor is None else None)
        audit_case(actor, AuditAction.CASE_SHRED, case, role=who)


@dataclass(frozen=True)
class Reapplied:
    keys: int  # keys destroyed again
    cases: int  # concerns shredded (or discarded) again


def reapply_shreds() -> Reapplied:
    """Shred again what a restored database brought back, going by the other database.

    The audit trail (in the case database) records each shredding and discarding; the key
    store records them by the key's absence, since a case key is deleted by those and by
    nothing else. A restored backup older than the other database forgets some:

    - a key store older than the case database holds keys of concerns shredded since, which
      open them again, here and in every case backup: each key whose destruction the audit
      trail records is destroyed again;
    - a case database older than the key store holds concerns shredded since as they were:
      unreadable, but watched for HR processes, their receipt accepted, and a held one ready
      to be released by a match. Each concern without a key whose shredding the audit trail
      does not record is shredded again by the system, its receipt cleared with it;
      a held one is deleted, as discarding does.

    Safe to run twice: the second run finds every key gone and every shredding recorded.
    """
    return Reapplied(keys=_destroy_recorded_keys(), cases=_shred_keyless_cases())


def _destroy_recorded_keys() -> int:
    destroyed = (
        AuditEvent.objects.filter(
            object_type="case", action__in=[AuditAction.CASE_SHRED, AuditAction.CASE_DISCARD]
        )
        .values_list("object_code", flat=True)
        .distinct()
    )
    codes = []
    for code in destroyed:
        try:
            codes.append(uuid.UUID(code))
        except ValueError:
            continue  # not a case code: nothing of a case was ever kept under it
    count = 0
    for start in range(0, len(codes), BATCH):
        deleted, _ = (
            CaseKey.objects.using(KEYS).filter(case_code__in=codes[start : start + BATCH]).delete()
        )
        count += deleted
    return count


def _shred_keyless_cases() -> int:
    count = 0
    last = 0
    while True:
        batch = list(Case.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return count
        last = batch[-1].pk
        keyed = set(
            CaseKey.objects.using(KEYS)
            .filter(case_code__in=[case.code for case in batch])
            .values_list("case_code", flat=True)
        )
        keyless = [case for case in batch if case.code not in keyed]
        recorded = set(
            AuditEvent.objects.filter(
                object_type="case",
                object_code__in=[str(case.code) for case in keyless],
                action=AuditAction.CASE_SHRED,
            ).values_list("object_code", flat=True)
        )
        for case in keyless:
            if str(case.code) in recorded:
                continue
            if case.stage == Stage.HELD:
                discard_held(case, role=SYSTEM)
            else:
                shred_case(case, None)
            count += 1
