"""Every page the access matrix renders, for every role, is valid HTML by the Nu HTML Checker.

Assistive technology reads the markup, not the look: a duplicate id, a label pointing nowhere or
a stray closing tag can hide a question or its error from a screen reader. The checker (vnu-jar
from npm, run with Java) reads every page once, and the test lists each error with the page it
is on.

The walk is split by the part of the service an address belongs to, so that pytest-xdist can
spread it over its workers; each part's pages go to the checker in one run, as starting Java
costs more than checking a page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.http import HttpResponse, HttpResponseBase

from tests.helpers import (
    addresses,
    data_protection_pages,
    every_page,
)
from tests.helpers import world as world

# The markup a page sends does not depend on the database, so `make test` checks it on the
# SQLite pass only; the access matrix renders every page on both.
pytestmark = [pytest.mark.django_db(databases=["default", "keys"]), pytest.mark.html_check]

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TIME = re.compile(r'<time\b[^>]*\bdatetime="([^"]*)"', re.I)
MICROSECONDS = re.compile(r"\d{2}:\d{2}:\d{2}\.\d")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def checker() -> list[str]:
    """The command that runs the checker; skips the test where it cannot run, except in CI."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java is not on the PATH")
    if not VNU.exists():
        missing.append(f"the Nu HTML Checker is not at {VNU.relative_to(ROOT)} (run npm ci)")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("CI requires the HTML check: " + "; ".join(missing))
        pytest.skip("; ".join(missing))
    assert java is not None
    # One short run: the quick compiler alone starts in half the time (it needs a deeper stack).
    quick = ["-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    return [java, *quick, "-jar", str(VNU), "--errors-only", "--format", "json"]


# The parts of the service, by the namespace of their addresses; any other namespace is in the
# first. Each must render more than the number beside it (they render 40, 25, 75 and 35
# distinct pages), so that together they check more than a hundred: a world that renders far
# fewer pages than it should fails.
PARTS: dict[str, tuple[set[str], int]] = {
    "raising, tracking and signing in": (set(), 25),
    "casework": ({"cases", "meetings", "actions", "aftercare"}, 15),
    "champions, insights and HR": ({"champions", "insights", "directory", "tripwire"}, 40),
    "configuration site": ({"admin"}, 20),
}


def part_of(name: str) -> str:
    namespace = name.split(":")[0]
    return next(
        (part for part, (spaces, _) in PARTS.items() if namespace in spaces),
        "raising, tracking and signing in",
    )


def pages(world, part: str) -> dict[str, tuple[str, str]]:
    """Each HTML page of this part every role is shown, once per distinct body:
    file name -> (label, body).

    A role allowed to use a form also sends it back empty, so the page with its error summary
    is checked as well as the page without.
    """
    found: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()

    def keep(label: str, response: HttpResponseBase) -> None:
        if not isinstance(response, HttpResponse) or response.status_code != 200:
            return
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        body = response.content.decode()
        # The CSRF token differs on every page; without it, the same page is checked once.
        key = CSRF.sub("", body)
        if key not in seen:
            seen.add(key)
            found[f"page-{len(found):04d}.html"] = (label, body)

    for name in addresses():
        if part_of(name) == part:
            for label, response in every_page(world, name):
                keep(f"{name} ({label})", response)
    return found


@pytest.mark.parametrize("part", PARTS)
def test_every_page_is_valid_html_with_times_a_machine_can_read(
    world, part: str, tmp_path: Path
) -> None:
    found = pages(world, part)
    assert len(found) > PARTS[part][1], "the world renders far fewer pages than it should"
    # A <time datetime> to the microsecond is noise to software reading the page for someone.
    odd = [
        f"{label}: {value}"
        for label, body in found.values()
        for value in TIME.findall(body)
        if MICROSECONDS.search(value)
    ]
    assert odd == []
    errors = invalid(found, tmp_path)
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def invalid(found: dict[str, tuple[str, str]], tmp_path: Path) -> list[str]:
    """Each error the checker finds in these pages, with the page it is on."""
    command = checker()
    for file, (_, body) in found.items():
        (tmp_path / file).write_text(body, encoding="utf-8")
    done = subprocess.run(
        [*command, *(str(tmp_path / file) for file in found)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # The JSON report goes to standard error; a non-zero exit only says there were errors.
    report = json.loads(done.stderr or done.stdout)
    errors = []
    for message in report["messages"]:
        file = Path(str(message.get("url", ""))).name
        label = found[file][0] if file in found else file
        extract = " ".join(str(message.get("extract", "")).split())
        errors.append(
            f"{label}, line {message.get('lastLine', '?')}: {message.get('message')}\n    {extract}"
        )
    return errors


def test_the_data_protection_pages_are_valid_html(world, network, tmp_path: Path) -> None:
    """The officer's pages about a named concern (tests/helpers.py)."""
    responses = data_protection_pages(world, network)
    found: dict[str, tuple[str, str]] = {}
    for label, response in responses.items():
        assert response.status_code == 200, label
        found[f"page-{len(found):04d}.html"] = (label, response.content.decode())
    errors = invalid(found, tmp_path)
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)
