"""The Welsh catalogue is whole for the public and raiser pages, and its compiled copy matches.

A missing translation shows English in the middle of a Welsh page, and a fuzzy one (a guess
gettext makes when the English changed) is not used at all; the compiled .mo is committed so a
fresh copy needs no gettext, and must say what the .po says.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES"

# Where the pages a raiser reads take their words from, and the staff pages translated so far.
PUBLIC = (
    "templates/base.html",
    "templates/form_page.html",
    "templates/400.html",
    "templates/403.html",
    "templates/404.html",
    "templates/500.html",
    "templates/busy.html",
    "templates/sealed_broken.html",
    "templates/includes/",
    "templates/public/",
    "templates/concerns/",
    "templates/aftercare/",
    "safespace/public/",
    "safespace/concerns/",
    "safespace/cases/models.py",
    "safespace/cases/forms/messages.py",
    "safespace/aftercare/",
    "safespace/audit/actions.py",
    "safespace/tripwire/services.py",
    "safespace/actions/models.py",
    "safespace/notifications/",
    # Signing in, the staff home page it leads to, closing, reopening and keeping a case, and
    # the champion pool.
    "templates/accounts/",
    "templates/staff/",
    "safespace/accounts/",
    "templates/champions/",
    "safespace/champions/",
    "safespace/lib/forms.py",
    # A champion's and a lead's casework: the case lists, triage, assigning, the case page and
    # its forms, and recording a concern for someone.
    "templates/cases/",
    "safespace/cases/",
)


@dataclass
class Entry:
    places: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # The same English said in two senses ("Minutes" of a meeting, and of time spent).
    context: str = ""
    msgid: str = ""
    plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)


def entries() -> list[Entry]:
    found = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry, part = Entry(), None
        for line in block.splitlines():
            if line.startswith("#:"):
                entry.places += [p.rsplit(":", 1)[0] for p in line[2:].split()]
            elif line.startswith("#,"):
                entry.flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("msgctxt "):
                part = "msgctxt"
                entry.context = ast.literal_eval(line.partition(" ")[2])
            elif line.startswith(("msgid", "msgstr")):
                key, _, text = line.partition(" ")
                part = key
                value = ast.literal_eval(text)
                if key == "msgid":
                    entry.msgid = value
                elif key == "msgid_plural":
                    entry.plural = value
                else:
                    match = re.search(r"\[(\d)\]", key)
                    entry.msgstr[int(match.group(1)) if match else 0] = value
            elif line.startswith('"') and part is not None:
                value = ast.literal_eval(line)
                if part == "msgctxt":
                    entry.context += value
                elif part == "msgid":
                    entry.msgid += value
                elif part == "msgid_plural":
                    entry.plural += value
                else:
                    match = re.search(r"\[(\d)\]", part)
                    index = int(match.group(1)) if match else 0
                    entry.msgstr[index] += value
        if part is not None and entry.msgid:
            found.append(entry)
    return found


def public(entry: Entry) -> bool:
    return any(place.startswith(PUBLIC) for place in entry.places)


def test_the_catalogue_covers_the_public_pages() -> None:
    shown = [e for e in entries() if public(e)]
    assert len(shown) > 600, "the public pages' messages are in the catalogue"
    empty = [e.msgid for e in shown if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.msgid for e in shown if "fuzzy" in e.flags]
    assert empty == []
    assert fuzzy == []


def test_every_plural_has_the_four_welsh_forms() -> None:
    for entry in entries():
        if entry.plural and public(entry):
            assert sorted(entry.msgstr) == [0, 1, 2, 3], entry.msgid


def test_the_compiled_catalogue_says_what_the_catalogue_says() -> None:
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for entry in entries():
        if entry.context and entry.msgstr.get(0) and not entry.plural:
            said = catalogue.pgettext(entry.context, entry.msgid)
            assert said == entry.msgstr[0], entry.msgid
        elif entry.plural:
            assert catalogue.ngettext(entry.msgid, entry.plural, 1) == entry.msgstr[0]
            assert catalogue.ngettext(entry.msgid, entry.plural, 3) == entry.msgstr[2]
        elif entry.msgstr.get(0):
            assert catalogue.gettext(entry.msgid) == entry.msgstr[0], entry.msgid
