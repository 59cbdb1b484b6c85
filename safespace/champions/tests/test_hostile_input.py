"""Hostile text in the champion pool's forms: kept intact and shown escaped, or refused kindly."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from safespace.cases.models import ChampionProfile
from safespace.champions.models import Application, TrainingRecord
from tests.helpers import pool as pool
from tests.helpers import refused, shown_escaped, sign_in, training

HOSTILE = "Zoë 👋 <script>alert(1)</script> \"quoted\" & 'apostrophe' إلى 名前"
WHITESPACE = " \t\r\n \u00a0 "


def profile(background: str) -> dict[str, str]:
    return {"capacity": "3", "away_until": "", "background": background}


def test_a_background_in_any_script_is_kept_and_shown_escaped_to_the_public(client, pool) -> None:
    lead, champion = pool
    sign_in(client, lead)
    client.post(f"/champions/{champion.code}/", profile(HOSTILE))
    assert ChampionProfile.objects.get(user=champion).background == HOSTILE
    page = client.get(f"/champions/{champion.code}/").content.decode()
    assert f'value="{escape(HOSTILE)}"' in page
    client.logout()
    shown_escaped(client.get("/raise/champion/").content.decode(), HOSTILE)


def test_a_whitespace_background_is_no_background(client, pool) -> None:
    lead, champion = pool
    ChampionProfile.objects.create(user=champion, background="British Indian woman")
    sign_in(client, lead)
    client.post(f"/champions/{champion.code}/", profile(WHITESPACE))
    assert ChampionProfile.objects.get(user=champion).background == ""
    client.logout()
    assert "describe themselves" not in client.get("/raise/champion/").content.decode()


def test_a_background_too_long_is_refused_and_kept_for_shortening(client, pool) -> None:
    lead, champion = pool
    sign_in(client, lead)
    too_long = "👋" * 201
    response = client.post(f"/champions/{champion.code}/", profile(too_long))
    body = refused(response, "background", "Background must be 200 characters or fewer")
    assert f'value="{too_long}"' in body
    assert not ChampionProfile.objects.filter(user=champion).exists()
    client.post(f"/champions/{champion.code}/", profile("👋" * 200))
    assert ChampionProfile.objects.get(user=champion).background == "👋" * 200


def test_a_course_in_any_script_is_kept_and_shown_escaped(client, pool) -> None:
    lead, champion = pool
    sign_in(client, lead)
    client.post(f"/champions/{champion.code}/training/", training(HOSTILE))
    assert TrainingRecord.objects.get(champion=champion).course == HOSTILE
    shown_escaped(client.get(f"/champions/{champion.code}/").content.decode(), HOSTILE)


@pytest.mark.parametrize(
    ("course", "message"),
    [
        ("é" * 201, "The course name must be 200 characters or fewer"),
        (WHITESPACE, "Enter the name of the course"),
        (
            "Listening\x00",
            "Remove the unusual invisible character (a null character) from your answer",
        ),
    ],
)
def test_a_course_too_long_blank_or_with_a_null_is_refused_kindly(
    client, pool, course: str, message: str
) -> None:
    lead, champion = pool
    sign_in(client, lead)
    refused(
        client.post(f"/champions/{champion.code}/training/", training(course)), "course", message
    )
    assert not TrainingRecord.objects.filter(champion=champion).exists()


def test_an_offer_to_help_in_any_script_is_kept_and_shown_escaped_to_the_lead(client, pool) -> None:
    lead, _ = pool
    why = HOSTILE + "\r\nSecond line <b>not bold</b>"
    offer = {"full_name": HOSTILE, "email": "zoe@example.org", "why": why}
    assert client.post("/champions/become-a-champion/", offer).status_code == 302
    application = Application.objects.get()
    assert (application.full_name, application.why) == (HOSTILE, why)
    sign_in(client, lead)
    shown_escaped(client.get("/champions/applications/").content.decode(), HOSTILE)
    page = client.get(f"/champions/applications/{application.code}/").content.decode()
    shown_escaped(page, why)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("full_name", "é" * 151, "Your name must be 150 characters or fewer"),
        ("full_name", WHITESPACE, "Enter your name"),
        ("why", "👋" * 2001, "Your answer must be 2,000 characters or fewer"),
    ],
)
def test_an_offer_too_long_or_blank_is_refused_kindly(
    client, pool, field: str, text: str, message: str
) -> None:
    offer = {"full_name": "Zoë Adams", "email": "zoe@example.org", "why": "", field: text}
    refused(client.post("/champions/become-a-champion/", offer), field, message)
    assert not Application.objects.exists()
