"""Becoming a champion: a public expression of interest and the lead's pipeline."""

from __future__ import annotations

from django.core import mail

from safespace.accounts.models import Role
from safespace.champions.models import Application, Pipeline
from tests.helpers import sign_in


def test_anyone_can_offer_to_help_and_the_lead_is_told_nothing_more(
    client, make_user, network, django_capture_on_commit_callbacks
):
    make_user("lead@example.org", (network, Role.LEAD))
    body = client.post("/champions/become-a-champion/", {"email": "not-an-email"}).content
    assert "Enter your name" in body.decode()
    assert "Enter an email address in the right format" in body.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/champions/become-a-champion/",
            {"full_name": "Kemi Ade", "email": "kemi@example.org", "why": "I want to help"},
        )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Pipeline.APPLIED and application.network == network
    (email,) = mail.outbox
    assert email.to == ["lead@example.org"]
    assert "Kemi" not in email.body and "help" not in email.subject


def test_the_pipeline_moves_in_order_only(client, make_user, network):
    lead = make_user("lead@example.org", (network, Role.LEAD))
    application = Application.objects.create(
        network=network, full_name="Kemi Ade", email="kemi@example.org"
    )
    sign_in(client, lead)
    url = f"/champions/applications/{application.code}/"
    body = client.post(url, {"status": Pipeline.ACTIVE}).content.decode()
    assert "Select where this application goes next" in body
    for status in (Pipeline.APPROVED, Pipeline.TRAINED, Pipeline.ACTIVE):
        client.post(url, {"status": status})
        application.refresh_from_db()
        assert application.status == status
    assert "Kemi Ade" in client.get("/champions/applications/").content.decode()
