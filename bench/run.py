"""`make bench`: the production stack on loopback, a seeded database, and a separate load generator.

Seeds BENCH_CASES cases (100,000 unless told) once into data/bench/<cases>/ and reuses that copy
afterwards; each run serves a fresh copy of it. Prints and writes bench/results/<time>.json.
It never fails on a number; it fails only if the stack cannot be started.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import socketserver
import sqlite3
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
LIMIT = int(os.environ.get("BENCH_LIMIT", "5000"))
CACHE = ROOT / "data" / "bench" / str(CASES)
RUN = ROOT / "data" / "bench" / "run"
SLUG = "race-equality"
RECEIPTS = 40


class Sink(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept and drop mail: production sends email, the bench too."""

    def handle(self) -> None:
        self.wfile.write(b"220 bench\r\n")
        in_data = False
        for line in self.rfile:
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    self.wfile.write(b"250 ok\r\n")
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif verb == b"EHLO":
                self.wfile.write(b"250 bench\r\n")
            else:
                self.wfile.write(b"250 ok\r\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def secrets_for(folder: Path) -> dict[str, str]:
    path = folder / "secrets.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    made = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SAFESPACE_MASTER_KEY": "bench-1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "SAFESPACE_HR_HASH_KEY": secrets.token_urlsafe(48),
    }
    path.write_text(json.dumps(made))
    return made


def db_env(folder: Path, given: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        **given,
        "DATABASE_URL": f"sqlite:///{folder / 'main.sqlite3'}",
        "KEYSTORE_DATABASE_URL": f"sqlite:///{folder / 'keys.sqlite3'}",
        "SAFESPACE_DATA_DIR": str(folder),
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def seed_once() -> dict[str, str]:
    given = secrets_for(CACHE) if CACHE.exists() else None
    if given and (CACHE / "receipts.json").exists():
        print(f"Reusing the seeded database in {CACHE.relative_to(ROOT)}")
        return given
    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    given = secrets_for(CACHE)
    env = {**db_env(CACHE, given), "SAFESPACE_ENV": "development"}
    print(f"Seeding {CASES:,} cases into {CACHE.relative_to(ROOT)} (once; reused afterwards)")
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
    out.rename(CACHE / "receipts.json")
    return given


def argon2_cost() -> dict[str, Any]:
    """One receipt check is two Argon2id verifications (code, passphrase): timed in a fresh process."""
    code = (
        "import json,resource,time;from safespace.lib import receipts as r;"
        "before=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;h=r.HASHER.hash('x'*16);"
        "ts=[];\nfor _ in range(5):\n t=time.perf_counter();r.check('x'*16,h);ts.append(time.perf_counter()-t)\n"
        "after=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;ts.sort();"
        "print(json.dumps({'time_cost':r.HASHER.time_cost,'memory_cost_kib':r.HASHER.memory_cost,"
        "'parallelism':r.HASHER.parallelism,'one_verify_ms':round(ts[2]*1000,1),"
        "'receipt_check_ms':round(ts[2]*2000,1),'peak_rss_growth_mib':round((after-before)/1024,1)}))"
    )
    env = {**os.environ, "SAFESPACE_ENV": "test", "DJANGO_SETTINGS_MODULE": "safespace.settings"}
    wrapped = f"import django;django.setup();exec({code!r})"
    out = subprocess.run([PY, "-c", wrapped], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    return dict(json.loads(out.stdout)) if out.returncode == 0 else {"error": out.stderr[-500:]}


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
        "database": f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=FULL)",
        "server": "gunicorn, 2 sync workers, SAFESPACE_ENV=production, DEBUG off",
    }


def main() -> None:
    began = time.monotonic()
    port = int(os.environ.get("BENCH_PORT", "0")) or free_port()
    given = seed_once()
    shutil.rmtree(RUN, ignore_errors=True)
    shutil.copytree(CACHE, RUN)
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", free_port()), Sink)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    env = {
        **db_env(RUN, given),
        "SAFESPACE_ENV": "production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SAFESPACE_BASE_URL": "https://safespace.example.gov.uk",
        # As behind the TLS proxy production expects: the load generator says https the way
        # the proxy would, so HTTPS redirects, secure cookies and HSTS all stay on.
        "BEHIND_HTTPS_PROXY": "true",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.server_address[1]),
        "EMAIL_USE_TLS": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DEBUG", None)
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "safespace.wsgi:application",
            "--workers",
            "2",
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
            "champions": [
                f"scale-champion-{i}@{SLUG}.example.org" for i in range(1, champions + 1)
            ],
            "managers": [f"scale-manager-{i}@{SLUG}.example.org" for i in range(1, managers + 1)],
            "receipts": seeded,
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
    finally:
        server.terminate()
        server.wait(30)
        smtp.shutdown()
    ceiling = next((r["rps"] for r in results if r["path"].startswith("ceiling")), 0) or None
    for r in results:
        r["of_ceiling"] = round(r["rps"] / ceiling, 3) if ceiling else None
    cost = argon2_cost()
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cases": CASES,
        "machine": machine(),
        "argon2_receipt_check": cost,
        "results": results,
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
    print(f"\nArgon2id receipt check: {cost}")
    m = report["machine"]
    print(f"Machine: {m['cores']} cores ({m['cpu']}), Python {m['python']}, {m['database']}")
    out = ROOT / "bench" / "results" / f"{report['when'].replace(':', '')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    print(f"Wrote {out.relative_to(ROOT)} in {report['took_s']} s")


if __name__ == "__main__":
    main()
