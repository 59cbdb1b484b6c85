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


def append_only(table: str, name: str, message: str) -> Guard:
    """Triggers that refuse every UPDATE and DELETE on `table` with `message`, named after
    `name` (`<name>_no_update`, `<name>_no_delete` on SQLite; `<name>_no_change` and its
    function `<name>_refuse_change` on PostgreSQL). A TRUNCATE is not watched."""
    refuse = f"SELECT RAISE(ABORT, '{message}');"
    return Guard(
        create={
            "sqlite": [
                f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {table} BEGIN {refuse} END;",
                f"CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {table} BEGIN {refuse} END;",
            ],
            "postgresql": [
                f"CREATE OR REPLACE FUNCTION {name}_refuse_change() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;",
                f"CREATE TRIGGER {name}_no_change BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}_refuse_change();",
            ],
        },
        drop={
            "sqlite": [
                f"DROP TRIGGER IF EXISTS {name}_no_update;",
                f"DROP TRIGGER IF EXISTS {name}_no_delete;",
            ],
            "postgresql": [
                f"DROP TRIGGER IF EXISTS {name}_no_change ON {table};",
                f"DROP FUNCTION IF EXISTS {name}_refuse_change();",
            ],
        },
    )
