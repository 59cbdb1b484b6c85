"""What dominates each hot path: cProfile over Django's test client, on a copy of the bench data.

    BENCH_CASES=100000 .venv/bin/python bench/profiles.py     # after `make bench` seeded it
    BENCH_DB=postgres BENCH_CASES=100000 .venv/bin/python bench/profiles.py

Serves nothing: each page runs in this process, as its reader (signed in through the session
as explain.py does), against a fresh copy of the seeded data (data/bench/profile/, or the
PostgreSQL database safespace_bench_profile, dropped at the end) with the seeded secrets.
For each path it prints the median time of BENCH_PROFILE_RUNS runs (5) without the profiler,
the queries sent, where the profiled time went by area (database driver, Django's ORM,
templates, Argon2, AES, the audit chain, ...) and the functions with the most time of their
own. It writes bench/results/profile-<time>.json.
"""

from __future__ import annotations

import cProfile
import datetime
import json
import os
import pstats
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
# This checkout's code, not whichever checkout the virtualenv's editable install points at.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import run
from load import CASE_LINK, RAISE_STEPS

RUNS = int(os.environ.get("BENCH_PROFILE_RUNS", "5"))
PROFILE = run.ROOT / "data" / "bench" / "profile"
PG_PROFILE = f"{run.PG_PREFIX}_profile"

# Where time goes, by the file (or built-in) a function lives in: first match wins.
AREAS: list[tuple[str, tuple[str, ...]]] = [
    ("Argon2 (receipts)", ("argon2",)),
    ("database", ("sqlite3", "psycopg", "_sqlite", "Cursor", "Connection")),
    ("AES and key wrapping", ("cryptography", "aead", "AESGCM")),
    ("audit chain", ("safespace/audit/",)),
    ("Django ORM", ("django/db/",)),
    ("templates", ("django/template/", "django/forms/", "django/utils/html", "jinja")),
    ("SVG charts", ("safespace/insights/charts",)),
    ("Safe Space code", ("safespace/",)),
    ("Django other", ("django/",)),
]


def area(where: str) -> str:
    return next((name for name, marks in AREAS if any(m in where for m in marks)), "other")


