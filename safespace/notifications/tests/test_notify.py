"""GOV.UK Notify as the email backend: the right request, a valid token, and never the network:
the client is pointed at a fake Notify on this machine."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from notifications_python_client.errors import APIError

from safespace.notifications import mail, notify
from safespace.notifications.models import SentEmail
from tests.helpers import manage, read_settings

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
API_KEY = f"safespace_live-{SERVICE_ID}-{SECRET}"


@dataclass
class FakeNotify:
    """Notify's email endpoint on this machine: what it was sent, and what it answers next."""

    url: str
    received: list[tuple[str, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


@pytest.fixture
def notify_api(settings) -> Iterator[FakeNotify]:
    fake = FakeNotify(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.received.append((self.path, dict(self.headers), body))
            status, answer = fake.answers.pop(0) if fake.answers else (201, {"id": "sent"})
            content = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_port}"
    settings.EMAIL_BACKEND = mail.NOTIFY_BACKEND
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_API_URL = fake.url
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def unpadded(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def decode(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check the signature as Notify does, and give back the header and the claims."""
    header, claims, signature = token.split(".")
    expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(unpadded(signature), expected)
    return json.loads(unpadded(header)), json.loads(unpadded(claims))


def test_a_key_that_is_not_a_notify_key_is_refused() -> None:
    with pytest.raises(ValueError, match="not a GOV\\.UK Notify API key"):
        notify.client("not-a-key")


def test_with_its_key_set_email_posts_the_right_payload_to_notify(db, notify_api) -> None:
    mail.send("owner@example.org", "digest", "Safe Space", "There is something to see.")
    ((path, headers, body),) = notify_api.received
    assert path == "/v2/notifications/email"
    assert body == {
        "email_address": "owner@example.org",
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": "Safe Space", "body": "There is something to see."},
    }
    scheme, token = headers["Authorization"].split()
    assert scheme == "Bearer"
    header, claims = decode(token)
    assert header["alg"] == "HS256"
    assert claims["iss"] == SERVICE_ID and abs(claims["iat"] - time.time()) < 60
    assert django_mail.outbox == []
    assert SentEmail.objects.get().template == "digest"


def test_the_client_waits_for_notify_no_longer_than_the_timeout(settings) -> None:
    settings.NOTIFY_API_URL = "http://127.0.0.1:9"
    assert notify.client(API_KEY).timeout == notify.TIMEOUT_SECONDS


def test_a_refusal_from_notify_reaches_the_caller_and_is_not_recorded(db, notify_api) -> None:
    notify_api.answers.append((400, {"errors": [{"error": "BadRequestError"}]}))
    with pytest.raises(APIError) as refused:
        mail.send("owner@example.org", "digest", "Safe Space", "x")
    assert refused.value.status_code == 400
    assert not SentEmail.objects.exists()


def test_failing_silently_counts_only_what_notify_accepted(notify_api, caplog) -> None:
    messages = [EmailMessage("Safe Space", "x", to=[f"{n}@example.org"]) for n in "ab"]
    notify_api.answers.append((503, {"errors": [{"error": "Unavailable"}]}))
    sent = notify.NotifyEmailBackend(fail_silently=True).send_messages(messages)
    assert sent == 1
    assert [body["email_address"] for _, _, body in notify_api.received] == [
        "a@example.org",
        "b@example.org",
    ]
    assert "a@example.org" not in caplog.text


def test_the_settings_choose_notify_when_its_key_is_set(tmp_path) -> None:
    env = {
        "SAFESPACE_ENV": "development",
        "SAFESPACE_DATA_DIR": str(tmp_path),
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_TEMPLATE_ID": TEMPLATE_ID,
    }
    assert read_settings(env, "EMAIL_BACKEND") == {"EMAIL_BACKEND": mail.NOTIFY_BACKEND}
    without = {k: v for k, v in env.items() if not k.startswith("NOTIFY_")}
    assert read_settings(without, "EMAIL_BACKEND")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_a_notify_key_without_a_template_stops_the_service_with_a_fix(tmp_path) -> None:
    env = {
        "SAFESPACE_ENV": "development",
        "SAFESPACE_DATA_DIR": str(tmp_path),
        "NOTIFY_API_KEY": API_KEY,
    }
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "set NOTIFY_TEMPLATE_ID" in result.stderr
