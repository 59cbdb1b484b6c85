"""The data protection officer's pages, the CSV uploads and the configuration site, in Welsh.

Each address of the records and configuration parts is walked as every role with Cymraeg
chosen, each form sent back empty as well, and the named concern's pages the world does not
reach are walked as tests/test_every_page_translated.py walks them. Any message asked for that
the catalogue has no Welsh for fails the test. What the API's documentation draws from the
OpenAPI document is not a message, and stays as the document says it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import django
import pytest
from django.template.loader import render_to_string

from safespace.dataprotection import views as dataprotection_views
from tests.helpers import (
    addresses,
    data_protection_pages,
    every_page,
)
from tests.helpers import world as world
from tests.words import untranslated_welsh as untranslated_welsh

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

DJANGO = Path(django.__file__).parent
MSGID = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)', re.M)


@functools.cache
def frameworks_own() -> frozenset[str]:
    """Django's own messages (its admin's most of all): its own Welsh catalogue translates
    them, or does not yet, which is for Django to mend, not this service."""
    found: set[str] = set()
    for catalogue in DJANGO.glob("**/locale/en/LC_MESSAGES/*.po"):
        for first, rest in MSGID.findall(catalogue.read_text(encoding="utf-8")):
            quoted = first + "".join(line[1:-1] for line in rest.splitlines())
            found.add(quoted.replace('\\"', '"').replace("\\n", "\n"))
    return frozenset(found)


def ours(missing: list[str]) -> list[str]:
    return sorted({message for message in missing if message not in frameworks_own()})


RECORDS = ("api:api-root", "dataprotection:", "directory:import", "tripwire:import", "admin:")


def mine() -> list[str]:
    return [name for name in addresses() if name.startswith(RECORDS)]


@pytest.mark.parametrize("name", mine())
def test_every_message_of_the_page_has_its_welsh(
    world, untranslated_welsh: list[str], name: str
) -> None:
    for _ in every_page(world, name, "cy"):
        pass
    assert ours(untranslated_welsh) == []


def test_the_data_protection_pages_have_their_welsh(
    world, network, untranslated_welsh: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        dataprotection_views.pdf,
        "render_pdf",
        lambda template, context: render_to_string(template, context).encode(),
    )
    pages = data_protection_pages(world, network, "cy", export=True)
    for label, response in pages.items():
        assert response.status_code == 200, label
    assert 'lang="cy"' in pages["concern"].content.decode()
    assert ours(untranslated_welsh) == []
