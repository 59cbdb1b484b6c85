"""Raising with one of several networks: the choice, each network's own start page, and a
concern that belongs to the network it was raised with and to no other."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from safespace.accounts.models import Network, Role, Theme
from safespace.cases.models import Case
from tests.helpers import ANSWERS, raise_concern, sign_in


@pytest.fixture
def womens(other_network: Network) -> Network:
    other_network.serves = "Staff who have faced sexism or misogyny at work"
    other_network.start_wording = (
        "Tell the Women's Network about sexism at work.\n\nA champion will listen."
    )
    other_network.first_contact_days = 4
    other_network.contact_email = "womens@example.org"
    other_network.save()
    Theme.objects.create(network=other_network, name="Menopause support")
    return other_network


def choose(client: Client, network: Network) -> str:
    """Choose the network on /raise/, open its start page and press Start now: where to next."""
    response = client.get("/raise/", {"network": network.slug})
    assert response["Location"] == f"/raise/{network.slug}/"
    return str(client.post(f"/raise/{network.slug}/")["Location"])


def test_with_several_networks_the_start_asks_which(client, network, womens) -> None:
    body = client.get("/raise/").content.decode()
    assert "Which network do you want to raise this with?" in body
    assert "Race Equality Network" in body and "Women&#x27;s Network" in body
    # Each network says whom it is for, as a hint tied to its radio.
    assert 'aria-describedby="id_network_1-hint"' in body
    assert "Staff who have faced sexism or misogyny at work" in body


def test_sending_the_choice_empty_or_made_up_is_refused_kindly(client, network, womens) -> None:
    for sent, message in [
        ("", "Choose the network you want to raise this with"),
        ("<script>", "Choose one of the networks listed"),
    ]:
        body = client.get("/raise/", {"network": sent}).content.decode()
        assert f'<a href="#id_network_0">{message}</a>' in body
        assert 'id="network-error"' in body and "<script>" not in body


def test_a_networks_own_start_page_has_its_words_and_promise(client, network, womens) -> None:
    body = client.get("/raise/womens/").content.decode()
    assert "Tell the Women&#x27;s Network about sexism at work." in body
    assert '<p class="govuk-body">A champion will listen.</p>' in body
    # Contact and phase banner name the network being raised with, not the installation.
    assert "mailto:womens@example.org" in body
    assert 'href="/raise/" class="govuk-back-link"' in body
    assert client.get("/raise/no-such-network/").status_code == 404


def test_one_network_keeps_the_start_page_at_raise(client, network) -> None:
    body = client.get("/raise/").content.decode()
    assert "Which network" not in body
    assert "Tell the Race Equality Network" in body or "Raise a concern" in body
    assert f'action="/raise/{network.slug}/"' in body


def test_a_question_before_a_choice_sends_them_to_choose(client, network, womens) -> None:
    assert client.get("/raise/what-happened/")["Location"] == "/raise/"
    assert client.get("/raise/check-your-answers/")["Location"] == "/raise/what-happened/"


def test_the_concern_belongs_to_the_network_it_was_raised_with(
    client, network, womens, make_user, django_capture_on_commit_callbacks
) -> None:
    race_lead = make_user("race-lead@example.org", (network, Role.LEAD))
    womens_lead = make_user("womens-lead@example.org", (womens, Role.LEAD))
    assert choose(client, womens) == "/raise/what-happened/"
    themes = client.get("/raise/themes/").content.decode()
    assert "Menopause support" in themes and "Pay" not in themes
    menopause = str(Theme.objects.get(name="Menopause support").pk)
    with django_capture_on_commit_callbacks(execute=True):
        page = raise_concern(client, themes={"themes": [menopause]})
    assert "within 4 working days" in page
    case = Case.objects.get()
    assert case.network == womens
    assert list(case.themes.values_list("name", flat=True)) == ["Menopause support"]
    # Only the Women's Network's lead is told; the Race Equality Network never hears of it.
    assert [m.to for m in mail.outbox] == [[womens_lead.email]]
    # Their own page names the network they raised it with, and its contact address.
    own = client.get("/track/concern/").content.decode()
    assert "Run by the Women&#x27;s Network" in own and "mailto:womens@example.org" in own
    triage = sign_in(Client(), race_lead).get("/cases/triage/").content.decode()
    assert str(case.reference) not in triage
    assert (
        str(case.reference) in sign_in(Client(), womens_lead).get("/cases/triage/").content.decode()
    )


def test_changing_network_midway_keeps_answers_but_not_the_other_networks_themes(
    client, network, womens
) -> None:
    assert choose(client, network) == "/raise/what-happened/"
    pay = str(Theme.objects.get(name="Pay").pk)
    client.post("/raise/what-happened/", ANSWERS["what-happened"])
    client.post("/raise/themes/", {"themes": [pay]})
    # Back to the first question they have not answered for this network: its themes.
    assert choose(client, womens) == "/raise/themes/"
    assert "checked" not in client.get("/raise/themes/").content.decode().split("<form")[1]
    what = client.get("/raise/what-happened/").content.decode()
    assert "Comments about my hair" in what


def test_a_network_cannot_take_an_address_of_the_raise_form(network) -> None:
    clash = Network(name="Themes Network", slug="themes")
    with pytest.raises(ValidationError, match="already an address in the raise form"):
        clash.full_clean()
    with pytest.raises(ValidationError):
        Network(name="Low", slug="low", disclosure_threshold=2).full_clean()
