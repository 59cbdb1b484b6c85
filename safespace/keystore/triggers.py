"""The key store's record of the audit chain's head only moves forward, and is never deleted."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "keystore_auditseal"
BACKWARDS = "the audit seal only moves forward"
DELETED = "the audit seal cannot be deleted"

SQLITE_CREATE = [
    f"CREATE TRIGGER audit_seal_forward BEFORE UPDATE ON {TABLE} WHEN NEW.seq < OLD.seq "
    f"BEGIN SELECT RAISE(ABORT, '{BACKWARDS}'); END;",
    f"CREATE TRIGGER audit_seal_kept BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{DELETED}'); END;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_seal_forward;",
    "DROP TRIGGER IF EXISTS audit_seal_kept;",
]
POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION audit_seal_guard() RETURNS trigger AS $$ BEGIN "
    f"IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{DELETED}'; END IF; "
    f"IF NEW.seq < OLD.seq THEN RAISE EXCEPTION '{BACKWARDS}'; END IF; "
    "RETURN NEW; END; $$ LANGUAGE plpgsql;",
    f"CREATE TRIGGER audit_seal_guard BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_seal_guard();",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_seal_guard ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_seal_guard();",
]


def _statements(connection: BaseDatabaseWrapper, create: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if connection.vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    raise ImproperlyConfigured(
        f"Safe Space supports SQLite and PostgreSQL, not {connection.vendor}."
    )


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=True):
            cursor.execute(statement)


def remove(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=False):
            cursor.execute(statement)
