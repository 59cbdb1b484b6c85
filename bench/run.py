"""`make bench`: the production stack on loopback, a seeded database, and a separate load generator.

Seeds BENCH_CASES cases (100,000 unless told) once and reuses them afterwards; each run serves a
fresh copy. BENCH_DB chooses the database: sqlite (the default; the seeded copy lives in
data/bench/<cases>/) or postgres (BENCH_PG_URL, postgres://postgres@127.0.0.1:5432 unless told:
seeded once into safespace_bench_seed_<cases> and its _keys twin, copied for each run into
safespace_bench and safespace_bench_keys, which the run drops at the end). Prints the figures,
the Argon2 cost and the plans of the main list queries, and writes bench/results/<time>.json.
On PostgreSQL it then times every insight aggregate over BENCH_INSIGHT_CASES cases (a million
unless told; 0 skips), seeded once with `seed_scale --insight-only` into a database of their
own. It never fails on a number; it fails only if the stack cannot be started.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import os
import platform
import secrets
import shutil
import socket
import socketserver
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
CASES = int(os.environ.get("BENCH_CASES", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
# gunicorn sync workers: 2, one a core here, unless BENCH_WORKERS says otherwise.
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
LIMIT = int(os.environ.get("BENCH_LIMIT", "5000"))
DB = os.environ.get("BENCH_DB", "sqlite")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
CACHE = ROOT / "data" / "bench" / (str(CASES) if DB == "sqlite" else f"postgres-{CASES}")
RUN = ROOT / "data" / "bench" / "run"
# PostgreSQL databases of the bench's own: the seeded pair is kept, the run pair is dropped.
# BENCH_PG_PREFIX names them, so two checkouts can bench on one server without sharing any.
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "safespace_bench")
PG_SEED = f"{PG_PREFIX}_seed_{CASES}"
PG_RUN = PG_PREFIX
SLUG = "race-equality"
RECEIPTS = 40
# The insight aggregates over this many cases, on PostgreSQL only (0 skips them): seeded once
# with `seed_scale --insight-only` into a database of their own, kept between runs.
INSIGHT_CASES = int(
    os.environ.get("BENCH_INSIGHT_CASES", "1000000" if DB == "postgres" else "0") or 0
)
PG_INSIGHT = f"{PG_PREFIX}_insight_{INSIGHT_CASES}"
INSIGHT_CACHE = ROOT / "data" / "bench" / f"postgres-insight-{INSIGHT_CASES}"


class Sink(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept and drop mail: production sends email, the bench too.

    It offers STARTTLS, as production insists on (safespace/lib/production.py), with a
    certificate made for the run that the service is told to trust (SSL_CERT_FILE).
    """

    tls: ssl.SSLContext | None = None

    def handle(self) -> None:
        conn = self.request
        reader = conn.makefile("rb")
        conn.sendall(b"220 bench\r\n")
        in_data = False
        while line := reader.readline():
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    conn.sendall(b"250 ok\r\n")
                continue
            verb = line[:8].upper().strip()
            if verb == b"DATA":
                in_data = True
                conn.sendall(b"354 go\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            elif verb.startswith(b"EHLO"):
                conn.sendall(b"250-bench\r\n250 STARTTLS\r\n")
            elif verb == b"STARTTLS" and self.tls is not None:
                conn.sendall(b"220 go ahead\r\n")
                conn = self.tls.wrap_socket(conn, server_side=True)
                reader = conn.makefile("rb")
            else:
                conn.sendall(b"250 ok\r\n")


def sink_certificate(folder: Path) -> tuple[Path, ssl.SSLContext]:
    """A self-signed certificate for 127.0.0.1, made for this run, and the sink's TLS context."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench smtp sink")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "smtp-sink.pem", folder / "smtp-sink.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return cert_file, context


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def secrets_for(folder: Path) -> dict[str, str]:
    path = folder / "secrets.json"
    kept = dict(json.loads(path.read_text())) if path.exists() else {}
    made = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SAFESPACE_MASTER_KEY": "bench-1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "SAFESPACE_HR_HASH_KEY": secrets.token_urlsafe(48),
        "SAFESPACE_AUDIT_KEY": secrets.token_urlsafe(48),
        "SAFESPACE_HASH_KEY": secrets.token_urlsafe(48),
        **kept,  # a key added since the database was cached is made once and kept with it
    }
    if made != kept:
        path.write_text(json.dumps(made))
    return made


def db_env(folder: Path, given: dict[str, str], pg_name: str) -> dict[str, str]:
    """The environment for the service on the SQLite files in `folder`, or PostgreSQL's pg_name."""
    if DB == "postgres":
        urls = {
            "DATABASE_URL": f"{PG_URL}/{pg_name}",
            "KEYSTORE_DATABASE_URL": f"{PG_URL}/{pg_name}_keys",
        }
    else:
        urls = {
            "DATABASE_URL": f"sqlite:///{folder / 'main.sqlite3'}",
            "KEYSTORE_DATABASE_URL": f"sqlite:///{folder / 'keys.sqlite3'}",
        }
    return {**os.environ, **given, **urls, "SAFESPACE_DATA_DIR": str(folder)}


def pg(*statements: str) -> list[Any]:
    """Run statements on the server's maintenance database; the rows of the last one."""
    import psycopg  # only with BENCH_DB=postgres

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        rows: list[Any] = []
        for statement in statements:
            cursor = conn.execute(statement)
            rows = cursor.fetchall() if cursor.description else []
        return rows


def pg_exists(name: str) -> bool:
    return name in {row[0] for row in pg("SELECT datname FROM pg_database")}


def pg_fresh(name: str, template: str = "template0") -> None:
    pg(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
    )


def seeded() -> bool:
    if not (CACHE / "receipts.json").exists():
        return False
    return DB == "sqlite" or (pg_exists(PG_SEED) and pg_exists(f"{PG_SEED}_keys"))


def fresh_run_copy() -> None:
    """What each run serves: a copy of the seeded data, so runs never see each other's writes."""
    shutil.rmtree(RUN, ignore_errors=True)
    if DB == "sqlite":
        shutil.copytree(CACHE, RUN)
        return
    RUN.mkdir(parents=True)
    pg_fresh(PG_RUN, PG_SEED)
    pg_fresh(f"{PG_RUN}_keys", f"{PG_SEED}_keys")


def drop_run_copy() -> None:
    if DB == "postgres":
        pg(
            f'DROP DATABASE IF EXISTS "{PG_RUN}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{PG_RUN}_keys" WITH (FORCE)',
        )


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def seed_once() -> dict[str, str]:
    where = CACHE.relative_to(ROOT) if DB == "sqlite" else f"PostgreSQL {PG_SEED}"
    if CACHE.exists() and seeded():
        print(f"Reusing the seeded database in {where}")
        return secrets_for(CACHE)
    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    given = secrets_for(CACHE)
    if DB == "postgres":
        pg_fresh(PG_SEED)
        pg_fresh(f"{PG_SEED}_keys")
    env = {**db_env(CACHE, given, PG_SEED), "SAFESPACE_ENV": "development"}
    print(f"Seeding {CASES:,} cases into {where} (once; reused afterwards)")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0", "--database", "keys")
    manage(env, "createcachetable")
    out = CACHE / "receipts.json.part"
    manage(
        env,
        "seed_scale",
        "--cases",
        str(CASES),
        "--network-slug",
        SLUG,
        "--receipts",
        str(RECEIPTS),
        "--receipts-out",
        str(out),
        "--batch",
        "2000",
    )
    if DB == "postgres":
        # Statistics, as autovacuum would have them within a minute of a load this size; the
        # copies for each run inherit them.
        done = django(
            env,
            "from django.db import connections as c\nfor n in c: c[n].cursor().execute('VACUUM ANALYZE')",
        )
        if done.returncode != 0:
            print(f"bench: VACUUM ANALYZE failed; plans may differ: {done.stderr[-300:]}")
    out.rename(CACHE / "receipts.json")
    return given


def django(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    """Run code with Django set up in a fresh process; its output is captured."""
    wrapped = f"import django;django.setup();exec({code!r})"
    full = {"DJANGO_SETTINGS_MODULE": "safespace.settings", **env}
    return subprocess.run([PY, "-c", wrapped], cwd=ROOT, env=full, capture_output=True, text=True)  # noqa: S603


def argon2_cost() -> dict[str, Any]:
    """One receipt check is two Argon2id verifications (code, passphrase): timed in a fresh process.

    Beside the defender's cost, the attacker's: guesses a second on one GPU with 960 GB/s of
    memory bandwidth, each guess moving about (3t - 1) x m KiB (docs/decisions/0006).
    """
    code = """
import json, time
from safespace.lib import receipts as r
hashed = r.HASHER.hash("x" * 16)
took = []
for _ in range(7):
    began = time.perf_counter()
    r.check("x" * 16, hashed)
    took.append(time.perf_counter() - began)
one = sorted(took)[3]
m, t = r.HASHER.memory_cost, r.HASHER.time_cost
print(json.dumps({
    "time_cost": t,
    "memory_cost_kib": m,
    "parallelism": r.HASHER.parallelism,
    "one_verify_ms": round(one * 1000, 1),
    "receipt_check_ms": round(one * 2000, 1),
    "memory_while_checking_mib": round(m / 1024, 1),
    "guesses_per_s_one_core": round(1 / one),
    "guesses_per_s_one_gpu_estimate": round(960e9 / ((3 * t - 1) * m * 1024)),
}))
"""
    out = django({**os.environ, "SAFESPACE_ENV": "test"}, code)
    return dict(json.loads(out.stdout)) if out.returncode == 0 else {"error": out.stderr[-500:]}


def list_plans(env: dict[str, str], readers: dict[str, str]) -> list[dict[str, Any]]:
    """The plans of the main list queries on the data just measured (safespace/dev/bench/explain.py)."""
    code = (
        "import json,sys;from safespace.dev.bench.explain import plans;"
        f"print(json.dumps(plans({readers!r})))"
    )
    out = django({**env, "SAFESPACE_ENV": "test"}, code)
    if out.returncode != 0:
        return [{"error": out.stderr[-800:]}]
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def insight_wanted() -> bool:
    only = [p.strip() for p in os.environ.get("BENCH_ONLY", "").split(",") if p.strip()]
    return (
        INSIGHT_CASES > 0 and DB == "postgres" and (not only or any("insight" in p for p in only))
    )


def insight_aggregates() -> dict[str, Any]:
    """Each insight aggregate over INSIGHT_CASES cases (safespace/dev/bench/insight.py), timed.

    Seeded once into PG_INSIGHT (and its _keys twin, which stays empty) and kept; the timing
    only reads, apart from the page's own audit events.
    """
    INSIGHT_CACHE.mkdir(parents=True, exist_ok=True)
    given = secrets_for(INSIGHT_CACHE)
    env = {**db_env(INSIGHT_CACHE, given, PG_INSIGHT), "SAFESPACE_ENV": "development"}
    done = INSIGHT_CACHE / "seeded"
    if done.exists() and pg_exists(PG_INSIGHT) and pg_exists(f"{PG_INSIGHT}_keys"):
        print(f"\nReusing PostgreSQL {PG_INSIGHT} for the insight aggregates")
    else:
        done.unlink(missing_ok=True)
        print(f"\nSeeding {INSIGHT_CASES:,} cases for the insight aggregates into {PG_INSIGHT}")
        pg_fresh(PG_INSIGHT)
        pg_fresh(f"{PG_INSIGHT}_keys")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "migrate", "--noinput", "-v0", "--database", "keys")
        manage(env, "createcachetable")
        manage(
            env,
            "seed_scale",
            "--cases",
            str(INSIGHT_CASES),
            "--network-slug",
            SLUG,
            "--insight-only",
        )
        analysed = django(
            env, "from django.db import connection as c\nc.cursor().execute('VACUUM ANALYZE')"
        )
        if analysed.returncode != 0:
            print(f"bench: VACUUM ANALYZE failed; timings may differ: {analysed.stderr[-300:]}")
        done.write_text(datetime.datetime.now(datetime.UTC).isoformat())
    # An index added since the seeding is built now, so the figures are timed as they would run.
    manage(env, "migrate", "--noinput", "-v0")
    print(f"Timing the insight aggregates over {INSIGHT_CASES:,} cases")
    code = (
        "import json,sys;from safespace.dev.bench import insight as i;"
        f"r=i.report({SLUG!r},'scale-lead@{SLUG}.example.org',"
        "lambda line:print(line,file=sys.stderr,flush=True));print(json.dumps(r))"
    )
    out = subprocess.run(  # noqa: S603
        [PY, "-c", f"import django;django.setup();exec({code!r})"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "safespace.settings", **env},
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        return {"cases": INSIGHT_CASES, "error": "the timing failed; its error is above"}
    return {"cases": INSIGHT_CASES, **json.loads(out.stdout.strip().splitlines()[-1])}


def print_insight(found: dict[str, Any]) -> None:
    if "error" in found:
        print(f"\nCould not time the insight aggregates: {found['error']}")
        return
    rows: dict[str, dict[str, Any]] = {}
    failed = []
    for row in found["figures"]:
        if "error" in row:
            failed.append(f"{row['figure']}: {row['error']}")
            continue
        rows.setdefault(row["figure"], {})[row["period"]] = row
    held = ", ".join(f"{n:,} {what}" for what, n in found["counts"].items())
    print(f"\nInsight aggregates over {found['cases']:,} cases ({held}); median ms of 3 runs")
    print(f"{'figure':<46} {'queries':>7} {'12 months':>10} {'3 years':>10}")
    for name, by_period in rows.items():
        queries = next((r["queries"] for r in by_period.values() if r["queries"]), None)
        cells = [
            str(by_period[p]["median_ms"]) if p in by_period else "-"
            for p in ("last 12 months", "3 years")
        ]
        print(f"{name:<46} {queries or '-'!s:>7} {cells[0]:>10} {cells[1]:>10}")
    for line in failed:
        print(f"Not timed: {line}")


def database() -> str:
    if DB == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=FULL)"
    return "PostgreSQL " + str(pg("SHOW server_version")[0][0]).split(" ")[0]


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": database(),
        "server": f"gunicorn, {WORKERS} sync workers, SAFESPACE_ENV=production, DEBUG off",
    }


