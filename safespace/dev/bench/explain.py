"""The plans of the main list queries, taken from the pages themselves: for `make bench` and a test.

Each page is requested as its reader, the SQL it sends is captured, and the queries that read
the list (the page and its count) are explained. So what is explained is what the page runs,
not a copy of it that could drift.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts.middleware import SIGNED_IN_AT
from safespace.accounts.models import User


@dataclass(frozen=True)
class ListQuery:
    name: str
    path: str
    # The table the list reads, and the index named for the query (see the models' Meta).
    table: str
    index: str


LISTS = {
    "champion": ListQuery(
        "champion /cases/", "/cases/", "cases_case", "assignment_champion_active"
    ),
    "lead": ListQuery("lead /cases/triage/", "/cases/triage/", "cases_case", "case_network_stage"),
    "manager": ListQuery("manager /actions/", "/actions/", "actions_action", "action_owner_due"),
}
# Shown by the bench, not held to an index: a lead's /cases/ is every case of their network.
LEAD_CASES = ListQuery("lead /cases/", "/cases/", "cases_case", "")


def signed_in(user: User) -> Client:
    """A client past both sign-in steps, as the real pages leave the session."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    if device is not None:
        session["otp_device_id"] = device.persistent_id
    session[SIGNED_IN_AT] = time.time()
    session.save()
    return client


def outermost(sql: str) -> str:
    """The query with every parenthesised part emptied: what is left is its own SELECT, FROM,
    WHERE and LIMIT, not those of a subquery in its select list (an EXISTS flag, say)."""
    kept, depth = [], 0
    for char in sql:
        if char == ")":
            depth -= 1
        if depth == 0:
            kept.append(char)
        if char == "(":
            depth += 1
    return "".join(kept)


def is_page(sql: str) -> bool:
    """A read of one page of rows, rather than their count."""
    return " LIMIT " in outermost(sql)


def list_queries(client: Client, listed: ListQuery) -> list[str]:
    """The SQL of the page's own reads of its table: the page of rows and the count of them."""
    # The outermost FROM names the table: a read of it, not a join or subquery touching it.
    reads_table = re.compile(
        r"^SELECT\b.*? FROM " + re.escape(f'"{listed.table}"') + r"(?:\s|$)", re.S
    )
    with CaptureQueriesContext(connection) as captured:
        status = client.get(listed.path).status_code
    if status != 200:
        raise RuntimeError(f"{listed.path} answered {status}")
    found = []
    for query in captured.captured_queries:
        outer = outermost(query["sql"])
        if reads_table.match(outer) and (is_page(query["sql"]) or "COUNT(" in outer):
            found.append(query["sql"])
    return found


def plan(sql: str, *, analyze: bool = False, no_seqscan: bool = False) -> str:
    """The database's plan for one captured query, as text."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if no_seqscan:
                cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(f"EXPLAIN {'(ANALYZE, BUFFERS) ' if analyze else ''}{sql}")
                return "\n".join(row[0] for row in cursor.fetchall())
            finally:
                cursor.execute("RESET enable_seqscan")
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def plans(readers: dict[str, str]) -> list[dict[str, object]]:
    """For the bench: each list query's plan, measured (PostgreSQL) or as planned (SQLite).

    `readers` gives the email of the champion, the lead and the manager whose pages to explain.
    """
    shown = [(LISTS[role], readers[role]) for role in LISTS] + [(LEAD_CASES, readers["lead"])]
    found: list[dict[str, object]] = []
    for listed, email in shown:
        client = signed_in(User.objects.get(email=email))
        for sql in list_queries(client, listed):
            text = plan(sql, analyze=connection.vendor == "postgresql")
            found.append(
                {
                    "page": listed.name,
                    "query": "page" if is_page(sql) else "count",
                    "index": listed.index,
                    "uses_index": bool(listed.index) and listed.index in text,
                    "plan": text,
                }
            )
    return found
