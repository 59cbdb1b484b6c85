"""GOV.UK Notify as Django's email backend, through Notify's own client.

Notify sends only from templates made in its dashboard, so the service has one email template
whose subject is `((subject))` and whose body is `((body))`; NOTIFY_TEMPLATE_ID names it. The
client (notifications-python-client) signs each request with the API key, which ends with the
service id and the secret, each a 36-character UUID.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)

UUID_LENGTH = 36
TIMEOUT_SECONDS = 10


def client(api_key: str) -> NotificationsAPIClient:
    """A client for NOTIFY_API_URL, or ValueError if the key is not shaped like Notify's."""
    # "name-{service id}-{secret}": the client cuts the key up by these lengths unchecked.
    if len(api_key) < 2 * UUID_LENGTH + 1 or api_key[-(UUID_LENGTH + 1)] != "-":
        raise ValueError("NOTIFY_API_KEY is not a GOV.UK Notify API key.")
    return NotificationsAPIClient(
        api_key, base_url=settings.NOTIFY_API_URL, timeout=TIMEOUT_SECONDS
    )


class NotifyEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        notify = client(settings.NOTIFY_API_KEY)
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
                    notify.send_email_notification(
                        email_address=address,
                        template_id=settings.NOTIFY_TEMPLATE_ID,
                        personalisation={
                            "subject": str(message.subject),
                            "body": str(message.body),
                        },
                    )
            except APIError:
                if not self.fail_silently:
                    raise
                logger.exception("GOV.UK Notify refused an email")
                continue
            sent += 1
        return sent
