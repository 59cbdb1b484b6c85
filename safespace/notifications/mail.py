"""Every email Safe Space sends goes through `send`, which also records that it went.

The route is Django's email backend: SMTP when EMAIL_HOST is set, GOV.UK Notify when
NOTIFY_API_KEY is set (safespace/notifications/notify.py), the console in development. Emails
say only that there is something to see, with a link; the record keeps the recipient (as a
keyed hash), the template's name and the time, never the subject or the words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext

from safespace.lib import keyed
from safespace.notifications.models import SentEmail

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# (file name, content, MIME type), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes | str, str]

SUBJECT = "Safe Space"
NOTIFY_BACKEND = "safespace.notifications.notify.NotifyEmailBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def link() -> str:
    """Where every email points: the service's front door, never a page about a case."""
    return f"{settings.SAFESPACE_BASE_URL.rstrip('/')}/"


def recipient_key(address: str) -> str:
    """An address as the records keep it: keyed by its own key, so a dump cannot be searched."""
    normalised = address.strip().lower()
    return keyed.digest(keyed.Purpose.EMAIL_RECIPIENT, normalised.encode())


def recipient_keys(address: str) -> list[str]:
    """Every form the records may keep an address in: as now, then as keyed from SECRET_KEY
    (and any fallbacks) before addresses had their own key."""
    normalised = address.strip().lower()
    legacy = [
        salted_hmac("safespace.lib.mail.recipient", normalised, secret, algorithm="sha256")
        for secret in keyed.legacy_secrets()
    ]
    return [recipient_key(address), *(h.hexdigest() for h in legacy)]


def send(
    recipient: str,
    template_name: str,
    subject: str,
    body: str,
    attachments: Iterable[Attachment] = (),
) -> None:
    """Send one email to one person and record that it went. Errors reach the caller."""
    files = list(attachments)
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient],
        connection=_connection(with_attachments=bool(files)),
    )
    for filename, content, mimetype in files:
        message.attach(filename, content, mimetype)
    if message.send():
        SentEmail.objects.create(recipient=recipient_key(recipient), template=template_name)


def notify(
    recipients: Iterable[str], subject: StrOrPromise, template: str = "", language: str = ""
) -> None:
    """Email that says only that there is something to see: never a word of the case.

    The template's name, which the sent-email record keeps, is the subject's slug in English
    unless given ("a-new-concern-has-arrived"). The words are in `language`, the one a raiser
    chose (a subject marked with gettext_lazy is translated), else the service's own: never
    the language of whoever's request happened to send it.
    """
    addresses = sorted({a for a in recipients if a})
    with translation.override(settings.LANGUAGE_CODE):
        name = template or slugify(str(subject))
    with translation.override(language or settings.LANGUAGE_CODE):
        body = gettext("%(subject)s.\n\nSign in to Safe Space to see it: %(link)s\n") % {
            "subject": subject,
            "link": link(),
        }
        title = gettext(SUBJECT)
    for address in addresses:
        send(address, name, title, body)


def _connection(*, with_attachments: bool) -> BaseEmailBackend | None:
    """Notify cannot carry a calendar file, so those go by SMTP when it is set up as well."""
    if with_attachments and settings.EMAIL_BACKEND == NOTIFY_BACKEND and settings.EMAIL_HOST:
        return get_connection(SMTP_BACKEND)
    return None  # the configured backend
