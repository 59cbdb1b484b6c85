"""A database still busy after the wait is a moment's delay for the person, not an error.

Writers queue for SQLite's one write lock for up to `SQLITE_BUSY_SECONDS` (settings), and long
imports write in short slices (safespace/lib/batches.py), so this should never be met. If it
is, the person is told plainly that nothing they sent was saved, that what they typed is still
in the form or this browser, and to send it again in a few seconds: a 503 with Retry-After,
never "there is a problem with the service".
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

RETRY_AFTER = 5


def is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, OperationalError) and ("is locked" in text or "is busy" in text)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        return busy_page(request)


def busy_page(request: HttpRequest) -> HttpResponse:
    logger.warning("The database stayed busy beyond the wait; asked the person to resend")
    response = TemplateResponse(request, "busy.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response.render()
