"""Insight at a million cases: seed only what the aggregates read, fast, and time each aggregate.

`seed_scale --insight-only` fills a PostgreSQL database of its own with cases and the rows the
insight figures count (safespace/insights/figures.py): each case's network, day raised, stage,
channel, themes and directorates; closings with outcomes; time logged; champions' messages
(first contact); meetings with actions due and done; feedback answers; check-ins; HR alerts.
Each kind of row is one `INSERT ... SELECT ... FROM generate_series` per batch, so a million
cases take minutes, not the hours the full seed (one key and sealed content per case) would.

Nothing here is encrypted: no aggregate reads a sealed column, so every sealed column holds the
same dummy blob that opens for nobody, and no case has a key. Such a database answers the
insight figures exactly as a real one of that size would, and nothing else: a case page on it
fails for want of a key. No audit events are written (no figure reads them).

Variety comes from a hash of the row number (`hashint8extended`), so the same N gives the same
data every time. The spread follows the full seed's: three years of cases, most closed, open
ones recent, one or two themes each, time logged on all but new ones.
"""

# The SQL below is put together from this module's own literals (table names, choices, salts);
# every value from outside goes in as a query parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import functools
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safespace.accounts.models import Network
from safespace.actions.models import ActionStatus
from safespace.aftercare.models import Detriment, Outcome, SpeakUpAgain
from safespace.cases.models import OPEN_STAGES, Activity, Channel, ContactMethod, Sharing, Want
from safespace.dev.bench.seed import HISTORY, STAGE_WEIGHTS, _staff
from safespace.insights import figures, summaries
from safespace.insights.forms import default_period, query
from safespace.keystore import crypto
from safespace.tripwire.models import EventKind

# What every sealed column holds here: crypto's version byte, then zeros. It opens for nobody.
DUMMY_SEALED = crypto.VERSION + bytes(40)
# A pseudo-random whole number in [0, m) from a row number and a salt, the same on every run.
MASK = 0x7FFFFFFFFFFFFFFF


def _r(expr: str, salt: int, m: int) -> str:
    return f"mod(hashint8extended(({expr})::bigint, {salt}) & {MASK}, {m})"


def _pick(values: list[str] | list[int], expr: str, salt: int) -> str:
    """SQL choosing one of `values` (literals) by hash: an index into an ARRAY, 1-based."""
    items = ", ".join(f"'{v}'" if isinstance(v, str) else str(int(v)) for v in values)
    return f"(ARRAY[{items}])[1 + {_r(expr, salt, len(values))}]"


def _stage_sql(expr: str) -> str:
    """A stage drawn with seed.STAGE_WEIGHTS (which add up to 100)."""
    whens, upper = [], 0
    u = _r(expr, 1, sum(STAGE_WEIGHTS.values()))
    for stage, weight in STAGE_WEIGHTS.items():
        upper += weight
        whens.append(f"WHEN {u} < {upper} THEN '{stage}'")
    return "CASE " + " ".join(whens) + " END"


