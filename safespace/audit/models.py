"""Audit events (append-only, refused UPDATE and DELETE by the database) and the chain's head."""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    """Who did what to which object, and when. Never any content."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_code = models.CharField(max_length=36, blank=True)
    actor_role = models.CharField(max_length=20)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=20)
    object_code = models.CharField(max_length=36)
    request_id = models.CharField(max_length=32, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            # The raiser's "who has opened my concern" list: one object's events, newest first.
            models.Index(fields=["object_type", "object_code", "seq"], name="audit_object_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_role} {self.action} {self.object_type}"


class AuditHead(models.Model):
    """One row: the newest event's position and hash. Locking it serialises appends."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head at #{self.seq}"
