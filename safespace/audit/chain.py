"""Append to the audit chain and verify it.

Each link is HMAC-SHA-256(audit key, previous hash ‖ canonical event), under a key kept out of
the database (`SAFESPACE_AUDIT_KEY`): whoever can write the case database cannot forge a link.
After each append commits, the key store records the newest sequence and hash (`AuditSeal`,
which only moves forward), so cutting the newest events, resetting the head, or restoring an
older copy of the case database leaves a chain that no longer reaches the seal.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent, AuditHead
from safespace.keystore.models import AuditSeal
from safespace.lib.middleware import current_request_id

logger = logging.getLogger(__name__)

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
    key = str(settings.SAFESPACE_AUDIT_KEY).encode()
    return hmac.new(key, bytes.fromhex(prev_hash) + canonical(event), hashlib.sha256).hexdigest()


def seal(seq: int, hash_: str) -> None:
    """Record in the key store that the chain has reached `seq`, unless it is already further.

    Called once the append has committed; appends committing out of order only ever move the
    seal forward. If the key store cannot be reached the seal lags, which verify allows.
    """
    try:
        moved = AuditSeal.objects.filter(pk=HEAD_ID, seq__lt=seq).update(
            seq=seq, hash=hash_, updated=timezone.now()
        )
        if not moved:
            AuditSeal.objects.get_or_create(pk=HEAD_ID, defaults={"seq": seq, "hash": hash_})
    except DatabaseError as error:
        logger.warning("The audit seal could not be moved (%s)", type(error).__name__)


# Inside `batched()`, the events waiting to be appended together when it ends.
_waiting: ContextVar[list[dict[str, str]] | None] = ContextVar("audit_waiting", default=None)


@contextmanager
def batched() -> Iterator[None]:
    """Append every event recorded inside in one turn at the head, when the block ends (even
    if it ends in an error: what was read was read). A page that reads several parts of a
    case, each audited, then costs the queries of one append. Events recorded inside come
    back unsaved, so only code that does not use them may run inside."""
    if _waiting.get() is not None:
        yield  # already inside one: the outer block appends
        return
    token = _waiting.set([])
    try:
        yield
    finally:
        waiting = _waiting.get() or []
        _waiting.reset(token)
        _append(waiting)


def record(
    *,
    actor_code: str,
    actor_role: str,
    action: AuditAction,
    object_type: str,
    object_code: str,
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
    action: AuditAction,
    object_type: str,
    object_codes: Iterable[str],
    detail: str = "",
) -> list[AuditEvent]:
    """Append one event per object, in one turn at the head: a list page's reads cost the
    same few queries however many objects it shows.

    Only a named action is recorded (an unknown one is a mistake in the code, refused before
    anything is written); `detail` follows it after a space, such as the period an insight
    read covered.
    """
    recorded = f"{AuditAction(action)} {detail}" if detail else str(AuditAction(action))
    entries = [
        {
            "actor_code": actor_code,
            "actor_role": actor_role,
            "action": recorded,
            "object_type": object_type,
            "object_code": object_code,
        }
        for object_code in object_codes
    ]
    waiting = _waiting.get()
    if waiting is not None:
        waiting.extend(entries)
        return [AuditEvent(**entry) for entry in entries]
    return _append(entries)


def _append(entries: list[dict[str, str]]) -> list[AuditEvent]:
    if not entries:
        return []
    # No savepoint: a failed append fails whatever transaction it is in, as it should, and a
    # page's reads cost the three queries of the append itself.
    with transaction.atomic(savepoint=False):
        head = AuditHead.objects.select_for_update().filter(pk=HEAD_ID).first()
        if head is None:
            AuditHead.objects.get_or_create(pk=HEAD_ID, defaults={"seq": 0, "hash": GENESIS})
            head = AuditHead.objects.select_for_update().get(pk=HEAD_ID)
        at = timezone.now()
        request_id = current_request_id()
        events = []
        seq, prev_hash = head.seq, head.hash
        for entry in entries:
            seq += 1
            fields: dict[str, Any] = {"seq": seq, "at": at, **entry, "request_id": request_id}
            event = AuditEvent(**fields, prev_hash=prev_hash, hash=link(prev_hash, fields))
            events.append(event)
            prev_hash = event.hash
        AuditEvent.objects.bulk_create(events)
        head.seq, head.hash = seq, prev_hash
        head.save(update_fields=["seq", "hash"])
        transaction.on_commit(lambda: seal(seq, prev_hash))
    return events


def _events(batch: int = 2000) -> Iterable[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=batch)


@dataclass(frozen=True)
class Verdict:
    """What verify found: the first broken link, and how many events the seal says are gone."""

    broken_at: int | None
    missing: int = 0
    events: int = 0


def check() -> Verdict:
    """Walk the chain from the start, then hold it against the head and the key store's seal."""
    prev_hash = GENESIS
    position = 0
    hashes_at: dict[int, str] = {}
    sealed = AuditSeal.objects.filter(pk=HEAD_ID).first()
    for position, event in enumerate(_events(), start=1):
        fields = {name: getattr(event, name) for name in FIELDS}
        if (
            event.seq != position
            or event.prev_hash != prev_hash
            or event.hash != link(prev_hash, fields)
        ):
            return Verdict(broken_at=position, events=position - 1)
        prev_hash = event.hash
        if sealed is not None and position == sealed.seq:
            hashes_at[position] = event.hash
    if sealed is not None and sealed.seq > position:
        # The chain stops short of where the key store saw it reach: cut, or an old copy.
        return Verdict(broken_at=position + 1, missing=sealed.seq - position, events=position)
    if sealed is not None and sealed.seq and hashes_at.get(sealed.seq) != sealed.hash:
        return Verdict(broken_at=sealed.seq, events=position)
    head = AuditHead.objects.filter(pk=HEAD_ID).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != position or head_hash != prev_hash:
        # Events missing from the end: the first one that should be there is missing.
        return Verdict(broken_at=position + 1, events=position)
    return Verdict(broken_at=None, events=position)


def verify() -> int | None:
    """None if the chain is intact, else the 1-based position of the first broken link."""
    return check().broken_at


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
        transaction.on_commit(lambda: seal(seq, prev_hash))
    return count
