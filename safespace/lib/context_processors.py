"""Names the templates need on every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def service(request: HttpRequest) -> dict[str, str | int]:
    return {
        "organisation_name": settings.SAFESPACE_ORGANISATION,
        "phase": settings.SAFESPACE_PHASE,
        # Through the service, which ends the raiser's session and draft on the way out.
        "exit_url": reverse("concerns:exit"),
    }
