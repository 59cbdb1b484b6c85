"""Every page every role is shown is drawn in the pseudo-language, and keeps no English unmarked.

tests/test_every_word_translated.py walks the raiser's side and a few staff journeys step by
step; this walks every named address of the URL map as every role, with each form sent back
empty as well, the way the access matrix and the HTML check do. What the world was set up with
(people's names and addresses, what was typed into its concern, note, meeting and review) is
not the service's own words, and is taken out first.
"""

from __future__ import annotations

import pytest
from django.http import HttpResponse, HttpResponseBase

from safespace.accounts.models import User
from tests.helpers import ROLES, addresses, client_maker, enter, refusal, urls_for
from tests.helpers import world as world
from tests.test_every_word_translated import english_left
from tests.test_every_word_translated import pseudo as pseudo
from tests.test_html_valid import LEAVING

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

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

# Addresses whose words are not all marked yet, by the part that draws them. Each is taken off
# as its part is marked; one marked already fails the test, so the list only shrinks.
NOT_YET = {
    # records
    "api:api-root",
    "dataprotection:search",
    "directory:import",
    "tripwire:import",
    # configuration
    "admin:accounts_directorate_add",
    "admin:accounts_directorate_changelist",
    "admin:accounts_network_add",
    "admin:accounts_network_change",
    "admin:accounts_network_changelist",
    "admin:accounts_network_delete",
    "admin:accounts_network_history",
    "admin:accounts_theme_add",
    "admin:accounts_theme_change",
    "admin:accounts_theme_changelist",
    "admin:accounts_theme_delete",
    "admin:accounts_theme_history",
    "admin:accounts_user_add",
    "admin:accounts_user_change",
    "admin:accounts_user_changelist",
    "admin:accounts_user_delete",
    "admin:accounts_user_history",
    "admin:api_token_add",
    "admin:api_token_changelist",
    "admin:app_list",
    "admin:directory_staffmember_changelist",
    "admin:index",
    "admin:otp_static_staticdevice_changelist",
    "admin:otp_totp_totpdevice_change",
    "admin:otp_totp_totpdevice_changelist",
    "admin:otp_totp_totpdevice_delete",
    "admin:otp_totp_totpdevice_history",
    "admin:password_change",
    "admin:password_change_done",
}


def english_on(name: str, params: list[str], world) -> dict[str, str]:
    """Each page of this address, as each role, with the English left on it."""
    people, case, other = world
    also = [*WORLD, *User.objects.values_list("full_name", flat=True)]
    also += [user.email for user in people.values()]
    left: dict[str, str] = {}
    new_client = client_maker()

    def check(label: str, response: HttpResponseBase) -> None:
        if not isinstance(response, HttpResponse) or response.status_code != 200:
            return
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        words = english_left(response.content.decode(), *also)
        if words:
            left[label] = " ".join(words)

    for url in urls_for(name, params, case, people["admin"]):
        for role in ROLES:
            client = new_client()
            enter(client, role, people, case, other)
            response = client.get(url)
            check(f"{url} as {role}", response)
            if name in LEAVING or refusal(name, role, response.status_code) is not None:
                continue
            client = new_client()
            enter(client, role, people, case, other)
            check(f"{url} as {role}, sent empty", client.post(url, {}))
    return left


@pytest.mark.parametrize("name", addresses())
def test_every_page_is_in_words_a_catalogue_can_translate(world, pseudo, name: str) -> None:
    left = english_on(name, addresses()[name], world)
    if name in NOT_YET:
        assert left, f"{name} is marked now: take it off NOT_YET"
    else:
        assert left == {}
