"""Every row of every table in every database, as text: what someone with a dump would hold."""

from __future__ import annotations

from django.db import connections


def dump_all_databases() -> str:
    parts: list[str] = []
    for alias in connections:
        connection = connections[alias]
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
                for row in cursor.fetchall():
                    for value in row:
                        if isinstance(value, memoryview):
                            value = value.tobytes()
                        if isinstance(value, bytes):
                            parts.append(value.decode("latin-1"))
                            parts.append(value.hex())
                        else:
                            parts.append(str(value))
    return "\n".join(parts)
