"""Every audit event written about a case has its own words on the raiser's access list."""

from __future__ import annotations

import re
from pathlib import Path

from safespace.actions.services import MEETING_READ
from safespace.cases.attention import EVENTS
from safespace.cases.models import Stage
from safespace.concerns.access import words

SOURCE = Path(__file__).resolve().parents[2]
CALL = re.compile(r'audit_case\(\s*[^,()]+,\s*(f?)"([a-z_.{}]+)"', re.S)
FALLBACK = "opened your concern"
# What each {name} hole in an f-string action can be.
FILLS = {"{stage}": [s.value for s in Stage], "{why}": ["match", "raiser"]}


def written_actions() -> set[str]:
    found = {MEETING_READ, *EVENTS.values()}
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for _, action in CALL.findall(path.read_text()):
            holes = [hole for hole in FILLS if hole in action]
            if not holes:
                found.add(action)
            for hole in holes:
                found.update(action.replace(hole, fill) for fill in FILLS[hole])
    return found


def test_the_scan_finds_the_audited_actions() -> None:
    actions = written_actions()
    assert {"case.read", "note.add", "stage.listening", "case.release.match"} <= actions
    assert len(actions) > 40


def test_every_action_written_about_a_case_has_words_of_its_own() -> None:
    without = sorted(a for a in written_actions() if words(a) == FALLBACK)
    assert without == [], f"give these words in concerns/access.py ACCESS_WORDS: {without}"