def setup() -> None:
    """Django on a fresh copy of the seeded data, with the secrets it was sealed under."""
    if not run.seeded():
        sys.exit(f"bench/profiles.py: nothing seeded for {run.CASES:,} cases; run make bench first")
    given = run.secrets_for(run.CACHE)
    shutil.rmtree(PROFILE, ignore_errors=True)
    if run.DB == "sqlite":
        shutil.copytree(run.CACHE, PROFILE)
    else:
        PROFILE.mkdir(parents=True)
        run.pg_fresh(PG_PROFILE, run.PG_SEED)
        run.pg_fresh(f"{PG_PROFILE}_keys", f"{run.PG_SEED}_keys")
    env = run.db_env(PROFILE, given, PG_PROFILE)
    # A migration added since the seeding (an index, say) is applied before profiling.
    run.manage({**env, "SAFESPACE_ENV": "development"}, "migrate", "--noinput", "-v0")
    os.environ.update(env)
    os.environ.update({"SAFESPACE_ENV": "development", "DEBUG": "false", "LOG_LEVEL": "WARNING"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safespace.settings")
    import django

    django.setup()


def measure(
    call: Callable[[], int], expect: int, prepare: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Time `call` RUNS times, count its queries once, then profile it RUNS times.

    `prepare` runs untimed and unprofiled before each call, for requests that need fresh state
    (a walked raise form, an opened /track/ page). One call first warms templates and caches,
    as a running worker has them.
    """
    from django.db import connection

    sent: list[tuple[float, str]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sent.append((time.perf_counter() - began, sql))

    def ready() -> None:
        if prepare:
            prepare()

    ready()
    call()
    took = []
    status = 0
    for _ in range(RUNS):
        ready()
        began = time.perf_counter()
        status = call()
        took.append(time.perf_counter() - began)
    ready()
    # The queries of one call and how long each took (a wrapper outlives the connection).
    with connection.execute_wrapper(timed):
        call()
    slowest = sorted(sent, reverse=True)[:3]
    profile = cProfile.Profile()
    for _ in range(RUNS):
        ready()
        profile.enable()
        status = call()
        profile.disable()
    stats = pstats.Stats(profile)
    total = 0.0
    by_area: dict[str, float] = {}
    own: list[tuple[float, str]] = []
    for (filename, line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        tottime = row[2]
        where = f"{filename}:{line}({name})"
        total += tottime
        by_area[area(where)] = by_area.get(area(where), 0.0) + tottime
        short = re.sub(r"^.*?/(site-packages|safespace)/", r"\1/", filename)
        own.append((tottime, f"{short.replace('site-packages/', '')}:{line} {name}"))
    own.sort(reverse=True)
    total = total or 1.0
    return {
        "status": status,
        "expected": expect,
        "median_ms": round(statistics.median(took) * 1000, 1),
        "queries": len(sent),
        "queries_ms": round(sum(t for t, _ in sent) * 1000, 1),
        "slowest_queries": [f"{t * 1000:.1f} ms {sql[:3000]}" for t, sql in slowest],
        "areas": {
            name: round(100 * t / total, 1)
            for name, t in sorted(by_area.items(), key=lambda kv: -kv[1])
            if t / total >= 0.02
        },
        "own_time": [f"{round(100 * t / total, 1)}% {what}" for t, what in own[:8]],
    }


def main() -> None:
    setup()
    from django.test import Client

    from safespace.accounts.models import User
    from safespace.dev.bench.explain import signed_in

    slug = run.SLUG
    receipts = json.loads((run.CACHE / "receipts.json").read_text())
    champion = signed_in(User.objects.get(email=f"scale-champion-1@{slug}.example.org"))
    lead = signed_in(User.objects.get(email=f"scale-lead@{slug}.example.org"))
    manager = signed_in(User.objects.get(email=f"scale-manager-1@{slug}.example.org"))
    director = signed_in(User.objects.get(email=f"scale-director@{slug}.example.org"))
    shared = CASE_LINK.findall(director.get("/cases/").content.decode()) or ["none"]
    codes = CASE_LINK.findall(champion.get("/cases/").content.decode()) or ["none"]
    turn = [0]

    def case_page() -> int:
        turn[0] += 1
        return champion.get(f"/cases/{codes[turn[0] % len(codes)]}/").status_code

    raiser = Client()

    def walk_form() -> None:
        raiser.cookies.clear()
        raiser.get("/raise/")
        for step, answers in RAISE_STEPS:
            raiser.post(f"/raise/{step}/", answers)
        raiser.get("/raise/check-your-answers/")

    tracker = [Client()]

    def open_track() -> None:
        tracker[0] = Client()
        tracker[0].get("/track/")
        turn[0] += 1

    def track() -> int:
        given = receipts[turn[0] % len(receipts)]
        form = {"receipt": given["receipt"], "passphrase": given["passphrase"]}
        return tracker[0].post("/track/", form).status_code

    paths: list[tuple[str, Callable[[], int], int, Callable[[], None] | None]] = [
        (
            "raise: final submit",
            lambda: raiser.post("/raise/check-your-answers/", {}).status_code,
            302,
            walk_form,
        ),
        ("/track/ sign-in", track, 302, open_track),
        ("champion /cases/", lambda: champion.get("/cases/").status_code, 200, None),
        ("case page /cases/<code>/", case_page, 200, None),
        ("lead /cases/triage/", lambda: lead.get("/cases/triage/").status_code, 200, None),
        ("manager /actions/", lambda: manager.get("/actions/").status_code, 200, None),
        ("lead /insights/", lambda: lead.get("/insights/").status_code, 200, None),
        ("lead /champions/", lambda: lead.get("/champions/").status_code, 200, None),
        (
            "lead /champions/workload/",
            lambda: lead.get("/champions/workload/").status_code,
            200,
            None,
        ),
        ("director /cases/", lambda: director.get("/cases/").status_code, 200, None),
        (
            "director case page",
            lambda: director.get(f"/cases/{shared[turn[0] % len(shared)]}/").status_code,
            200,
            None,
        ),
        (
            "director accountability",
            lambda: director.get("/actions/accountability/").status_code,
            200,
            None,
        ),
    ]
    only = [p.strip() for p in os.environ.get("BENCH_ONLY", "").split(",") if p.strip()]
    found: dict[str, Any] = {}
    for name, call, expect, prepare in paths:
        if only and not any(part in name for part in only):
            continue
        print(f"Profiling {name}", file=sys.stderr)
        found[name] = measure(call, expect, prepare)
    report: dict[str, Any] = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cases": run.CASES,
        "database": run.DB,
        "runs": RUNS,
        "paths": found,
    }
    for name, result in found.items():
        areas = ", ".join(f"{a} {p}%" for a, p in result["areas"].items())
        print(
            f"\n{name}: {result['median_ms']} ms median, {result['queries']} queries, "
            f"status {result['status']} (expected {result['expected']})\n  by area: {areas}"
        )
        for line in result["own_time"]:
            print(f"  {line}")
        for line in result["slowest_queries"]:
            print(f"  query: {line[:300]}")
    out = run.ROOT / "bench" / "results" / f"profile-{report['when'].replace(':', '')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    print(f"\nWrote {out.relative_to(run.ROOT)}")
    if run.DB == "postgres":
        from django.db import connections

        connections.close_all()
        run.pg(
            f'DROP DATABASE IF EXISTS "{PG_PROFILE}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{PG_PROFILE}_keys" WITH (FORCE)',
        )
    shutil.rmtree(PROFILE, ignore_errors=True)


if __name__ == "__main__":
    main()
