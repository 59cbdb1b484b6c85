"""The audit chain: intact when untouched, and every kind of tampering found at its place."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from hypothesis import given
from hypothesis import strategies as st

from safespace.audit import chain
from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from tests.helpers import raw, tampering

pytestmark = pytest.mark.django_db

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def record(n: int) -> list[AuditEvent]:
    return [
        chain.record(
            actor_code=f"user-{i}",
            actor_role="champion",
            action=AuditAction.CASE_READ,
            object_type="case",
            object_code=f"case-{i}",
        )
        for i in range(n)
    ]


def test_an_untouched_chain_verifies() -> None:
    record(5)
    assert chain.verify() is None
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


def test_an_empty_chain_verifies() -> None:
    assert chain.verify() is None


def test_each_event_links_to_the_one_before() -> None:
    first, second = record(2)
    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == first.hash


def test_it_detects_an_edited_event_at_its_index() -> None:
    record(5)
    with tampering():
        raw("UPDATE audit_auditevent SET actor_role = 'lead' WHERE seq = 3")
    assert chain.verify() == 3


def test_it_detects_a_deleted_event_at_its_index() -> None:
    record(5)
    with tampering():
        raw("DELETE FROM audit_auditevent WHERE seq = 2")
    assert chain.verify() == 2


def test_it_detects_reordered_events() -> None:
    record(5)
    with tampering():
        raw("UPDATE audit_auditevent SET seq = 100 WHERE seq = 2")
        raw("UPDATE audit_auditevent SET seq = 2 WHERE seq = 4")
        raw("UPDATE audit_auditevent SET seq = 4 WHERE seq = 100")
    assert chain.verify() == 2


def test_it_detects_an_inserted_event() -> None:
    events = record(4)
    with tampering():
        raw("UPDATE audit_auditevent SET seq = seq + 1000 WHERE seq >= 3")
        raw("UPDATE audit_auditevent SET seq = seq - 999 WHERE seq >= 1000")
    forged = {
        "seq": 3,
        "at": events[1].at,
        "actor_code": "",
        "actor_role": "system",
        "action": "case.read",
        "object_type": "case",
        "object_code": "forged",
        "request_id": "",
    }
    # A forger who knows the algorithm can make the new link fit, but not the one after it.
    AuditEvent.objects.create(
        **forged, prev_hash=events[1].hash, hash=chain.link(events[1].hash, forged)
    )
    assert chain.verify() == 4


def test_it_detects_events_cut_from_the_end() -> None:
    record(5)
    with tampering():
        raw("DELETE FROM audit_auditevent WHERE seq >= 4")
    assert chain.verify() == 4


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'nothing'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_to_change_or_delete_events(sql: str) -> None:
    record(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(sql)
    assert chain.verify() is None


def test_the_orm_cannot_change_or_delete_events_either() -> None:
    (event,) = record(1)
    event.action = "case.nothing"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_verify_audit_reports_ok_or_where_it_broke(capsys) -> None:
    record(3)
    call_command("verify_audit")
    assert "OK: 3 events, chain intact" in capsys.readouterr().out
    with tampering():
        raw("UPDATE audit_auditevent SET object_code = 'x' WHERE seq = 2")
    with pytest.raises(CommandError, match="Broken at event 2"):
        call_command("verify_audit")


def test_events_hold_no_content_field() -> None:
    names = {f.name for f in AuditEvent._meta.get_fields()}
    assert names == {
        "id",
        "seq",
        "at",
        "actor_code",
        "actor_role",
        "action",
        "object_type",
        "object_code",
        "request_id",
        "prev_hash",
        "hash",
    }


event_fields = st.fixed_dictionaries(
    {
        "seq": st.integers(min_value=1, max_value=2**40),
        "at": st.datetimes(timezones=st.just(__import__("datetime").UTC)),
        "actor_code": st.text(max_size=36),
        "actor_role": st.text(max_size=20),
        "action": st.text(max_size=40),
        "object_type": st.text(max_size=20),
        "object_code": st.text(max_size=36),
        "request_id": st.text(max_size=32),
    }
)


@given(event_fields, st.sampled_from(chain.FIELDS), st.text(min_size=1, max_size=5))
def test_changing_any_single_field_changes_the_hash(fields, name, extra) -> None:
    assert chain.canonical(fields) == chain.canonical(dict(fields))
    before = chain.link(chain.GENESIS, fields)
    changed = dict(fields)
    if name == "seq":
        changed[name] = fields[name] + 1
    elif name == "at":
        changed[name] = fields[name] + __import__("datetime").timedelta(microseconds=1)
    else:
        changed[name] = fields[name] + extra
    assert chain.link(chain.GENESIS, changed) != before


@pytest.mark.skipif(not ON_POSTGRES, reason="concurrent appends need PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_stay_one_straight_chain() -> None:
    from django.db import connections

    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                chain.record(
                    actor_code=f"t{n}",
                    actor_role="champion",
                    action=AuditAction.CASE_READ,
                    object_type="case",
                    object_code=f"{n}-{i}",
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 201)
    )
    assert chain.verify() is None
