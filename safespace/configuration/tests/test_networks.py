"""An administrator adds a network, with its wording, promises and themes, through the service."""

from __future__ import annotations

import re

from safespace.accounts.models import Network, Role
from tests.helpers import sign_in


def _form(**changes: str) -> dict[str, str]:
    form = {
        "name": "LGBT+ Network",
        "slug": "lgbt",
        "short_name": "LGBT+",
        "contact_email": "lgbt@example.org",
        "serves": "Lesbian, gay, bisexual and trans staff, and anyone questioning",
        "start_wording": "Tell the LGBT+ Network what happened.",
        "first_contact_days": "3",
        "disclosure_threshold": "6",
        "retention_months": "36",
        "themes-TOTAL_FORMS": "2",
        "themes-INITIAL_FORMS": "0",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "1000",
        "themes-0-name": "Being outed",
        "themes-0-position": "0",
        "themes-1-name": "Trans inclusion",
        "themes-1-position": "1",
    }
    return {**form, **changes}


def test_an_administrator_adds_a_network_with_its_themes(client, make_user, network) -> None:
    sign_in(client, make_user("admin@example.org", (network, Role.ADMIN)))
    page = client.get("/configuration/accounts/network/add/").content.decode()
    # A new network starts from the installation's defaults.
    assert 'name="first_contact_days" value="2"' in page
    assert 'name="disclosure_threshold" value="5"' in page
    assert 'name="retention_months" value="72"' in page
    response = client.post("/configuration/accounts/network/add/", _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Network.objects.get(slug="lgbt")
    assert (added.first_contact_days, added.disclosure_threshold) == (3, 6)
    assert added.retention_months == 36
    assert list(added.themes.values_list("name", flat=True)) == ["Being outed", "Trans inclusion"]
    # It is on the raise form's choice at once.
    assert "LGBT+ Network" in client.get("/raise/").content.decode()


def test_a_threshold_below_three_or_a_slug_of_the_raise_form_is_refused(
    client, make_user, network
) -> None:
    sign_in(client, make_user("admin@example.org", (network, Role.ADMIN)))
    for changes, words in [
        ({"disclosure_threshold": "2"}, "Enter a number of 3 or more"),
        ({"slug": "check-your-answers"}, "already an address in the raise form"),
        ({"first_contact_days": "0"}, "Enter a number of 1 or more"),
        ({"retention_months": "11"}, "Enter a number of 12 or more"),
        ({"retention_months": "121"}, "120"),
    ]:
        response = client.post("/configuration/accounts/network/add/", _form(**changes))
        assert response.status_code == 200
        assert words in response.content.decode(), changes
    assert not Network.objects.filter(slug__in=["lgbt", "check-your-answers"]).exists()


def test_an_administrator_gives_someone_a_role_in_a_second_network(
    client, make_user, network, other_network
) -> None:
    sign_in(client, make_user("admin@example.org", (network, Role.ADMIN)))
    person = make_user("helen@example.org", (network, Role.DIRECTOR))
    held = person.memberships.get()
    page = f"/configuration/accounts/user/{person.pk}/change/"
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {
            "full_name": person.full_name,
            "email": person.email,
            "directorate": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": str(held.pk),
            "memberships-0-user": str(person.pk),
            "memberships-0-network": str(network.pk),
            "memberships-0-role": Role.DIRECTOR,
            "memberships-1-user": str(person.pk),
            "memberships-1-network": str(other_network.pk),
            "memberships-1-role": Role.DIRECTOR,
        },
    )
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    assert response.status_code == 302, errors
    assert person.roles_in(network) == person.roles_in(other_network) == {Role.DIRECTOR}
