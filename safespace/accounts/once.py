"""Each form page acts once, however many times it is sent.

A form page carries a fresh random token (`{% load once %}{% once_field %}` beside the CSRF
token). `OnceMiddleware` runs every view sent such a token inside one transaction that first
records the token: the first send records it and goes ahead; a second send of that page (a
double click without JavaScript, a resend after a slow answer, two at the same moment from two
tabs) finds it recorded, or waits on the unique index until the first is done, makes nothing
twice, and is answered as the first was: sent to the same page, with a note that it was
already done. A send that changes nothing (the form is shown again with its errors, keeping its
token) gives the token back, so correcting and sending still acts once. A page sent without a
token (one opened before this existed, a sign-in form) goes through as usual.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from safespace.accounts.models import SentForm
from safespace.keystore import crypto, integrity
from safespace.lib import busy

logger = logging.getLogger(__name__)

FIELD = "once"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEPT_FOR = timedelta(days=1)
ALREADY = "That was already sent, so nothing has been done twice"


def new_token() -> str:
    return secrets.token_hex(16)


def _answer_key(token: str) -> str:
    return f"once-answer:{token}"


def claim(token: str) -> bool:
    """Record the token; False when it was already recorded (wait for a send in flight)."""
    SentForm.objects.filter(sent__lt=timezone.now() - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            SentForm.objects.create(token=token)
    except IntegrityError:
        return False
    return True


SPENT = "once_spent"


def outside_transaction(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose work is its own series of short transactions (a sliced import).

    Its token is recorded in a transaction of its own before the view runs, so a second send
    finds it at once, and is given back if the view fails or changes nothing. A view that did
    some of its work and shows its form again (an import with some rows refused) sets
    `request.once_spent`, so the rows already in are not imported twice and the form shown
    carries a fresh token for the corrected file.
    """
    view.once_outside_transaction = True  # type: ignore[attr-defined]
    return view


def spend(request: HttpRequest) -> None:
    """Say that this send did something even though its form is shown again."""
    setattr(request, SPENT, True)


class OnceMiddleware:
    """Run a view sent with a one-time token once; last in MIDDLEWARE, as it calls the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method != "POST":
            return None
        token = request.POST.get(FIELD, "")
        if not TOKEN.match(token):
            return None
        if getattr(view, "once_outside_transaction", False):
            return self._outside(request, view, args, kwargs, token)
        try:
            with transaction.atomic():
                if not claim(token):
                    return self._already(request, token)
                response = view(request, *args, **kwargs)
                if isinstance(response, TemplateResponse):
                    response.render()
                if response.status_code in (301, 302, 303):
                    cache.set(_answer_key(token), response["Location"], KEPT_FOR.total_seconds())
                else:
                    # Nothing was done (the form is shown again): the token is not spent.
                    SentForm.objects.filter(token=token).delete()
                return response
        except OperationalError as error:
            if not busy.is_busy(error):
                raise
            return busy.busy_page(request)
        except crypto.DecryptionFailed as error:
            # Raised here, where the view runs, process_exception would never see it.
            return integrity.broken_page(request, error)

    def _outside(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        token: str,
    ) -> HttpResponse:
        with transaction.atomic():
            if not claim(token):
                return self._already(request, token)
        try:
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
        except BaseException:
            SentForm.objects.filter(token=token).delete()
            raise
        if response.status_code in (301, 302, 303):
            cache.set(_answer_key(token), response["Location"], KEPT_FOR.total_seconds())
        elif not getattr(request, SPENT, False):
            SentForm.objects.filter(token=token).delete()
        return response

    @staticmethod
    def _already(request: HttpRequest, token: str) -> HttpResponse:
        messages.info(request, ALREADY)
        return redirect(cache.get(_answer_key(token)) or request.path)
