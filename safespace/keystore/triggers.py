"""The key store's record of the audit chain's head only moves forward, and is never deleted."""

from __future__ import annotations

from safespace.lib import triggers

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


GUARD = triggers.Guard(
    create={"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE},
    drop={"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP},
)
install = GUARD.install
remove = GUARD.remove