def main() -> None:
    began = time.monotonic()
    port = int(os.environ.get("BENCH_PORT", "0")) or free_port()
    if DB not in ("sqlite", "postgres"):
        sys.exit(f"bench: BENCH_DB must be sqlite or postgres, not {DB!r}")
    if DB == "postgres":
        try:
            pg("SELECT 1")
        except Exception as error:  # any failure to connect gets the same sentence
            sys.exit(f"bench: PostgreSQL does not answer at {PG_URL} ({error}); set BENCH_PG_URL")
    given = seed_once()
    fresh_run_copy()
    # An index or other migration added since the seeding is applied to the copy before timing.
    manage(
        {**db_env(RUN, given, PG_RUN), "SAFESPACE_ENV": "development"},
        "migrate",
        "--noinput",
        "-v0",
    )
    sink_cert, Sink.tls = sink_certificate(RUN)
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", free_port()), Sink)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    env = {
        **db_env(RUN, given, PG_RUN),
        "SAFESPACE_ENV": "production",
        # Production's settings with the development app added, for the ceiling's page.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SAFESPACE_BASE_URL": "https://safespace.example.gov.uk",
        # As behind the TLS proxy production expects: the load generator says https the way
        # the proxy would, so HTTPS redirects, secure cookies and HSTS all stay on.
        "BEHIND_HTTPS_PROXY": "true",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.server_address[1]),
        # STARTTLS to the sink, trusting only its certificate made for this run.
        "SSL_CERT_FILE": str(sink_cert),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DEBUG", None)
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "safespace.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit("bench: the production stack did not start (see its error above)")
                time.sleep(0.2)
        seeded = json.loads((CACHE / "receipts.json").read_text())
        champions = int(min(400, max(6, CASES // 250)))
        managers = int(min(100, max(4, CASES // 1000)))
        plan = {
            "port": port,
            "seconds": SECONDS,
            "limit": LIMIT,
            "threads": THREADS,
            "password": "scale-bench-password-2026",
            "totp_key": "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e",
            "lead": f"scale-lead@{SLUG}.example.org",
            "director": f"scale-director@{SLUG}.example.org",
            "champions": [
                f"scale-champion-{i}@{SLUG}.example.org" for i in range(1, champions + 1)
            ],
            "managers": [f"scale-manager-{i}@{SLUG}.example.org" for i in range(1, managers + 1)],
            "receipts": seeded,
            "only": os.environ.get("BENCH_ONLY", ""),
        }
        print(f"Load: {THREADS} threads per path, up to {SECONDS:.0f} s or {LIMIT} requests each")
        load = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "bench" / "load.py")],
            input=json.dumps(plan),
            capture_output=False,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            check=False,
        )
        results = json.loads(load.stdout or "[]")
        server.terminate()
        server.wait(30)
        readers = {
            "champion": plan["champions"][0],
            "lead": plan["lead"],
            "manager": plan["managers"][0],
        }
        plans = list_plans(db_env(RUN, given, PG_RUN), readers)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(30)
        smtp.shutdown()
        drop_run_copy()
    ceiling = next((r["rps"] for r in results if r["path"].startswith("ceiling")), 0) or None
    for r in results:
        r["of_ceiling"] = round(r["rps"] / ceiling, 3) if ceiling else None
    insight: dict[str, Any] | None = None
    if insight_wanted():
        try:
            insight = insight_aggregates()
        except Exception as error:  # the aggregates are extra: the run's figures still stand
            insight = {"cases": INSIGHT_CASES, "error": str(error)}
    cost = argon2_cost()
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cases": CASES,
        "machine": machine(),
        "argon2_receipt_check": cost,
        "results": results,
        "plans": plans,
        "insight_aggregates": insight,
        "took_s": round(time.monotonic() - began, 1),
    }
    print(
        f"\n{'path':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'of ceiling':>10}"
    )
    for r in results:
        share = f"{r['of_ceiling'] * 100:.1f}%" if r["of_ceiling"] is not None else "-"
        print(
            f"{r['path']:<28} {r['rps']:>8} {r['p50_ms']!s:>8} {r['p95_ms']!s:>8} {r['p99_ms']!s:>8} {share:>10}"
        )
    for found in plans:
        if "error" in found:
            print(f"\nCould not explain the list queries: {found['error']}")
            continue
        uses = f" (uses {found['index']})" if found["uses_index"] else ""
        print(f"\n-- plan: {found['page']}, {found['query']} query{uses}\n{found['plan']}")
    if insight:
        print_insight(insight)
    raise_submit = next((r for r in results if r["path"].startswith("raise")), None)
    if raise_submit:
        print(f"\nRaise confirmation p95: {raise_submit['p95_ms']} ms (target: under 300 ms)")
    if "error" in cost:
        print(f"Argon2id receipt check could not be timed: {cost['error']}")
    else:
        print(
            f"Argon2id receipt check (m={cost['memory_cost_kib'] // 1024} MiB, t={cost['time_cost']},"
            f" p={cost['parallelism']}): {cost['receipt_check_ms']} ms for the two verifications"
            f" ({cost['one_verify_ms']} ms each), {cost['memory_while_checking_mib']} MiB while it"
            f" runs; a guesser gets about {cost['guesses_per_s_one_core']:,} a second per core here"
            f" and {cost['guesses_per_s_one_gpu_estimate']:,} per GPU (estimate, decision 0006)"
        )
    m = report["machine"]
    print(f"Machine: {m['cores']} cores ({m['cpu']}), Python {m['python']}, {m['database']}")
    out = ROOT / "bench" / "results" / f"{report['when'].replace(':', '')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    print(f"Wrote {out.relative_to(ROOT)} in {report['took_s']} s")


if __name__ == "__main__":
    main()
