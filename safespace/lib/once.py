"""Each form page acts once, however many times it is sent.

A form page carries a fresh random token (`{% load once %}{% once_field %}` beside the CSRF
token). The view asks `first_send(request)` inside the same transaction as the change it
makes: the first send of a token records it and goes ahead; a second send of that page (a
double click without JavaScript, a resend after a slow answer) finds it recorded and makes
nothing twice. A page sent without a token (one opened before this existed) goes ahead.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from safespace.accounts.models import SentForm

FIELD = "once"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEPT_FOR = timedelta(days=1)


def new_token() -> str:
    return secrets.token_hex(16)


def first_send(request: HttpRequest) -> bool:
    """Whether this is the first time the page's form arrives; call it inside the transaction
    that makes the change, so a failed change leaves the token unspent for a retry."""
    token = request.POST.get(FIELD, "")
    if not TOKEN.match(token):
        return True
    SentForm.objects.filter(sent__lt=timezone.now() - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            SentForm.objects.create(token=token)
    except IntegrityError:
        return False
    return True
