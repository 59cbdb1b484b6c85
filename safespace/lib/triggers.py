"""Triggers that make the database itself guard a table, written for each database Safe Space
supports, and installed or removed by the migrations that need them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Guard:
    """A table's triggers: the statements that install them and those that remove them."""

    create: BySqlVendor
    drop: BySqlVendor

    def install(self, connection: BaseDatabaseWrapper) -> None:
        execute(connection, self.create)

    def remove(self, connection: BaseDatabaseWrapper) -> None:
        execute(connection, self.drop)
