"""A sealed value that does not open was altered or moved in the database: say so, show none of it.

Every sealed value is bound to its case, field and row (safespace/keystore/crypto.py), so ciphertext
copied from one row to another, or changed at all, fails to open. That is never shown as "there
is a problem with the service": the person is told plainly that part of the case could not be
opened safely and nothing of it is shown, and the operators get a log line naming the case and
field (never any content) so they can restore it from a backup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from safespace.keystore import crypto

logger = logging.getLogger(__name__)

# The case as stored conflicts with its seals: not the person's fault, and not a passing fault
# that trying again would cure.
STATUS = 409


class SealBrokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, crypto.DecryptionFailed):
            return None
        return broken_page(request, exception)


def broken_page(request: HttpRequest, error: crypto.DecryptionFailed) -> HttpResponse:
    logger.error(
        "A sealed value did not open (case %s, field %s): it was altered or moved in the "
        "database; restore it from a backup",
        error.case_code or "unknown",
        error.field or "unknown",
    )
    return TemplateResponse(request, "sealed_broken.html", status=STATUS).render()
