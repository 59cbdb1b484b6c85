"""GOV.UK Notify as Django's email backend, through Notify's REST API.

Notify sends only from templates made in its dashboard, so the service has one email template
whose subject is `((subject))` and whose body is `((body))`; NOTIFY_TEMPLATE_ID names it. The
API authenticates with a JSON Web Token (HS256) made here from the API key, which ends with the
service id and the secret, each a 36-character UUID.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Sequence
from typing import Any

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

PATH = "/v2/notifications/email"
UUID_LENGTH = 36
TIMEOUT_SECONDS = 10


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def key_parts(api_key: str) -> tuple[str, str]:
    """(service id, secret) from a key shaped "name-{service id}-{secret}"."""
    if len(api_key) < 2 * UUID_LENGTH + 1 or api_key[-(UUID_LENGTH + 1)] != "-":
        raise ValueError("NOTIFY_API_KEY is not a GOV.UK Notify API key.")
    return api_key[-(2 * UUID_LENGTH + 1) : -(UUID_LENGTH + 1)], api_key[-UUID_LENGTH:]


def token(api_key: str, now: float | None = None) -> str:
    """The bearer token Notify wants: issuer the service id, issued now, signed with the secret."""
    service_id, secret = key_parts(api_key)
    issued = int(time.time() if now is None else now)
    signing_input = (
        f"{_b64(_json({'typ': 'JWT', 'alg': 'HS256'}))}."
        f"{_b64(_json({'iss': service_id, 'iat': issued}))}"
    )
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


class NotifyEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if message.attachments:
                # Notify sends files only as download links, and never calendar files.
                logger.warning(
                    "GOV.UK Notify cannot carry attachments, so an email went without its "
                    "attachment. Set EMAIL_HOST too and emails with attachments go by SMTP."
                )
            try:
                for address in message.recipients():
                    self._post(address, str(message.subject), str(message.body))
            except requests.RequestException:
                if not self.fail_silently:
                    raise
                logger.exception("GOV.UK Notify refused an email")
                continue
            sent += 1
        return sent

    def _post(self, address: str, subject: str, body: str) -> None:
        response = requests.post(
            f"{settings.NOTIFY_API_URL.rstrip('/')}{PATH}",
            json={
                "email_address": address,
                "template_id": settings.NOTIFY_TEMPLATE_ID,
                "personalisation": {"subject": subject, "body": body},
            },
            headers={
                "Authorization": f"Bearer {token(settings.NOTIFY_API_KEY)}",
                "User-Agent": "safespace",
            },
            timeout=TIMEOUT_SECONDS,
        )
        response.raise_for_status()
