"""Names the templates need on every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def service(request: HttpRequest) -> dict[str, str | int]:
    return {
        "organisation_name": settings.SAFESPACE_ORGANISATION,
        "network_name": settings.SAFESPACE_NETWORK,
        "phase": settings.SAFESPACE_PHASE,
        "contact_email": settings.SAFESPACE_CONTACT_EMAIL,
        # Through the service, which ends the raiser's session and draft on the way out.
        "exit_url": reverse("concerns:exit"),
        # "within 2 working days", as configured: the promise pages make must match the clock.
        "first_contact_days": settings.SAFESPACE_FIRST_CONTACT_DAYS,
    }
