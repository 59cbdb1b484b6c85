"""One wrapped data key per case. Deleting the row is crypto-shredding."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class CaseKey(models.Model):
    case_code = models.UUIDField(unique=True)
    # Which key-encryption key wrapped it, so rotation knows what to re-wrap.
    kek_id = models.CharField(max_length=40)
    wrapped = models.BinaryField()
    created = models.DateTimeField(default=timezone.now)
    rotated = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # rotate_master_key: the keys still under an old key-encryption key.
            models.Index(fields=["kek_id"], name="casekey_kek_id"),
        ]

    def __str__(self) -> str:
        return f"key for {self.case_code} under {self.kek_id}"


class AuditSeal(models.Model):
    """One row: how far the audit chain in the case database has reached (safespace/audit).

    Kept in the key store, which whoever can write the case database cannot, and only ever
    moved forward (a trigger refuses a smaller sequence, and deleting it). Cutting the newest
    events from the case database, or restoring an older copy of it, leaves the chain shorter
    than this record, or its hash at this sequence different, and `verify_audit` says so.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"audit sealed at #{self.seq}"
