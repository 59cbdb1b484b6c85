"""Page structure a screen reader relies on: distinct link texts, headings in order."""

from __future__ import annotations

import itertools
import re

import pytest
from django.test import Client

from safespace.cases.services import notes
from tests.helpers import action as action
from tests.helpers import setting as setting
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def test_two_notes_in_one_minute_have_distinct_change_links(client: Client, setting) -> None:
    champion, _, case, _ = setting
    for body in ("Called them", "Called again"):
        notes.add_note(case, champion, body, shared_with_raiser=False)
    sign_in(client, champion)
    page = client.get(f"/cases/{case.code}/").content.decode()
    links = re.findall(r'>Change<span class="govuk-visually-hidden">([^<]*)</span>', page)
    assert len(links) == 2 and len(set(links)) == 2


def test_the_action_page_goes_from_h1_to_h2_before_the_action(
    client: Client, setting, action
) -> None:
    _, manager, _, _ = setting
    sign_in(client, manager)
    page = client.get(f"/actions/{action.code}/").content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", page)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
