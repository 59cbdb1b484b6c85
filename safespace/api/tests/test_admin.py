"""The administrator makes API tokens on the configuration site, sees each once, revokes them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.http import HttpResponse
from django.utils import timezone

from safespace.api import tokens
from safespace.api.models import Token
from safespace.api.scopes import Scope
from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from tests.helpers import api_call, sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

ADD = "/configuration/api/token/add/"


def make(client, hr, **changes) -> HttpResponse:
    form = {
        "name": "HR system, nightly",
        "user": str(hr.pk),
        "scopes": [Scope.HR_EVENTS.value, Scope.REFERENCE.value],
        "expires": str(timezone.localdate() + datetime.timedelta(days=90)),
        **changes,
    }
    return client.post(ADD, form)


def test_a_token_made_on_the_configuration_site_is_shown_once_and_works(client, admin, hr):
    sign_in(client, admin)
    response = make(client, hr)
    assert response.status_code == 200
    secret = re.search(r'value="(ssapi_[^"]+)"', response.content.decode())[1]
    assert response.headers["Cache-Control"] == "no-store"
    token = Token.objects.get()
    assert token.digest == tokens.digest(secret)
    assert token.scopes == ["hr-events", "reference"]
    assert token.created_by == admin
    assert api_call("GET", "/api/v1/networks", secret).status_code == 200
    # Nowhere on the site shows it again.
    for page in ("/configuration/api/token/", f"/configuration/api/token/{token.pk}/change/"):
        body = client.get(page).content.decode()
        assert token.prefix in body
        assert secret not in body
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_CREATE).count() == 1


def test_a_token_must_expire_within_a_year_and_have_a_purpose(client, admin, hr):
    sign_in(client, admin)
    for changes, message in (
        ({"expires": str(timezone.localdate())}, "must be in the future"),
        ({"expires": str(timezone.localdate() + datetime.timedelta(days=400))}, "within 366"),
        ({"scopes": []}, "Select at least one"),
    ):
        response = make(client, hr, **changes)
        assert message in response.content.decode(), changes
    assert not Token.objects.exists()


def test_the_administrator_revokes_a_token_and_it_stops_at_once(client, admin, hr):
    sign_in(client, admin)
    secret = re.search(r'value="(ssapi_[^"]+)"', make(client, hr).content.decode())[1]
    token = Token.objects.get()
    client.post(
        "/configuration/api/token/",
        {"action": "revoke", "_selected_action": [str(token.pk)]},
    )
    token.refresh_from_db()
    assert token.revoked is not None
    assert api_call("GET", "/api/v1/networks", secret).status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_REVOKE).count() == 1


def test_nobody_but_the_administrator_makes_tokens(client, hr, make_user, network) -> None:
    sign_in(client, hr)
    assert make(client, hr).status_code in (302, 404)
    assert not Token.objects.exists()
