"""Request ids for the audit trail and the security headers Django does not set itself."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request a random id, so audit events from one request can be grouped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_id.set(uuid.uuid4().hex)
        try:
            return self.get_response(request)
        finally:
            _request_id.reset(token)


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere; no-store on anything that is not a static file.

    Every page here either shows someone's concern or could be part of raising one, so no
    page may linger in a shared computer's cache or history.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store"
        return response


class CsrfViewMiddleware(csrf.CsrfViewMiddleware):
    """Django's CSRF protection, working with `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` with every form post and no Referer, so
    Django's origin and referer checks could never pass. The CSRF token (a secret the page
    holds and another site cannot read) is still required on every post, and the session
    cookie is SameSite, so a post from another site still fails.
    """

    def _origin_verified(self, request: HttpRequest) -> bool:
        if request.META.get("HTTP_ORIGIN") == "null":
            return True
        return bool(super()._origin_verified(request))  # type: ignore[misc]
