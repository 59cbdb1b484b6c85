"""The data protection impact assessment names a test for every control: each must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DPIA = ROOT / "docs" / "dpia.md"


def test_every_test_the_dpia_names_exists() -> None:
    text = DPIA.read_text()
    named = re.findall(
        r"`((?:safespace/[a-z_]+/)?tests/[a-z_/]+\.py)(?:::(test_[a-z0-9_]+))?`", text
    )
    assert len(named) >= 20, "the DPIA links its controls to tests"
    for path, function in named:
        source = ROOT / path
        assert source.is_file(), f"docs/dpia.md names {path}, which does not exist"
        if function:
            assert f"def {function}(" in source.read_text(), f"{path} has no {function}"


def test_every_control_row_names_at_least_one_test() -> None:
    rows = [line for line in DPIA.read_text().splitlines() if re.match(r"\| C\d+ \|", line)]
    assert rows, "the DPIA has a table of controls"
    for row in rows:
        assert "tests/" in row, f"a control without a test is a commitment: {row[:60]}"
