"""The Makefile says what is missing in a sentence, and keeps its test passes apart."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def make(*args: str, path: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    # Drop what an outer `make test` passes down, so this make starts afresh.
    clean = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    if path is not None:
        clean["PATH"] = path
    return subprocess.run(
        [str(MAKE), "--no-print-directory", "-C", str(ROOT), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def executable(path: Path, script: str) -> Path:
    path.write_text(script)
    path.chmod(0o755)
    return path


def test_prerequisites_name_node_when_it_is_missing(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    for tool in ["make", "sh", "bash", "env"]:
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    assert shutil.which("node", path=str(bin_dir)) is None

    result = make("prerequisites", path=str(bin_dir))

    assert result.returncode != 0
    assert "Safe Space needs Node.js 20 or newer" in result.stdout
    assert "nodejs.org" in result.stdout


def test_prerequisites_name_python_3_11_when_python_is_too_old(tmp_path: Path) -> None:
    # Answers --version as 3.10 does, and fails the version check as 3.10 would.
    old_python = executable(
        tmp_path / "python3.10",
        '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Python 3.10.12"; exit 0; fi\nexit 1\n',
    )

    result = make("prerequisites", f"PYTHON={old_python}")

    assert result.returncode != 0
    assert "Safe Space needs Python 3.11 or newer" in result.stdout
    assert "Python 3.10.12" in result.stdout


def test_run_test_and_lint_check_the_prerequisites_every_time() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in ["run", "test", "lint"]:
        rule = re.search(rf"^{target}:(.*)$", makefile, re.MULTILINE)
        assert rule is not None, target
        assert rule.group(1).split()[0] == "prerequisites", target


def test_the_sqlite_pass_ignores_database_urls_left_in_the_shell(tmp_path: Path) -> None:
    fake_python = executable(
        tmp_path / "python",
        "#!/bin/sh\n"
        'echo "DATABASE_URL=${DATABASE_URL-unset}"\n'
        'echo "KEYSTORE_DATABASE_URL=${KEYSTORE_DATABASE_URL-unset}"\n'
        'echo "SAFESPACE_ENV=$SAFESPACE_ENV"\n',
    )

    result = make(
        "test-sqlite",
        f"PY={fake_python}",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        KEYSTORE_DATABASE_URL="postgres://postgres@127.0.0.1:5432/safespace_keys",
    )

    assert result.returncode == 0, result.stderr
    assert "DATABASE_URL=unset" in result.stdout.splitlines()
    assert "KEYSTORE_DATABASE_URL=unset" in result.stdout.splitlines()
    assert "SAFESPACE_ENV=test" in result.stdout.splitlines()


def test_both_passes_run_on_every_core_and_say_how_long_they_took(tmp_path: Path) -> None:
    fake_python = executable(tmp_path / "python", '#!/bin/sh\necho "ran: $*"\n')
    for target, said in (
        ("test-sqlite", "The SQLite pass took"),
        ("test-postgres", "The PostgreSQL pass took"),
    ):
        result = make(target, f"PY={fake_python}")
        assert result.returncode == 0, result.stderr
        (pytest_line,) = [line for line in result.stdout.splitlines() if "-m pytest" in line]
        assert "-n auto" in pytest_line, target
        if target == "test-postgres":
            # What does not depend on the database is not run twice.
            assert "-m not e2e and not html_check " in pytest_line
        assert re.search(rf"^{said} \d+ s\.$", result.stdout, re.MULTILINE), result.stdout
