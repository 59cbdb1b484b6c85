"""On PostgreSQL, each main list page's queries can be answered from the index named for them.

The SQL is captured from the pages themselves (safespace/dev/bench/explain.py), then explained with
sequential scans priced out of reach: if the plan still reads the whole table, no index serves
the query, and at 100,000 cases that page would read every row on every view.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from safespace.accounts.models import Role
from safespace.actions import services as actions
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.cases.models import Assignment, Case, Stage
from safespace.cases.services import assign, create
from safespace.dev.bench.explain import LISTS, is_page, list_queries, plan, signed_in
from safespace.keystore import crypto

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="plans are checked on PostgreSQL only"
    ),
    pytest.mark.django_db(databases=["default", "keys"]),
]


@pytest.fixture
def readers(make_user, network):
    """A few hundred rows, most of them not the reader's, and statistics on them."""
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    colleague = make_user("colleague@example.org", (network, Role.CHAMPION))
    lead = make_user("lead@example.org", (network, Role.LEAD))
    manager = make_user("manager@example.org", (network, Role.MANAGER))
    other_manager = make_user("other.manager@example.org", (network, Role.MANAGER))
    stages = [Stage.NEW, Stage.CLOSED, Stage.LISTENING, Stage.CLOSED, Stage.WATCHING]
    cases = Case.objects.bulk_create(
        Case(network=network, stage=stages[i % 5], reference=f"SS-E{i:05d}") for i in range(600)
    )
    now = timezone.now()
    Assignment.objects.bulk_create(
        [Assignment(case=c, champion=champion, ended_at=now) for c in cases[:300]]
        + [Assignment(case=c, champion=colleague) for c in cases[300:]]
    )
    real = create.create_case(create.NewConcern(network=network, narrative="story"))
    assign.assign_champion(real, champion, actor=None)
    meeting = Meeting.objects.create(case=real, starts=now, place="Room 4")
    actions.add_action(
        meeting,
        champion,
        description="Review the rota",
        owner=manager,
        due=timezone.localdate(),
        shared_with_raiser=True,
    )
    # More of the same action, each sealed to its own row: the list unseals only its page.
    more = [
        Action(
            meeting=meeting,
            case=real,
            owner=manager if i % 4 == 0 else other_manager,
            due=timezone.localdate() + datetime.timedelta(days=i % 90),
            status=ActionStatus.DONE if i % 3 else ActionStatus.IN_PROGRESS,
        )
        for i in range(800)
    ]
    for row in more:
        row.description = crypto.seal(
            real.code, actions.DESCRIPTION, "Review the rota", (row.code,)
        )
    Action.objects.bulk_create(more)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"champion": champion, "lead": lead, "manager": manager}


def set_aside_all_indexes_but(index: str) -> str:
    """Drop the other indexes of the index's table, inside the test's transaction (rolled back
    after), and return the index's leading column.

    On a few hundred rows the planner is free to prefer a narrower index (the foreign key's
    own, which the named index makes redundant); with only the named one left and sequential
    scans priced out, the plan shows whether the named index fits the query.
    """
    with connection.cursor() as cursor:
        # Foreign keys are checked at commit; check them now, or the table cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT indrelid::regclass::text, a.attname FROM pg_index i JOIN pg_attribute a"
            " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
            " WHERE i.indexrelid = %s::regclass",
            [index],
        )
        table, leading = cursor.fetchone()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, c.conname FROM pg_index i"
            " LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid"
            " WHERE i.indrelid = %s::regclass AND NOT i.indisprimary"
            " AND i.indexrelid <> %s::regclass",
            [table, index],
        )
        for other, constraint in cursor.fetchall():
            if constraint:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
            else:
                cursor.execute(f"DROP INDEX {other}")
    return str(leading)


def looks_up(plan_text: str, index: str, column: str) -> bool:
    """Whether the plan searches `index` by its leading column, rather than reading all of it."""
    lines = plan_text.splitlines()
    for at, line in enumerate(lines):
        if f" {index} " in f"{line} " and "Scan" in line:
            details = [d for d in lines[at + 1 : at + 4] if "->" not in d]
            if any("Index Cond:" in d and column in d for d in details):
                return True
    return False


@pytest.mark.parametrize("role", list(LISTS))
def test_the_list_queries_use_their_index(readers, role) -> None:
    listed = LISTS[role]
    queries = list_queries(signed_in(readers[role]), listed)
    pages = [sql for sql in queries if is_page(sql)]
    assert pages, f"{listed.path} read no page of {listed.table}"
    leading = set_aside_all_indexes_but(listed.index)
    for sql in queries:
        assert f"Seq Scan on {listed.table}" not in plan(sql, no_seqscan=True), sql
    for sql in pages:
        found = plan(sql, no_seqscan=True)
        assert looks_up(found, listed.index, leading), found
