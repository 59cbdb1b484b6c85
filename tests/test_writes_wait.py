"""A raiser choosing a network and pressing Send while a 100,000-row import runs is answered,
not given an error.

Both run as separate processes on one real database (a throwaway SQLite file, or throwaway
PostgreSQL databases on the PostgreSQL pass), as a raiser and an administrator would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
ROWS = 100_000


def postgres_url(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a freshly migrated database nobody else uses."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "KEYSTORE_DATABASE_URL"}
    }
    env.update({"SAFESPACE_ENV": "development", "DEBUG": "false"})
    env["SAFESPACE_DATA_DIR"] = str(tmp_path)
    made: list[str] = []
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        import psycopg

        admin = postgres_url("postgres")
        base = f"safespace_wait_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in (base, f"{base}_keys"):
                connection.execute(f'CREATE DATABASE "{name}"')
                made.append(name)
        env["DATABASE_URL"], env["KEYSTORE_DATABASE_URL"] = (
            postgres_url(base),
            postgres_url(f"{base}_keys"),
        )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate"], ["migrate", "--database", "keys"], ["createcachetable"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    yield env
    if made:
        import psycopg

        with psycopg.connect(postgres_url("postgres"), autocommit=True) as connection:
            for name in made:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def directory_csv(path: Path) -> Path:
    lines = ["employee_number,name,email,directorate,service,manager_employee_number"]
    for n in range(ROWS):
        manager = f"E{n // 10:06d}" if n >= 10 else ""
        lines.append(f"E{n:06d},Person {n},p{n}@example.org,Directorate {n % 12},Service,{manager}")
    path.write_text("\n".join(lines) + "\n")
    return path


def hr_events_csv(path: Path) -> Path:
    lines = ["employee_number,event,date"]
    lines += [f"E{n:06d},capability,2026-0{1 + n % 9}-1{n % 10}" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n")
    return path


IMPORTS = {
    "staff directory": ("import_staff_directory", directory_csv, f"Imported {ROWS} people"),
    "HR events": ("import_hr_events", hr_events_csv, f"Accepted {ROWS} rows."),
}


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_raise_sent_during_a_large_import_is_answered(
    kind: str, database: dict[str, str], tmp_path: Path
) -> None:
    command, make_csv, imported = IMPORTS[kind]
    stop, started = tmp_path / "stop", tmp_path / "started"
    raiser = subprocess.Popen(
        [sys.executable, "tests/raiser_during_import.py", str(stop), str(started)],
        cwd=ROOT,
        env=database,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not started.exists() and raiser.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    importer = subprocess.run(
        [
            sys.executable,
            "manage.py",
            command,
            str(make_csv(tmp_path / "import.csv")),
        ],
        cwd=ROOT,
        env=database,
        capture_output=True,
        text=True,
        timeout=600,
    )
    stop.touch()
    out, err = raiser.communicate(timeout=120)

    assert imported in importer.stdout, (importer.stdout[-2000:], importer.stderr[-2000:])
    assert raiser.returncode == 0, err[-2000:]
    sends = json.loads(out)
    # The choice of network is a page (200); every answer sent moves on (302).
    refused = [
        send for send in sends if send["status"] != (200 if send["page"] == "choose" else 302)
    ]
    assert not refused, refused
    sent = [send for send in sends if send["to"] == "/raise/confirmation/"]
    assert len(sent) >= 2, sends  # several concerns were sent while the import ran
