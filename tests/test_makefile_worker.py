"""`make run` starts the task worker beside the server and stops it when the server stops."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")

# Stands in for .venv/bin/python: the worker records its process id and waits; the server
# waits for the worker to have started, then stops (as when it fails or is stopped).
FAKE_PYTHON = """#!/bin/bash
case "$2" in
  worker) echo $$ > "{pid}"; exec sleep 120 ;;
  runserver) for i in $(seq 100); do [ -s "{pid}" ] && break; sleep 0.1; done; exit 3 ;;
esac
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone in all but name; only a running process counts.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[1].startswith("Z"))


def test_the_worker_starts_with_the_server_and_stops_with_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "worker.pid"
    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON.format(pid=pid_file))
    fake.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    skip_setup = ["-o", "prerequisites", "-o", "install", "-o", "assets", "-o", "migrate"]

    result = subprocess.run(
        [str(MAKE), "--no-print-directory", "-C", str(ROOT), *skip_setup, "run", f"PY={fake}"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0  # the server's failure is the recipe's
    assert "with its task worker" in result.stdout
    worker = int(pid_file.read_text())
    assert not alive(worker), "the worker outlived the server"