def _quoted(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _local_day(expr: str) -> str:
    return f"(({expr}) AT TIME ZONE %(tz)s)::date"


def _statements() -> list[tuple[str, str]]:
    """(what, SQL) for one batch of cases numbered %(lo)s to %(hi)s; each depends on the last."""
    open_stages = _quoted([str(s) for s in OPEN_STAGES])
    with_meeting = _quoted(["meeting", "action_plan", "closed", "watching"])
    held = _quoted(["action_plan", "closed", "watching"])
    closed = _quoted(["closed", "watching"])
    champion = f"(%(champions)s::bigint[])[1 + mod({_r('c.id', 2, 10**9)}, %(n_champions)s)]"
    manager = f"(%(managers)s::bigint[])[1 + mod({_r('m.id * 4 + k', 9, 10**9)}, %(n_managers)s)]"
    theme_1 = f"(%(themes)s::bigint[])[1 + mod({_r('c.id', 3, 10**9)}, %(n_themes)s)]"
    theme_2 = f"(%(themes)s::bigint[])[1 + mod({_r('c.id', 4, 10**9)}, %(n_themes)s)]"
    directorate = (
        f"(%(directorates)s::bigint[])[1 + mod({_r('c.id', 5, 10**9)}, %(n_directorates)s)]"
    )
    first_due = (
        "(CASE extract(isodow FROM d) WHEN 4 THEN d + 4 WHEN 5 THEN d + 4 WHEN 6 THEN d + 3 "
        "ELSE d + 2 END)"
    )
    mine = "c.network_id = %(network)s AND c.id > %(base)s"
    return [
        (
            "cases",
            f"""
INSERT INTO cases_case (code, reference, stage, anonymous, channel, want, contact_method,
    narrative, contact_details, raiser_name, champion_preferences, receipt_hash,
    passphrase_hash, first_contact_due, withdrawn_at, share_with_director, share_with_manager,
    created, updated, network_id, raiser_directorate_id, hr_watch, hr_watch_key)
SELECT gen_random_uuid(), 'SS-' || upper(lpad(to_hex(%(reference)s + i), 7, '0')),
    CASE WHEN s IN ({open_stages}) AND created < %(now)s - interval '120 days' THEN 'closed'
         ELSE s END,
    {_r("i", 6, 10)} < 7,
    CASE WHEN {_r("i", 7, 10)} < 8 THEN '{Channel.ONLINE}'
         ELSE {_pick([Channel.PHONE.value, Channel.CONVERSATION.value], "i", 8)} END,
    {_pick(Want.values, "i", 10)}, {_pick(ContactMethod.values, "i", 11)},
    %(dummy)s, %(dummy)s, %(dummy)s, %(dummy)s, '', '',
    {first_due},
    CASE WHEN s = 'withdrawn' THEN created + interval '20 days' END,
    {_pick(Sharing.values, "i", 12)}, {_pick(Sharing.values, "i", 13)},
    created, created, %(network)s,
    (%(directorates)s::bigint[])[1 + mod({_r("i", 14, 10**9)}, %(n_directorates)s)], false, ''
FROM (
    SELECT i, s, created, {_local_day("created")} AS d
    FROM (
        SELECT i, {_stage_sql("i")} AS s,
            %(start)s + %(span)s * (i + {_r("i", 15, 900)} / 1000.0) / %(total)s
                * interval '1 second' AS created
        FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) AS i
    ) drawn
) dated
""",
        ),
        (
            "themes",
            f"""
INSERT INTO cases_case_themes (case_id, theme_id)
SELECT DISTINCT c.id, t FROM cases_case c,
    unnest(ARRAY[{theme_1}, CASE WHEN {_r("c.id", 16, 2)} = 0 THEN {theme_2} END]) AS t
WHERE {mine} AND t IS NOT NULL
""",
        ),
        (
            "directorates",
            f"""
INSERT INTO cases_case_directorates_concerned (case_id, directorate_id)
SELECT c.id, {directorate} FROM cases_case c WHERE {mine}
""",
        ),
        (
            "time entries",
            f"""
INSERT INTO cases_timeentry (case_id, champion_id, day, minutes, activity, logged)
SELECT c.id, {champion}, {_local_day("c.created + k * interval '1 day'")},
    {_pick([15, 30, 45, 60, 90], "c.id * 4 + k", 17)},
    {_pick(Activity.values, "c.id * 4 + k", 18)}, c.created + k * interval '1 day'
FROM cases_case c, generate_series(1, 1 + {_r("c.id", 19, 4)}) AS k
WHERE {mine} AND c.stage NOT IN ('new', 'held')
""",
        ),
        (
            "messages",
            f"""
INSERT INTO cases_message (code, from_raiser, body, sent, author_id, case_id)
SELECT gen_random_uuid(), mod(k, 2) = 0, %(dummy)s, c.created + k * interval '1 day 3 hours',
    CASE WHEN mod(k, 2) = 1 THEN {champion} END, c.id
FROM cases_case c, generate_series(1, {_r("c.id", 20, 5)}) AS k
WHERE {mine} AND c.stage NOT IN ('new', 'held')
""",
        ),
        (
            "meetings",
            f"""
INSERT INTO actions_meeting (code, starts, minutes_long, place, raiser_attends,
    director_attends, sequence, minutes, minutes_recorded, minutes_shared_with_raiser,
    case_id, organiser_id)
SELECT gen_random_uuid(), c.created + interval '14 days', 60, 'Room 2.14, Civic Centre', true,
    false, 0, CASE WHEN c.stage IN ({held}) THEN %(dummy)s END,
    CASE WHEN c.stage IN ({held}) THEN c.created + interval '14 days 2 hours' END, false,
    c.id, {champion}
FROM cases_case c WHERE {mine} AND c.stage IN ({with_meeting})
""",
        ),
        (
            "actions",
            f"""
INSERT INTO actions_action (code, description, due, status, shared_with_raiser, done_at,
    created, case_id, owner_id, meeting_id)
SELECT gen_random_uuid(), %(dummy)s, {_local_day("m.starts")} + 28, status,
    false, CASE WHEN status = '{ActionStatus.DONE}'
        THEN least(m.starts + (10 + {_r("m.id * 4 + k", 21, 30)}) * interval '1 day', %(now)s)
    END,
    m.starts + interval '3 hours', m.case_id, {manager}, m.id
FROM (
    SELECT m.*, k, {_pick(ActionStatus.values, "m.id * 4 + k", 22)} AS status
    FROM actions_meeting m, generate_series(1, 1 + {_r("m.id", 23, 3)}) AS k
    WHERE m.case_id > %(base)s AND m.minutes_recorded IS NOT NULL
) m
""",
        ),
        (
            "closings",
            f"""
INSERT INTO aftercare_closure (outcome, formal_process, summary, closed_at, reopened_at,
    case_id, closed_by_id)
SELECT {_pick(Outcome.values, "c.id", 24)}, '', %(dummy)s, closed_at,
    CASE WHEN {_r("c.id", 25, 50)} = 0 AND closed_at < %(now)s - interval '10 days'
        THEN closed_at + interval '10 days' END,
    c.id, {champion}
FROM (
    SELECT c.*, least(c.created + (20 + {_r("c.id", 26, 71)}) * interval '1 day', %(now)s)
        AS closed_at
    FROM cases_case c WHERE {mine} AND c.stage IN ({closed})
) c
""",
        ),
        (
            "feedback answers",
            f"""
INSERT INTO aftercare_feedbackanswer (id, network_id, month, felt_heard, speak_up_again)
SELECT gen_random_uuid(), %(network)s, date_trunc('month', {_local_day("f.closed_at")})::date,
    1 + {_r("f.id", 27, 5)}, {_pick(SpeakUpAgain.values, "f.id", 28)}
FROM aftercare_closure f
WHERE f.case_id > %(base)s AND {_r("f.id", 29, 10)} < 3
""",
        ),
        (
            "check-ins",
            f"""
INSERT INTO aftercare_checkin (months_after, due, answered_at, happened, details, case_id,
    closure_id)
SELECT months, {_local_day("f.closed_at")} + months * 30,
    CASE WHEN {_r("f.id * 12 + months", 30, 10)} < 6
              AND f.closed_at + (months * 30 + 2) * interval '1 day' < %(now)s
        THEN f.closed_at + (months * 30 + 2) * interval '1 day' END,
    CASE WHEN {_r("f.id * 12 + months", 31, 10)} < 8 THEN '[]'::jsonb
        ELSE jsonb_build_array({_pick(Detriment.values, "f.id * 12 + months", 32)}) END,
    NULL, f.case_id, f.id
FROM aftercare_closure f, unnest(ARRAY[3, 6]) AS months
WHERE f.case_id > %(base)s
""",
        ),
        (
            "HR alerts",
            f"""
WITH event AS (
    INSERT INTO tripwire_hrevent (key, kind, date, batch, imported_at)
    SELECT 'bench-' || c.id, {_pick(EventKind.values, "c.id", 33)},
        {_local_day("c.created + interval '60 days'")}, %(batch)s,
        c.created + interval '61 days'
    FROM cases_case c
    WHERE {mine} AND {_r("c.id", 34, 200)} = 0
        AND c.created + interval '61 days' < %(now)s
    RETURNING id, key, imported_at
)
INSERT INTO tripwire_alert (created, case_id, event_id)
SELECT imported_at, substr(key, 7)::bigint, id FROM event
""",
        ),
    ]


def seed_insight(
    cases: int,
    *,
    network_slug: str = "race-equality",
    batch: int = 50_000,
    progress: Callable[[int, int, dict[str, int]], None] | None = None,
) -> dict[str, int]:
    """Add `cases` cases and what the insight figures read, in batches; how many rows of each.

    PostgreSQL only: the rows are made by the database itself (generate_series).
    """
    if settings.PRODUCTION:
        raise RuntimeError(
            "seed_scale makes accounts with a published password; it never runs in production."
        )
    if connection.vendor != "postgresql":
        raise RuntimeError("seed_scale --insight-only needs PostgreSQL (INSERT ... SELECT).")
    staff = _staff(network_slug, cases)
    now = timezone.now()
    start = now - HISTORY
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        reference = int(cursor.fetchone()[0])
    params: dict[str, Any] = {
        "network": staff.network.pk,
        "champions": [u.pk for u in staff.champions],
        "n_champions": len(staff.champions),
        "managers": [u.pk for u in staff.managers],
        "n_managers": len(staff.managers),
        "themes": [t.pk for t in staff.themes],
        "n_themes": len(staff.themes),
        "directorates": [d.pk for d in staff.directorates],
        "n_directorates": len(staff.directorates),
        "now": now,
        "start": start,
        "span": (now - start).total_seconds(),
        "total": cases,
        "reference": reference,
        "dummy": DUMMY_SEALED,
        "tz": str(timezone.get_current_timezone()),
        "batch": uuid.uuid4(),
    }
    made: dict[str, int] = {}
    statements = _statements()
    done = 0
    while done < cases:
        size = min(batch, cases - done)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM cases_case")
            base = int(cursor.fetchone()[0])
            for what, sql in statements:
                cursor.execute(sql, {**params, "base": base, "lo": done, "hi": done + size})
                made[what] = made.get(what, 0) + max(cursor.rowcount, 0)
        done += size
        if progress:
            progress(done, cases, made)
    # The rows were made by SQL, which marks no day: the summary is counted afresh.
    made["tallies"] = summaries.rebuild()
    return made


# Timing ---------------------------------------------------------------------------------


def _figures() -> list[tuple[str, Callable[[figures.Scope], object]]]:
    """Every aggregate behind /insights/: each table, the key figures and their two parts."""
    return [
        *figures.TABLES.items(),
        (figures.KEY_FIGURES, lambda scope: figures.key_figures(scope, exact=True)),
        ("first-contact", figures.first_contact),
        ("median-days-to-close", figures.median_days_to_close),
    ]


def periods(today: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The dashboard's default (the last 12 months) and everything seeded (three years)."""
    return {
        "last 12 months": default_period(today),
        "3 years": (today - HISTORY - datetime.timedelta(days=1), today),
    }


def _look_at(
    figure: Callable[[figures.Scope], object], look: Callable[[], figures.Scope]
) -> object:
    return figure(look())


def _timed(run: Callable[[], object], repeats: int) -> tuple[float, float, int]:
    """(first run, median of all runs, queries of the first run), in seconds."""
    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        run()
        first = time.perf_counter() - began
    again = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        again.append(time.perf_counter() - began)
    return first, statistics.median([first, *again]), len(captured)


def time_aggregates(
    network_slug: str = "race-equality", repeats: int = 2, say: Callable[[str], None] | None = None
) -> list[dict[str, Any]]:
    """Each aggregate over each period: its queries, its first run, and the median of all runs.

    Each run is a fresh look (a new Scope), so each figure's time includes reading the summary
    it needs, as it would alone; the last line is every figure from one look, as the page
    reads them. The first run reads from disk what the rest find in memory; a dashboard's first
    view after a quiet night is the first run, a busy morning's views the rest."""
    network = Network.objects.get(slug=network_slug)
    found: list[dict[str, Any]] = []

    def row(label: str, name: str, timed: tuple[float, float, int]) -> None:
        first, median, queries = timed
        if say:
            say(f"  {label}: {name} {median * 1000:,.0f} ms")
        found.append(
            {
                "period": label,
                "figure": name,
                "queries": queries,
                "first_ms": round(first * 1000, 1),
                "median_ms": round(median * 1000, 1),
            }
        )

    for label, (start, end) in periods(timezone.localdate()).items():

        def look(start: datetime.date = start, end: datetime.date = end) -> figures.Scope:
            return figures.Scope(networks=(network,), start=start, end=end)

        for name, figure in _figures():
            row(label, name, _timed(functools.partial(_look_at, figure, look), repeats))

        def every_figure() -> None:
            scope = look()
            for name, figure in _figures():
                if name in figures.TABLES or name == figures.KEY_FIGURES:
                    figure(scope)

        row(label, "all of /insights/ (tables and key figures)", _timed(every_figure, repeats))
    return found


def counts() -> dict[str, int]:
    """How many of each row the aggregates read there are, for the report."""
    tables = {
        "cases": "cases_case",
        "closings": "aftercare_closure",
        "time entries": "cases_timeentry",
        "messages": "cases_message",
        "actions": "actions_action",
        "feedback answers": "aftercare_feedbackanswer",
        "check-ins": "aftercare_checkin",
        "HR alerts": "tripwire_alert",
    }
    with connection.cursor() as cursor:
        found = {}
        for name, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            found[name] = int(cursor.fetchone()[0])
    return found


def time_page(email: str, repeats: int = 3) -> list[dict[str, Any]]:
    """The whole /insights/ page for its reader, in process: figures, disclosure, charts, audit,
    for each period."""
    from safespace.accounts.models import User
    from safespace.dev.bench.explain import signed_in

    client = signed_in(User.objects.get(email=email))
    found = []
    for label, (start, end) in periods(timezone.localdate()).items():
        address = f"/insights/?{urlencode(query(start, end))}"
        took = []
        for _ in range(repeats + 1):
            began = time.perf_counter()
            status = client.get(address).status_code
            took.append(time.perf_counter() - began)
        found.append(
            {
                "period": label,
                "figure": "the /insights/ page (in process)",
                "queries": None,
                "first_ms": round(took[0] * 1000, 1),
                "median_ms": round(statistics.median(took[1:]) * 1000, 1),
                "status": status,
            }
        )
    return found


def report(network_slug: str, lead_email: str, say: Callable[[str], None]) -> dict[str, Any]:
    """For the bench: the rows seeded, every aggregate timed, and the whole page if it renders."""
    rows = time_aggregates(network_slug, say=say)
    try:
        rows += time_page(lead_email)
    except Exception as error:  # the aggregates stand on their own; the page is extra
        rows.append({"figure": "the /insights/ page (in process)", "error": repr(error)[-300:]})
    return {"counts": counts(), "figures": rows}
