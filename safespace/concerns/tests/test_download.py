"""A raiser downloads everything held about their concern, and the download is recorded."""

from __future__ import annotations

import io
import json

import pypdf
from django.test import Client

from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case
from tests.helpers import opens_a_concern, raise_concern, receipt_from


def test_the_raiser_downloads_what_their_page_shows(client, network) -> None:
    page = raise_concern(client)
    client.post("/track/concern/message/", {"body": "Is there any news?"})
    response = client.get("/track/concern/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    case = Case.objects.get()
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="safe-space-{case.reference}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    held = json.loads(response.content)
    assert held["reference"] == case.reference
    assert held["network"] == network.name
    assert held["what_happened"].startswith("Comments about my hair at the team meeting.")
    assert held["how_to_contact_you"] == "me@example.com"
    assert [m["text"] for m in held["messages"]] == ["Is there any news?"]
    assert held["sharing"]["director_of_wellbeing"]
    # The download is recorded as the raiser's own read, not shown to them as someone else's.
    assert AuditEvent.objects.filter(
        action=AuditAction.CASE_COPY_READ, actor_role="raiser"
    ).exists()
    assert all("downloaded" not in row["what"] for row in held["who_opened_your_concern"])
    assert opens_a_concern(receipt_from(page))


def test_without_a_receipt_session_there_is_nothing_to_download(network) -> None:
    response = Client().get("/track/concern/download/")
    assert response.status_code == 302
    assert response["Location"] == "/track/"


def test_the_raisers_page_offers_the_copy(client, network) -> None:
    raise_concern(client)
    body = client.get("/track/concern/").content.decode()
    assert 'href="/track/concern/download/" download' in body
    assert 'href="/track/concern/download/pdf/" download' in body


def test_the_raiser_downloads_a_document_they_can_read(client, network) -> None:
    raise_concern(client)
    response = client.get("/track/concern/download/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    # pypdf gives this font's text back with its letters spaced out: compare without spaces.
    words = "".join(text.replace("\x00", "").split())
    assert "Commentsaboutmyhairattheteammeeting." in words
    assert "me@example.com" in words and "RaceEqualityNetwork" in words
    reference = Case.objects.get().reference
    assert response["Content-Disposition"] == f'attachment; filename="safe-space-{reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
