"""Run a set of trigger statements written for each database Safe Space supports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper

# vendor ("sqlite", "postgresql") -> the statements to run, in order
BySqlVendor = Mapping[str, Sequence[str]]


def execute(connection: BaseDatabaseWrapper, statements: BySqlVendor) -> None:
    if connection.vendor not in statements:
        raise ImproperlyConfigured(
            f"Safe Space supports SQLite and PostgreSQL, not {connection.vendor}."
        )
    with connection.cursor() as cursor:
        for statement in statements[connection.vendor]:
            cursor.execute(statement)
