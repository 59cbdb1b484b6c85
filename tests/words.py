"""The two checks of the words on a page, shared by the tests that walk pages.

- `pseudo`: every gettext answers in a pseudo-language, each translated string wrapped in
  ⟦ ⟧, and `english_left` finds the visible English outside the marks, once what the service is
  set up with and what people typed are taken out;
- `untranslated_welsh`: every message asked for in Welsh that came back in English, one the
  catalogue lacks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from safespace.accounts.models import Directorate, Network, Theme
from safespace.cases.models import Case
from tests.helpers import ANSWERS

OPEN, CLOSE = "\u27e6", "\u27e7"
TOO_LONG = "x" * 20001
# Typed into refused answers, and shown again as typed.
TYPED = [TOO_LONG, "not a number", "Repairs", "We can meet on Tuesday.", "short"]
RECEIPT = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b")
# Read out, or put on the page by GOV.UK Frontend's scripts (data-i18n.*).
SPOKEN_ATTRIBUTES = re.compile(
    r'\s(?:aria-label|title|alt|placeholder|data-i18n\.[a-z-]+)="([^"]*)"'
)


PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|\{[a-z_0-9]*\}")


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every gettext answers ⟦its translation⟧, as a catalogue for a new language would.

    What is put into a sentence (`%(name)s`, `{name}`) is left outside the marks, so words
    given to a translated sentence are checked as well.
    """
    trans: Any = translation._trans
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        real: Callable[..., str] = getattr(trans, name)

        def marked(*args: Any, _real: Callable[..., str] = real) -> str:
            words = PLACEHOLDER.sub(lambda m: f"{CLOSE}{m.group(0)}{OPEN}", _real(*args))
            return f"{OPEN}{words}{CLOSE}"

        monkeypatch.setattr(trans, name, marked)


def visible(page: str) -> str:
    """What a reader meets: the text, and the words of the attributes a screen reader says."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    # The switcher names each language in its own words, marked as that language.
    page = re.sub(r'<(a|span)\b[^>]*\slang="[^"]+"[^>]*>.*?</\1>', " ", page, flags=re.S)
    spoken = " ".join(SPOKEN_ATTRIBUTES.findall(page))
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(f"{text} {html.unescape(spoken)}")


def unmarked(text: str) -> str:
    """The text outside every ⟦ ⟧, however deeply they nest."""
    kept, depth = [], 0
    for char in text:
        if char == OPEN:
            depth += 1
        elif char == CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def not_ours() -> list[str]:
    """What the service is set up with or the raiser typed, longest first."""
    given = [
        settings.SAFESPACE_ORGANISATION,
        settings.SAFESPACE_PHASE,
        settings.SAFESPACE_CONTACT_EMAIL,
        settings.SAFESPACE_CONTROLLER,
        settings.SAFESPACE_DPO_CONTACT,
        settings.SAFESPACE_LAWFUL_BASIS,
        settings.SAFESPACE_SPECIAL_CATEGORY_CONDITION,
        settings.SAFESPACE_ACCESSIBILITY_TESTED,
        *Network.objects.values_list("name", flat=True),
        *Theme.objects.values_list("name", flat=True),
        *Directorate.objects.values_list("name", flat=True),
        # Each concern's reference is a code, like a receipt.
        *Case.objects.values_list("reference", flat=True),
    ]
    for answers in ANSWERS.values():
        given += [str(value) for value in answers.values() if isinstance(value, str)]
    given += [*TYPED, "Sam Example", "Agreed."]
    return sorted({g for g in given if g}, key=len, reverse=True)


def english_left(page: str, *also: str) -> list[str]:
    text = unmarked(visible(page))
    for value in sorted({*not_ours(), *also}, key=len, reverse=True):
        if len(value) > 5:
            text = text.replace(value, " ")
        else:
            # A short answer ("own") is taken only as a word, not from inside "shown".
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    text = RECEIPT.sub(" ", text)
    return re.findall(r"[A-Za-z][A-Za-z'\u2019]+", text)


@pytest.fixture
def untranslated_welsh(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message asked for in Welsh that came back in English: one the catalogue lacks."""
    missing: list[str] = []
    trans: Any = translation._trans
    real_gettext: Callable[[str], str] = trans.gettext
    real_ngettext: Callable[[str, str, int], str] = trans.ngettext

    def gettext(message: str) -> str:
        found = real_gettext(message)
        # Punctuation alone (Django's ":" after a label) reads the same in Welsh.
        if (
            translation.get_language() == "cy"
            and found == message
            and re.search("[A-Za-z]", message)
        ):
            missing.append(message)
        return found

    def ngettext(singular: str, plural: str, number: int) -> str:
        found = real_ngettext(singular, plural, number)
        if translation.get_language() == "cy" and found in (singular, plural):
            missing.append(singular)
        return found

    monkeypatch.setattr(trans, "gettext", gettext)
    monkeypatch.setattr(trans, "ngettext", ngettext)
    return missing


# Typed into the world's records (tests/helpers.py `world`), or the framework's own names.
WORLD = [
    "My manager keeps making jokes about my accent.",
    "Another story.",
    "A note",
    "Room 2",
    "Room 4",
    "Ada Volunteer",
    "ada@example.org",
]
