"""seed_scale makes what it says, sealed so the service can open it, with the audit chain whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from safespace.actions import services as actions
from safespace.actions.models import Action, ActionStatus, ActionUpdate
from safespace.aftercare import services as aftercare
from safespace.aftercare.models import Closure
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record, verify
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Message, Note, TimeEntry
from safespace.cases.services import lookup
from safespace.cases.services import sealed as case_sealed
from safespace.dev.bench.seed import seed
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def test_it_makes_what_it_says() -> None:
    counts = seed(120, batch=50, working_receipts=1)
    assert Case.objects.count() == counts.cases == 120
    assert CaseKey.objects.using("keys").count() == counts.keys == 120
    assert Note.objects.count() == counts.notes > 0
    assert Message.objects.count() == counts.messages > 0
    assert TimeEntry.objects.count() == counts.time_entries > 0
    assert Closure.objects.count() == counts.closures > 0
    assert Action.objects.count() == counts.actions > 0
    assert set(Action.objects.values_list("status", flat=True)) == set(ActionStatus.values)
    assert AuditEvent.objects.count() == counts.audit_events > 120


def test_the_audit_chain_stays_whole_before_and_after() -> None:
    record(
        actor_code="",
        actor_role="system",
        action=AuditAction.CASE_READ,
        object_type="case",
        object_code="a",
    )
    seed(30, batch=7)
    record(
        actor_code="",
        actor_role="system",
        action=AuditAction.CASE_READ,
        object_type="case",
        object_code="b",
    )
    assert verify() is None


def test_the_service_opens_what_it_sealed() -> None:
    seed(10)
    for case in Case.objects.all():
        row = case_sealed.case_row(case)
        assert crypto.unseal(case.code, case_sealed.NARRATIVE, bytes(case.narrative), row)
    note = Note.objects.first()
    assert note is not None
    assert crypto.unseal(
        note.case.code, case_sealed.NOTE, bytes(note.body), case_sealed.note_row(note)
    )
    # Rows bound to their primary key are sealed once their batch is in: they open too.
    closure = Closure.objects.exclude(summary=None).select_related("case").first()
    assert closure is not None
    assert aftercare.read_closures(closure.case, None)[0].summary
    update = ActionUpdate.objects.exclude(note=None).select_related("action__case").first()
    assert update is not None
    opened = [u.note for a in actions.read_actions(update.action.case, None) for u in a.updates]
    assert opened and all(opened)


def test_a_working_receipt_opens_its_case() -> None:
    counts = seed(60, working_receipts=1)
    (given,) = counts.receipts
    assert lookup.find_by_receipt(given["receipt"], given["passphrase"]) is not None


def test_seeding_twice_adds_more(tmp_path: Path) -> None:
    out = tmp_path / "receipts.json"
    call_command("seed_scale", cases=20, receipts=1, receipts_out=str(out), stdout=None)
    call_command("seed_scale", cases=20, stdout=None)
    assert Case.objects.count() == 40
    assert len(json.loads(out.read_text())) == 1
    call_command("verify_audit", stdout=None)
