"""Every page every role is shown is drawn in the pseudo-language, and keeps no English unmarked.

tests/test_every_word_translated.py walks the raiser's side and a few staff journeys step by
step; this walks every named address of the URL map as every role, with each form sent back
empty as well, the way the access matrix and the HTML check do. What the world was set up with
(people's names and addresses, what was typed into its concern, note, meeting and review) is
not the service's own words, and is taken out first.
"""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.template.loader import render_to_string

from safespace.accounts.models import Network, User
from safespace.dataprotection import views as dataprotection_views
from safespace.directory import importer as directory_importer
from safespace.tripwire import importer as tripwire_importer
from safespace.tripwire.models import EventKind
from tests.helpers import (
    DP_TYPED,
    addresses,
    data_protection_pages,
    every_page,
)
from tests.helpers import world as world
from tests.words import WORLD, english_left
from tests.words import pseudo as pseudo

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


# The names of a CSV file's columns and of the kinds of HR event, which a file spells as they are.
SPELT = [*directory_importer.COLUMNS, *tripwire_importer.COLUMNS, *EventKind.values]

# The names of a formset's own fields, which Django's "ManagementForm data is missing" names.
FORMSET_FIELDS = re.compile(r"\b(?:[a-z_]+-)?(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS\b")

# Addresses whose words are not all marked yet, by the part that draws them. Each is taken off
# as its part is marked; one marked already fails the test, so the list only shrinks.
NOT_YET = {
    # records
    "api:api-root",
    # configuration: what is left is Django's or django-otp's own words, not marked there (the
    # boolean icons' "True", the otp apps, their models and fields)
    "admin:accounts_user_changelist",
    "admin:accounts_user_delete",
    "admin:index",
    "admin:otp_static_staticdevice_changelist",
    "admin:otp_totp_totpdevice_change",
    "admin:otp_totp_totpdevice_changelist",
    "admin:otp_totp_totpdevice_delete",
    "admin:otp_totp_totpdevice_history",
}


def english_on(name: str, world) -> tuple[dict[str, str], int]:
    """Each page of this address, as each role, with the English left on it; and how many
    pages were drawn."""
    people, _, _ = world
    also = [*WORLD, *SPELT, *User.objects.values_list("full_name", flat=True)]
    also += Network.objects.values_list("slug", flat=True)
    also += [user.email for user in people.values()]
    left: dict[str, str] = {}
    drawn = 0
    for label, response in every_page(world, name):
        if not isinstance(response, HttpResponse) or response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        drawn += 1
        page = FORMSET_FIELDS.sub(" ", response.content.decode())
        words = english_left(page, *also)
        if words:
            left[label] = " ".join(words)
    return left, drawn


@pytest.mark.parametrize("name", addresses())
def test_every_page_is_in_words_a_catalogue_can_translate(world, pseudo, name: str) -> None:
    left, drawn = english_on(name, world)
    if name in NOT_YET:
        # The configuration site's pages of one object name it by its id, which on PostgreSQL
        # is seldom the 1 the world asks for: a page not drawn says nothing either way.
        assert left or not drawn, f"{name} is marked now: take it off NOT_YET"
    else:
        assert left == {}


def test_the_data_protection_pages_are_in_words_a_catalogue_can_translate(
    world, network, pseudo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The world's concerns are anonymous, which the data protection officer never opens: their
    pages about a named concern, its export as a PDF, and the pages after it is erased, are
    walked here, as tests/test_html_valid.py walks them."""
    people, _, _ = world
    # The PDF's words are the HTML it is drawn from.
    monkeypatch.setattr(
        dataprotection_views.pdf,
        "render_pdf",
        lambda template, context: render_to_string(template, context).encode(),
    )
    responses = data_protection_pages(world, network, export=True)
    also = [*WORLD, *DP_TYPED]
    also += [*User.objects.values_list("full_name", flat=True)]
    also += [user.email for user in people.values()]
    left = {}
    for label, response in responses.items():
        assert response.status_code == 200, label
        words = english_left(response.content.decode(), *also)
        if words:
            left[label] = " ".join(words)
    assert left == {}
