"""Append to the audit chain and verify it: hash = SHA-256(previous hash ‖ canonical event)."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from safespace.audit.models import AuditEvent, AuditHead
from safespace.lib.middleware import current_request_id

GENESIS = "0" * 64
HEAD_ID = 1
FIELDS = (
    "seq",
    "at",
    "actor_code",
    "actor_role",
    "action",
    "object_type",
    "object_code",
    "request_id",
)


def canonical(event: Mapping[str, Any]) -> bytes:
    """The event as sorted, compact JSON; times in UTC with microseconds, so it never varies."""
    values = {name: event[name] for name in FIELDS}
    at = values["at"]
    if isinstance(at, datetime.datetime):
        values["at"] = at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link(prev_hash: str, event: Mapping[str, Any]) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical(event)).hexdigest()


def record(
    *, actor_code: str, actor_role: str, action: str, object_type: str, object_code: str
) -> AuditEvent:
    """Append one event. The head row's lock makes appends from every process take turns."""
    (event,) = record_many(
        actor_code=actor_code,
        actor_role=actor_role,
        action=action,
        object_type=object_type,
        object_codes=[object_code],
    )
    return event


def record_many(
    *,
    actor_code: str,
    actor_role: str,
    action: str,
    object_type: str,
    object_codes: Iterable[str],
) -> list[AuditEvent]:
    """Append one event per object, in one turn at the head: a list page's reads cost the
    same few queries however many objects it shows."""
    codes = list(object_codes)
    if not codes:
        return []
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=HEAD_ID).first()
        if head is None:
            AuditHead.objects.get_or_create(pk=HEAD_ID, defaults={"seq": 0, "hash": GENESIS})
            head = AuditHead.objects.select_for_update().get(pk=HEAD_ID)
        at = timezone.now()
        request_id = current_request_id()
        events = []
        seq, prev_hash = head.seq, head.hash
        for object_code in codes:
            seq += 1
            fields: dict[str, Any] = {
                "seq": seq,
                "at": at,
                "actor_code": actor_code,
                "actor_role": actor_role,
                "action": action,
                "object_type": object_type,
                "object_code": object_code,
                "request_id": request_id,
            }
            event = AuditEvent(**fields, prev_hash=prev_hash, hash=link(prev_hash, fields))
            events.append(event)
            prev_hash = event.hash
        AuditEvent.objects.bulk_create(events)
        head.seq, head.hash = seq, prev_hash
        head.save(update_fields=["seq", "hash"])
    return events


def _events(batch: int = 2000) -> Iterable[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=batch)


def verify() -> int | None:
    """None if the chain is intact, else the 1-based position of the first broken link."""
    prev_hash = GENESIS
    position = 0
    for position, event in enumerate(_events(), start=1):
        fields = {name: getattr(event, name) for name in FIELDS}
        if (
            event.seq != position
            or event.prev_hash != prev_hash
            or event.hash != link(prev_hash, fields)
        ):
            return position
        prev_hash = event.hash
    head = AuditHead.objects.filter(pk=HEAD_ID).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != position or head_hash != prev_hash:
        # Events missing from the end: the first one that should be there is missing.
        return position + 1
    return None


def append_history(events: Iterable[Mapping[str, Any]], batch: int = 5000) -> int:
    """Append events that already carry their own time, in one turn at the head.

    For loading history in bulk (`seed_scale`): each event gives at, actor_code, actor_role,
    action, object_type and object_code; they are chained in the order given, in batches, so
    `verify` holds exactly as for `record_many`.
    """
    count = 0
    with transaction.atomic():
        AuditHead.objects.get_or_create(pk=HEAD_ID, defaults={"seq": 0, "hash": GENESIS})
        head = AuditHead.objects.select_for_update().get(pk=HEAD_ID)
        seq, prev_hash = head.seq, head.hash
        pending: list[AuditEvent] = []
        for given in events:
            seq += 1
            fields: dict[str, Any] = {name: given.get(name, "") for name in FIELDS}
            fields["seq"] = seq
            event = AuditEvent(**fields, prev_hash=prev_hash, hash=link(prev_hash, fields))
            pending.append(event)
            prev_hash = event.hash
            if len(pending) >= batch:
                AuditEvent.objects.bulk_create(pending)
                count += len(pending)
                pending = []
        AuditEvent.objects.bulk_create(pending)
        count += len(pending)
        head.seq, head.hash = seq, prev_hash
        head.save(update_fields=["seq", "hash"])
    return count
