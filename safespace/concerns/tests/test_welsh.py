"""A raiser who chose Cymraeg reads the service in Welsh, and so do the emails they are sent."""

from __future__ import annotations

import html
import io

import pypdf
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import Role
from safespace.actions import services as plans
from safespace.aftercare import services as aftercare
from safespace.aftercare.models import Outcome
from safespace.cases.models import Case, Stage
from safespace.cases.services import assign, stages
from safespace.cases.services import messages as case_messages
from tests.helpers import ANSWERS, raise_concern, receipt_from


def welsh(client: Client) -> Client:
    client.get("/language/cy/")
    return client


def test_the_start_page_and_the_raise_form_are_in_welsh(client: Client, network) -> None:
    welsh(client)
    home = html.unescape(client.get("/").content.decode())
    assert '<html lang="cy"' in home
    assert "Codi pryder" in home and "Sut mae'n gweithio" in home
    assert "Raise a concern" not in home
    start = html.unescape(client.get("/raise/").content.decode())
    assert "Cyn i chi ddechrau" in start and "Pwy fydd yn gweld beth" in start
    client.post(f"/raise/{network.slug}/")
    question = client.get("/raise/what-happened/").content.decode()
    assert "Beth ddigwyddodd?" in question and "Cwestiwn 1 o 10" in question
    refused = client.post("/raise/what-you-want/", {}).content.decode()
    assert "Mae problem" in refused
    assert "Dewiswch beth hoffech chi ddigwydd" in refused
    assert "<title>Gwall:" in refused


def test_the_answers_and_the_receipt_are_in_welsh(client: Client, network) -> None:
    welsh(client)
    confirmation = raise_concern(client)
    assert "Mae eich pryder wedi'i anfon" in html.unescape(confirmation)
    assert ANSWERS["passphrase"]["own"] in confirmation
    receipt = receipt_from(confirmation)
    client.post("/raise/confirmation/")
    page = html.unescape(client.get("/track/concern/").content.decode())
    assert "Pwy sydd wedi agor eich pryder" in page
    # The access list in Welsh words: who, then what they did.
    assert "Chi: codi'r pryder" in page
    assert Case.objects.get().language == "cy"
    assert receipt
    # Their copy of it, too.
    copy = client.get("/track/concern/download/pdf/")
    pages = pypdf.PdfReader(io.BytesIO(copy.content)).pages
    text = "".join(page.extract_text() for page in pages).replace("\x00", "")
    # pypdf gives this font's text back with its letters spaced out: compare without spaces.
    assert "Pwyagorodd eich pryder".replace(" ", "") in text.replace(" ", "")
    assert "Newydd" in text.replace(" ", "")
    assert "Tudalen1o" in text.replace(" ", "")


def test_a_raisers_emails_are_in_the_language_they_chose(
    client: Client, make_user, network, django_capture_on_commit_callbacks
) -> None:
    welsh(client)
    raise_concern(client)
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_messages.send_message(case, "Can we meet?", from_raiser=False, author=champion)
    [email] = mail.outbox
    assert email.to == [ANSWERS["contact"]["email"]]
    assert email.subject == "Lle Diogel"
    assert email.body.startswith("Mae gennych chi neges newydd.")
    assert "Mewngofnodwch i Lle Diogel" in email.body


def test_staff_emails_stay_in_english_whatever_the_raiser_reads(
    client: Client, make_user, network, django_capture_on_commit_callbacks
) -> None:
    raise_concern(welsh(client))
    client.post("/raise/confirmation/")
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/track/concern/message/", {"body": "Diolch"})
    [email] = mail.outbox
    assert email.to == [champion.email]
    assert email.subject == "Safe Space"
    assert email.body.startswith("You have a new message.")


def test_a_raiser_who_comes_back_in_english_gets_english_emails(
    client: Client, make_user, network, django_capture_on_commit_callbacks
) -> None:
    receipt = receipt_from(raise_concern(welsh(client)))
    assert Case.objects.get().language == "cy"
    back = Client()
    back.post("/track/", {"receipt": receipt, "passphrase": ANSWERS["passphrase"]["own"]})
    case = Case.objects.get()
    assert case.language == settings.LANGUAGE_CODE
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_messages.send_message(case, "Hello", from_raiser=False, author=None)
    assert mail.outbox[0].body.startswith("You have a new message.")


def test_what_is_still_being_followed_up_is_in_welsh(
    client: Client, make_user, network, django_capture_on_commit_callbacks
) -> None:
    raise_concern(welsh(client))
    client.post("/raise/confirmation/")
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    manager = make_user("manager@example.org", (network, Role.MANAGER))
    assign.assign_champion(case, champion, actor=None)
    meeting = plans.schedule_meeting(
        case,
        champion,
        starts=timezone.now(),
        minutes_long=60,
        place="Room 1",
        managers=[manager],
        raiser_attends=True,
        director_attends=False,
    )
    plans.add_action(
        meeting,
        champion,
        description="Review the rota",
        owner=manager,
        due=timezone.localdate(),
        shared_with_raiser=True,
    )
    stages.move(case, Stage.LISTENING)
    aftercare.close(case, champion, outcome=Outcome.PARTLY, formal_process="", summary="Done.")
    page = html.unescape(client.get("/track/concern/").content.decode())
    assert "Wedi'i ddatrys yn rhannol" in page
    assert "Review the rota (heb ddechrau)" in page
