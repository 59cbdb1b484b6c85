"""After a restore, what either database had already shredded is shredded again, once.

Restoring real backups is tests/test_backup_restore.py; here the key store simply lacks a key
(as when the case database is older than the shredding), or holds one again (as when the key
store is).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Stage
from safespace.cases.services import create
from safespace.cases.services.sealed import NARRATIVE, case_row
from safespace.cases.services.shred import Reapplied, reapply_shreds, shred_case
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def key_lost(case: Case) -> None:
    CaseKey.objects.using("keys").filter(case_code=case.code).delete()


def test_a_concern_without_its_key_is_shredded_again_by_the_system(network) -> None:
    case = create.create_case(
        create.NewConcern(network=network, narrative="x", hr_watch_key="ab" * 32)
    )
    untouched = create.create_case(create.NewConcern(network=network, narrative="y"))
    key_lost(case)

    assert reapply_shreds() == Reapplied(keys=0, cases=1)

    case.refresh_from_db()
    assert not case.hr_watch and not case.hr_watch_key
    shredded = AuditEvent.objects.get(object_code=str(case.code), action=AuditAction.CASE_SHRED)
    assert shredded.actor_role == "system"
    assert not AuditEvent.objects.filter(object_code=str(untouched.code), action="case.shred")


def test_a_held_concern_without_its_key_is_deleted_as_discarding_does(network) -> None:
    case = create.create_case(create.NewConcern(network=network, narrative="x", hold=True))
    assert case.stage == Stage.HELD
    key_lost(case)

    assert reapply_shreds() == Reapplied(keys=0, cases=1)

    assert not Case.objects.filter(pk=case.pk).exists()
    discarded = AuditEvent.objects.get(object_code=str(case.code), action="case.discard")
    assert discarded.actor_role == "system"


def test_running_it_twice_shreds_each_concern_once(network) -> None:
    case = create.create_case(create.NewConcern(network=network, narrative="x"))
    key_lost(case)
    call_command("reapply_shreds", stdout=StringIO())

    out = StringIO()
    call_command("reapply_shreds", stdout=out)

    assert "Destroyed again 0 case keys" in out.getvalue()
    assert "Shredded again 0 concerns" in out.getvalue()
    assert AuditEvent.objects.filter(object_code=str(case.code), action="case.shred").count() == 1


def test_a_key_the_audit_trail_says_was_destroyed_is_destroyed_again(network) -> None:
    case = create.create_case(create.NewConcern(network=network, narrative="gone"))
    kept = create.create_case(create.NewConcern(network=network, narrative="kept"))
    key = CaseKey.objects.using("keys").get(case_code=case.code)
    shred_case(case, None)
    # An older key store restored: the key is back, and the concern opens again.
    key.save(using="keys", force_insert=True)
    case.refresh_from_db()
    assert crypto.unseal(case.code, NARRATIVE, bytes(case.narrative), case_row(case)) == "gone"

    assert reapply_shreds() == Reapplied(keys=1, cases=0)

    with pytest.raises(crypto.KeyDestroyed):
        crypto.unseal(case.code, NARRATIVE, bytes(case.narrative), case_row(case))
    kept.refresh_from_db()
    assert crypto.unseal(kept.code, NARRATIVE, bytes(kept.narrative), case_row(kept)) == "kept"
    assert reapply_shreds() == Reapplied(keys=0, cases=0)
