"""The triggers that keep ChampionTime equal to the time entries, on SQLite and PostgreSQL.

Each adds the minutes of a new time entry to its network, champion and month, and takes away
those of one changed or deleted, in the statement that made the change: bulk inserts, queryset
updates and a case's cascade included. A case moved to another network takes its time with it.
"""

from __future__ import annotations

from safespace.lib import triggers

TABLE = "cases_championtime"
UPSERT = (
    "ON CONFLICT (network_id, champion_id, month) "
    f"DO UPDATE SET minutes = {TABLE}.minutes + excluded.minutes"
)


def _add(sign: str, row: str, month: str) -> str:
    """Add (sign "") or take away (sign "-") the minutes of one time entry, OLD or NEW."""
    # Only this module's constants are put together here, never anything from outside.
    return (
        f"INSERT INTO {TABLE} (network_id, champion_id, month, minutes) "  # noqa: S608
        f"SELECT network_id, {row}.champion_id, {month}, {sign}{row}.minutes "
        f"FROM cases_case WHERE id = {row}.case_id {UPSERT};"
    )


def _move(sign: str, network: str, month: str) -> str:
    """Add or take away all of one case's time, grouped, in the network given."""
    return (
        f"INSERT INTO {TABLE} (network_id, champion_id, month, minutes) "  # noqa: S608
        f"SELECT {network}, champion_id, {month}, {sign}SUM(minutes) "
        f"FROM cases_timeentry WHERE case_id = NEW.id GROUP BY champion_id, {month} {UPSERT};"
    )


def _sqlite_month(row: str) -> str:
    return f"date({row}day, 'start of month')"


def _postgres_month(row: str) -> str:
    return f"date_trunc('month', {row}day)::date"


_PG_ENTRY = f"""
CREATE OR REPLACE FUNCTION championtime_keep() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_add("-", "OLD", _postgres_month("OLD."))}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_add("", "NEW", _postgres_month("NEW."))}
    END IF;
    RETURN NULL;
END; $$ LANGUAGE plpgsql;
"""
_PG_CASE = f"""
CREATE OR REPLACE FUNCTION championtime_case_moved() RETURNS trigger AS $$
BEGIN
    {_move("-", "OLD.network_id", _postgres_month(""))}
    {_move("", "NEW.network_id", _postgres_month(""))}
    RETURN NULL;
END; $$ LANGUAGE plpgsql;
"""

GUARD = triggers.Guard(
    create={
        "sqlite": [
            "CREATE TRIGGER championtime_insert AFTER INSERT ON cases_timeentry BEGIN "
            f"{_add('', 'NEW', _sqlite_month('NEW.'))} END;",
            "CREATE TRIGGER championtime_update AFTER UPDATE ON cases_timeentry BEGIN "
            f"{_add('-', 'OLD', _sqlite_month('OLD.'))} "
            f"{_add('', 'NEW', _sqlite_month('NEW.'))} END;",
            "CREATE TRIGGER championtime_delete AFTER DELETE ON cases_timeentry BEGIN "
            f"{_add('-', 'OLD', _sqlite_month('OLD.'))} END;",
            "CREATE TRIGGER championtime_case_moved AFTER UPDATE OF network_id ON cases_case "
            "WHEN NEW.network_id <> OLD.network_id BEGIN "
            f"{_move('-', 'OLD.network_id', _sqlite_month(''))} "
            f"{_move('', 'NEW.network_id', _sqlite_month(''))} END;",
        ],
        "postgresql": [
            _PG_ENTRY,
            "CREATE TRIGGER championtime_keep AFTER INSERT OR UPDATE OR DELETE "
            "ON cases_timeentry FOR EACH ROW EXECUTE FUNCTION championtime_keep();",
            _PG_CASE,
            "CREATE TRIGGER championtime_case_moved AFTER UPDATE OF network_id ON cases_case "
            "FOR EACH ROW WHEN (NEW.network_id <> OLD.network_id) "
            "EXECUTE FUNCTION championtime_case_moved();",
        ],
    },
    drop={
        "sqlite": [
            "DROP TRIGGER IF EXISTS championtime_insert;",
            "DROP TRIGGER IF EXISTS championtime_update;",
            "DROP TRIGGER IF EXISTS championtime_delete;",
            "DROP TRIGGER IF EXISTS championtime_case_moved;",
        ],
        "postgresql": [
            "DROP TRIGGER IF EXISTS championtime_keep ON cases_timeentry;",
            "DROP FUNCTION IF EXISTS championtime_keep();",
            "DROP TRIGGER IF EXISTS championtime_case_moved ON cases_case;",
            "DROP FUNCTION IF EXISTS championtime_case_moved();",
        ],
    },
)

# Counting afresh from the time entries: the migration that adds the table runs it once.
RECOUNT: triggers.BySqlVendor = {
    vendor: [
        f"DELETE FROM {TABLE};",  # noqa: S608 (constants only)
        f"INSERT INTO {TABLE} (network_id, champion_id, month, minutes) "  # noqa: S608
        f"SELECT c.network_id, t.champion_id, {month('t.')}, SUM(t.minutes) "
        "FROM cases_timeentry t JOIN cases_case c ON c.id = t.case_id "
        f"GROUP BY c.network_id, t.champion_id, {month('t.')};",
    ]
    for vendor, month in (("sqlite", _sqlite_month), ("postgresql", _postgres_month))
}

install = GUARD.install
remove = GUARD.remove
