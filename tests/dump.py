"""Every row of every table in every database, as text: what someone with a dump would hold."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


def _rows(
    connection: BaseDatabaseWrapper,
) -> Iterator[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Each table with its column names and rows, read through the test's own connection."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            yield table, columns, list(cursor.fetchall())


def sql_dump(alias: str, exclude: Collection[str] = ()) -> str:
    """The database as its own backup tool writes it: schema and data, as SQL text.

    SQLite: the `.dump` a backup script takes (blobs as upper-case hex). PostgreSQL: each
    table's COPY, which is what pg_dump writes for the data. Both read through the test's
    connection, so they see rows the test has not committed.
    """
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        skipped = tuple(f'INSERT INTO "{table}"' for table in exclude)
        return "\n".join(
            line for line in connection.connection.iterdump() if not line.startswith(skipped)
        )
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in exclude:
                continue
            name = connection.ops.quote_name(table)
            parts.append(f"COPY {name} FROM stdin;")
            with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:
                parts.extend(bytes(block).decode("utf-8") for block in copy)
    return "\n".join(parts)


def as_text(value: Any) -> list[str]:
    """A value as a dump shows it; bytes both as characters and as hex."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return [value.decode("latin-1"), value.hex()]
    return [str(value)]


def dump_all_databases(exclude: Collection[str] = ()) -> str:
    """Every row, read as values and as each database's own SQL dump, of every table but these."""
    parts: list[str] = []
    for alias in connections:
        for table, _, rows in _rows(connections[alias]):
            if table not in exclude:
                parts.extend(text for row in rows for value in row for text in as_text(value))
        parts.append(sql_dump(alias, exclude))
    return "\n".join(parts)


class DatabaseCopy:
    """A copy of one database taken now, read as a thief holding the backup would read it."""

    def __init__(self, alias: str, directory: Path) -> None:
        connection = connections[alias]
        self.vendor = connection.vendor
        self.path: Path | None = None
        self._tables: dict[str, list[dict[str, Any]]] = {}
        if self.vendor == "sqlite":
            # A backup file restored from the SQL dump. (The backup API would wait forever on
            # the in-memory test database, which the test's own transaction holds open.)
            self.path = directory / f"{alias}-copy.sqlite3"
            with sqlite3.connect(self.path) as copy:
                copy.executescript(sql_dump(alias))
            copy.close()
        else:
            # PostgreSQL's test database cannot be copied whole from inside the test's
            # transaction, so every row of every table is copied out into memory instead.
            for table, columns, rows in _rows(connection):
                self._tables[table] = [dict(zip(columns, row, strict=True)) for row in rows]

    def rows(self, table: str) -> list[dict[str, Any]]:
        if self.path is None:
            return self._tables[table]
        with sqlite3.connect(self.path) as copy:
            copy.row_factory = sqlite3.Row
            found = [dict(row) for row in copy.execute(f'SELECT * FROM "{table}"')]  # noqa: S608
        copy.close()
        return found
