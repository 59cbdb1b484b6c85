"""Nothing in the product imports the development app: production runs without it installed."""

from __future__ import annotations

import ast
from pathlib import Path

SAFESPACE = Path(__file__).resolve().parents[2]
DEV = SAFESPACE / "dev"


def imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def product_modules() -> list[Path]:
    return [
        path
        for path in SAFESPACE.rglob("*.py")
        if DEV not in path.parents and "tests" not in path.relative_to(SAFESPACE).parts
    ]


def test_the_scan_reads_the_product_and_sees_imports() -> None:
    paths = product_modules()
    assert (
        SAFESPACE / "urls.py" in paths and SAFESPACE / "cases" / "services" / "create.py" in paths
    )
    assert not any(DEV in path.parents for path in paths)
    assert "safespace.dev.demo.accounts" in imported(DEV / "management/commands/demo_code.py")


def test_no_product_module_imports_the_development_app() -> None:
    offenders = {
        str(path.relative_to(SAFESPACE)): sorted(
            name
            for name in imported(path)
            if name == "safespace.dev" or name.startswith("safespace.dev.")
        )
        for path in product_modules()
    }
    assert {path: names for path, names in offenders.items() if names} == {}
