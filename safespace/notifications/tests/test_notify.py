"""GOV.UK Notify as the email backend: the right request, a valid token, and never the network."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any
from unittest import mock

import pytest
import requests
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.test import override_settings

from safespace.lib import mail
from safespace.notifications import notify
from safespace.notifications.models import SentEmail
from tests.helpers import manage, read_settings

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
NOTIFY = {
    "EMAIL_BACKEND": mail.NOTIFY_BACKEND,
    "NOTIFY_API_KEY": f"safespace_live-{SERVICE_ID}-{SECRET}",
    "NOTIFY_TEMPLATE_ID": TEMPLATE_ID,
    "NOTIFY_API_URL": "https://api.notifications.service.gov.uk",
}


def unpadded(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def decode(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check the signature as Notify does, and give back the header and the claims."""
    header, claims, signature = token.split(".")
    expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(unpadded(signature), expected)
    return json.loads(unpadded(header)), json.loads(unpadded(claims))


def test_the_token_is_an_hs256_jwt_issued_by_the_service_now() -> None:
    header, claims = decode(notify.token(NOTIFY["NOTIFY_API_KEY"], now=1_800_000_000.7))
    assert header == {"typ": "JWT", "alg": "HS256"}
    assert claims == {"iss": SERVICE_ID, "iat": 1_800_000_000}


def test_a_key_that_is_not_a_notify_key_is_refused() -> None:
    with pytest.raises(ValueError, match="not a GOV\\.UK Notify API key"):
        notify.token("not-a-key")


@override_settings(**NOTIFY)
def test_with_its_key_set_email_posts_the_right_payload_to_notify(db) -> None:
    with mock.patch("safespace.notifications.notify.requests.post") as post:
        mail.send("owner@example.org", "digest", "Safe Space", "There is something to see.")
    (call,) = post.call_args_list
    assert call.args == ("https://api.notifications.service.gov.uk/v2/notifications/email",)
    assert call.kwargs["json"] == {
        "email_address": "owner@example.org",
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": "Safe Space", "body": "There is something to see."},
    }
    assert call.kwargs["timeout"] == notify.TIMEOUT_SECONDS
    scheme, token = call.kwargs["headers"]["Authorization"].split()
    assert scheme == "Bearer"
    _, claims = decode(token)
    assert claims["iss"] == SERVICE_ID and abs(claims["iat"] - time.time()) < 60
    post.return_value.raise_for_status.assert_called_once_with()
    assert django_mail.outbox == []
    assert SentEmail.objects.get().template == "digest"


@override_settings(**NOTIFY)
def test_a_refusal_from_notify_reaches_the_caller_and_is_not_recorded(db) -> None:
    with mock.patch("safespace.notifications.notify.requests.post") as post:
        post.return_value.raise_for_status.side_effect = requests.HTTPError("400")
        with pytest.raises(requests.HTTPError):
            mail.send("owner@example.org", "digest", "Safe Space", "x")
    assert not SentEmail.objects.exists()


@override_settings(**NOTIFY)
def test_failing_silently_counts_only_what_notify_accepted(caplog) -> None:
    messages = [EmailMessage("Safe Space", "x", to=[f"{n}@example.org"]) for n in "ab"]
    with mock.patch("safespace.notifications.notify.requests.post") as post:
        post.side_effect = [requests.ConnectionError("down"), mock.DEFAULT]
        sent = notify.NotifyEmailBackend(fail_silently=True).send_messages(messages)
    assert sent == 1
    assert "a@example.org" not in caplog.text


def test_the_settings_choose_notify_when_its_key_is_set(tmp_path) -> None:
    env = {
        "SAFESPACE_ENV": "development",
        "SAFESPACE_DATA_DIR": str(tmp_path),
        "NOTIFY_API_KEY": NOTIFY["NOTIFY_API_KEY"],
        "NOTIFY_TEMPLATE_ID": TEMPLATE_ID,
    }
    assert read_settings(env, "EMAIL_BACKEND") == {"EMAIL_BACKEND": mail.NOTIFY_BACKEND}
    without = {k: v for k, v in env.items() if not k.startswith("NOTIFY_")}
    assert read_settings(without, "EMAIL_BACKEND")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_a_notify_key_without_a_template_stops_the_service_with_a_fix(tmp_path) -> None:
    env = {
        "SAFESPACE_ENV": "development",
        "SAFESPACE_DATA_DIR": str(tmp_path),
        "NOTIFY_API_KEY": NOTIFY["NOTIFY_API_KEY"],
    }
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "set NOTIFY_TEMPLATE_ID" in result.stderr
