"""The data protection officer exports a named concern to answer a subject access request."""

from __future__ import annotations

import io
import json

import pypdf
import pytest

from safespace.accounts.models import Role
from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from safespace.dataprotection.services import REVIEW
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def test_the_concern_page_offers_the_export_and_erasure(client, officer, named) -> None:
    body = sign_in(client, officer).get(f"/data-protection/concerns/{named.code}/").content.decode()
    assert f'href="/data-protection/concerns/{named.code}/export.json" download' in body
    assert f'href="/data-protection/concerns/{named.code}/export.pdf" download' in body
    assert f'href="/data-protection/concerns/{named.code}/erase/"' in body
    # The page itself opens nothing of the concern.
    assert "Mr Grey" not in body and "Ada Example" not in body


def test_the_export_holds_the_concern_and_marks_what_to_review(client, officer, named) -> None:
    response = sign_in(client, officer).get(f"/data-protection/concerns/{named.code}/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="subject-access-{named.reference}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    copy = json.loads(response.content)
    held = copy["concern"]
    assert held["reference"] == named.reference
    assert held["your_name"] == "Ada Example"
    marked = {"text": "Mr Grey laughed when I asked about my grading.", "review": REVIEW}
    assert held["what_happened"] == marked
    assert held["messages"][0]["text"] == {"text": "Can we talk on Monday?", "review": REVIEW}
    # The notes kept from the raiser are theirs to ask for too, marked like the rest.
    assert held["notes_not_shared_with_you"][0]["text"] == {
        "text": "Spoke to Mr Grey's manager.",
        "review": REVIEW,
    }
    assert {"what_happened", "messages[0].text", "notes_not_shared_with_you[0].text"} <= set(
        copy["review_before_release"]
    )
    assert {"name": "Champion", "part": "Champion"} in copy["third_parties"]
    assert {"name": "Champion", "part": "Wrote notes"} in copy["third_parties"]
    assert "withhold what is about someone else" in copy["before_release"]


def test_the_export_is_recorded_as_the_officers_read(client, officer, named) -> None:
    before = named.updated
    sign_in(client, officer).get(f"/data-protection/concerns/{named.code}/export.json")
    events = AuditEvent.objects.filter(object_code=str(named.code), actor_code=str(officer.code))
    assert set(events.values_list("actor_role", flat=True)) == {"dpo"}
    assert {AuditAction.CASE_SUBJECT_ACCESS_READ, AuditAction.CASE_READ} <= set(
        events.values_list("action", flat=True)
    )
    # A read, not a change: the case lists' "last activity" does not move.
    named.refresh_from_db()
    assert named.updated == before


def test_the_export_as_a_document_marks_what_to_review(client, officer, named) -> None:
    response = sign_in(client, officer).get(f"/data-protection/concerns/{named.code}/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    # pypdf gives this font's text back with its letters spaced out: compare without spaces.
    words = "".join(text.replace("\x00", "").split())
    assert "MrGreylaughedwhenIaskedaboutmygrading." in words
    assert "Reviewforthird-partydatabeforerelease" in words
    assert "Thirdparties" in words and "Champion:Wrotenotes" in words
    assert "SpoketoMrGrey'smanager." in words


def test_an_anonymous_concern_is_not_exported(client, officer, anonymous) -> None:
    sign_in(client, officer)
    for page in ("", "export.json", "export.pdf"):
        assert client.get(f"/data-protection/concerns/{anonymous.code}/{page}").status_code == 404


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.DIRECTOR, Role.INSIGHT])
def test_nobody_else_may_export(client, make_user, network, named, role: Role) -> None:
    sign_in(client, make_user(f"someone.{role}@example.org", (network, role)))
    for page in ("", "export.json", "export.pdf"):
        assert client.get(f"/data-protection/concerns/{named.code}/{page}").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_SUBJECT_ACCESS_READ).exists()


def test_an_officer_of_another_network_may_not_export(
    client, make_user, other_network, named
) -> None:
    sign_in(client, make_user("dpo.other@example.org", (other_network, Role.DPO)))
    assert client.get(f"/data-protection/concerns/{named.code}/export.json").status_code == 404
