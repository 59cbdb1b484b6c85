"""The suite's own shape: a test module imports no other test module.

What two test modules share lives in tests/helpers.py (tests/e2e/helpers.py for the browser
journeys) and the conftest.py files, so a test module can be moved, split or run alone without
dragging other tests' fixtures and collection along with it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def is_test_module(dotted: str) -> bool:
    return any(part.startswith("test_") or part == "conftest" for part in dotted.split("."))


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imported(source: str, module: str) -> list[tuple[int, str]]:
    """Each module `source` imports (and each name it imports from a package, which may be a
    module), with its line; relative imports resolved against `module`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def suite_files() -> list[Path]:
    folders = [ROOT / "tests", *(ROOT / "safespace").glob("**/tests")]
    return sorted(
        {p for folder in folders for p in folder.glob("**/*.py")} | {ROOT / "conftest.py"}
    )


def test_no_test_module_imports_another() -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in suite_files()
        for line, name in imported(path.read_text(encoding="utf-8"), module_of(path))
        if is_test_module(name)
    ]
    assert offences == [], "move what they share into tests/helpers.py:\n" + "\n".join(offences)


def test_the_check_sees_every_way_of_importing_a_test_module() -> None:
    module = "safespace.cases.tests.test_hold"
    for source in (
        "from safespace.concerns.tests.test_raise import ANSWERS",
        "from safespace.concerns.tests import test_raise",
        "import tests.test_access_matrix",
        "from .test_casework import FORM",
        "from . import conftest",
        "from conftest import sign_in",
        "def later():\n    from tests.e2e.test_closing_journey import PASSPHRASE",
    ):
        assert any(is_test_module(name) for _, name in imported(source, module)), source
    for source in ("from tests.helpers import sign_in", "from safespace.cases import services"):
        assert not any(is_test_module(name) for _, name in imported(source, module)), source


def test_receipts_are_hashed_at_the_smallest_cost_outside_the_tests_of_the_cost() -> None:
    from argon2 import Type, extract_parameters

    from safespace.lib import receipts

    made = extract_parameters(receipts.slow_hash("violet harbour trellis"))
    assert made.type is Type.ID  # the same algorithm, so every check runs the same code
    assert (made.memory_cost, made.time_cost) == (8, 1)
