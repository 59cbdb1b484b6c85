"""Who runs the service, as every page names them: one network, or several.

A page about one network's concern (the raise form once a network is chosen, the raiser's own
pages) names that network instead, through `network_words`, which its view passes on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from safespace.accounts.models import Network


def network_words(network: Network) -> dict[str, Any]:
    """The names, address and promise of one network, for the pages about its concerns."""
    return {
        "network": network,
        "network_name": network.name,
        "contact_email": network.contact_email or settings.SAFESPACE_CONTACT_EMAIL,
        "first_contact_days": network.first_contact_days,
    }


def network(request: HttpRequest) -> dict[str, Any]:
    networks = list(Network.objects.only("name", "contact_email", "first_contact_days"))
    if len(networks) == 1:
        return network_words(networks[0])
    return {
        # "Run by the staff networks at …", "Contact the staff networks".
        "network_name": "staff networks" if len(networks) > 1 else "staff network",
        "contact_email": settings.SAFESPACE_CONTACT_EMAIL,
        # The slowest promise any network makes, so no page promises more than one keeps.
        "first_contact_days": max(
            (n.first_contact_days for n in networks), default=settings.SAFESPACE_FIRST_CONTACT_DAYS
        ),
    }
