"""Cutting the newest events, or restoring an older copy of the case database, is caught."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connections, transaction

from safespace.audit import chain
from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent, AuditHead
from safespace.keystore.models import AuditSeal
from tests.helpers import raw, tampering

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


@pytest.fixture
def sealed_events(django_capture_on_commit_callbacks) -> list[AuditEvent]:
    """Seven events, each append committed, so the key store has seen the chain reach 7."""
    events = []
    for i in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            events.append(
                chain.record(
                    actor_code=f"user-{i}",
                    actor_role="champion",
                    action=AuditAction.CASE_READ,
                    object_type="case",
                    object_code=f"case-{i}",
                )
            )
    assert AuditSeal.objects.get().seq == 7
    return events


def cut_back_to(events: list[AuditEvent], keep: int) -> None:
    """What the case database's owner can do: drop the triggers, cut the newest events, and
    set the head to the last one kept, so the case database alone looks whole."""
    with tampering():
        raw("DELETE FROM audit_auditevent WHERE seq > %s", keep)
        AuditHead.objects.update(seq=keep, hash=events[keep - 1].hash)


def test_the_last_three_events_cut_and_the_head_reset_are_caught(sealed_events) -> None:
    cut_back_to(sealed_events, 4)

    verdict = chain.check()

    assert verdict.broken_at == 5
    assert verdict.missing == 3
    with pytest.raises(CommandError, match="3 events are missing from the end"):
        call_command("verify_audit")


def test_an_older_copy_of_the_case_database_is_caught_with_the_number_missing(
    sealed_events,
) -> None:
    # Restoring the backup taken after the second event: what it holds, and its head.
    backup = list(AuditEvent.objects.filter(seq__lte=2).values())
    with tampering():
        raw("DELETE FROM audit_auditevent")
        AuditEvent.objects.bulk_create(AuditEvent(**row) for row in backup)
        AuditHead.objects.update(seq=2, hash=backup[-1]["hash"])

    verdict = chain.check()

    assert (verdict.broken_at, verdict.missing) == (3, 5)


def test_events_refilled_without_the_key_to_reach_the_seal_are_caught(sealed_events) -> None:
    cut_back_to(sealed_events, 4)
    prev = sealed_events[3].hash
    with tampering():
        for seq in (5, 6, 7):
            fields = {
                "seq": seq,
                "at": sealed_events[3].at,
                "actor_code": "",
                "actor_role": "system",
                "action": "case.note",
                "object_type": "case",
                "object_code": "quiet",
                "request_id": "",
            }
            # The old unkeyed link: all a forger without the audit key can compute.
            forged = hashlib.sha256(bytes.fromhex(prev) + chain.canonical(fields)).hexdigest()
            AuditEvent.objects.create(**fields, prev_hash=prev, hash=forged)
            prev = forged
        AuditHead.objects.update(seq=7, hash=prev)

    assert chain.verify() == 5


def test_an_intact_sealed_chain_verifies(sealed_events, capsys) -> None:
    assert chain.check() == chain.Verdict(broken_at=None, missing=0, events=7)
    call_command("verify_audit")
    assert "OK: 7 events, chain intact" in capsys.readouterr().out


@pytest.mark.parametrize(
    "sql", ["UPDATE keystore_auditseal SET seq = 2", "DELETE FROM keystore_auditseal"]
)
def test_the_key_store_refuses_to_move_the_seal_back_or_drop_it(sealed_events, sql: str) -> None:
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(using="keys"),
        connections["keys"].cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditSeal.objects.get().seq == 7


def test_an_append_rolled_back_leaves_no_seal_and_no_alarm(
    sealed_events, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        chain.record(
            actor_code="",
            actor_role="system",
            action=AuditAction.CASE_READ,
            object_type="case",
            object_code="never",
        )
        raise RuntimeError("the change it audited failed")

    assert AuditSeal.objects.get().seq == 7
    assert chain.check() == chain.Verdict(broken_at=None, missing=0, events=7)


def test_an_unkeyed_chain_from_before_is_relinked_by_the_upgrade() -> None:
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.utils import timezone

    upgrade = importlib.import_module("safespace.audit.migrations.0003_keyed_links")
    prev = chain.GENESIS
    for seq in (1, 2, 3):
        fields = {
            "seq": seq,
            "at": timezone.now(),
            "actor_code": "",
            "actor_role": "champion",
            "action": "case.read",
            "object_type": "case",
            "object_code": f"case-{seq}",
            "request_id": "",
        }
        unkeyed = hashlib.sha256(bytes.fromhex(prev) + chain.canonical(fields)).hexdigest()
        AuditEvent.objects.create(**fields, prev_hash=prev, hash=unkeyed)
        prev = unkeyed
    AuditHead.objects.create(pk=chain.HEAD_ID, seq=3, hash=prev)
    assert chain.verify() == 1  # links made before keying do not verify as keyed

    upgrade.rekey(apps, SimpleNamespace(connection=connection))

    assert chain.verify() is None
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditevent")  # the append-only triggers are back
