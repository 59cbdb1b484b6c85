"""Messages between the raiser and their champions."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, ContactMethod, Message
from safespace.cases.services.sealed import CONTACT, MESSAGE, RAISER, case_row, message_row
from safespace.keystore import crypto
from safespace.notifications.mail import notify


def send_message(case: Case, body: str, *, from_raiser: bool, author: User | None) -> Message:
    with transaction.atomic():
        message = Message(case=case, from_raiser=from_raiser, author=author)
        message.body = crypto.seal(case.code, MESSAGE, body, message_row(message))
        message.save()
        audit_case(author, AuditAction.MESSAGE_SEND, case, role=RAISER if from_raiser else None)
        if from_raiser:
            champions = case.assignments.filter(ended_at__isnull=True).values_list(
                "champion__email", flat=True
            )
            transaction.on_commit(lambda: notify(champions, _("You have a new message")))
        elif case.contact_method == ContactMethod.EMAIL:
            address = crypto.unseal(
                case.code, CONTACT, bytes(case.contact_details or b""), case_row(case)
            )
            subject = _("You have a new message")
            transaction.on_commit(lambda: notify([address], subject, language=case.language))
    return message
