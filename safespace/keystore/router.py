"""Keep the key store in the "keys" database and everything else out of it."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

KEYS = "keys"
APP = "keystore"


class KeystoreRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return KEYS if model._meta.app_label == APP else "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return KEYS if model._meta.app_label == APP else "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return (obj1._meta.app_label == APP) == (obj2._meta.app_label == APP)

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return (db == KEYS) == (app_label == APP)
