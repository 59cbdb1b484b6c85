"""An email backend that sends nothing and says so."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class UnsentEmailBackend(BaseEmailBackend):
    """Drops every message and reports none sent, so the record of sent email stays true.

    Django's dummy backend reports each message as sent; seeding the demo with it left the
    record claiming emails that never went.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        return 0
