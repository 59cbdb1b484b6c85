"""Who runs the service, as every page names them: one network, or several.

A page about one network's concern names that network instead: the raise form's views pass
`network_words` on, and the raiser's own pages set `request.network` (policy.raiser_page).

Every page names them, so the list is kept for a short while in each process rather than read
on every request: a network renamed or added shows everywhere within SECONDS (at once in the
process that saved it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from safespace.accounts.models import Network

SECONDS = 30.0


@dataclass(frozen=True)
class _Named:
    name: str
    contact_email: str
    first_contact_days: int


_kept: tuple[float, tuple[_Named, ...]] | None = None


def forget_networks(**_: object) -> None:
    """Read the networks afresh at the next page (a network saved or deleted, a new test)."""
    global _kept
    _kept = None


def _networks() -> tuple[_Named, ...]:
    global _kept
    now = time.monotonic()
    if _kept is None or now - _kept[0] > SECONDS:
        try:
            rows = Network.objects.values_list("name", "contact_email", "first_contact_days")
            _kept = (now, tuple(_Named(*row) for row in rows))
        except DatabaseError:
            # The error page, with the database down: it names the service's own address.
            return ()
    return _kept[1]


def network_words(network: Network | _Named) -> dict[str, Any]:
    """The names, address and promise of one network, for the pages about its concerns."""
    return {
        "network": network,
        "network_name": network.name,
        "contact_email": network.contact_email or settings.SAFESPACE_CONTACT_EMAIL,
        "first_contact_days": network.first_contact_days,
    }


def network(request: HttpRequest) -> dict[str, Any]:
    own = getattr(request, "network", None)
    if isinstance(own, Network):
        return network_words(own)
    networks = _networks()
    if len(networks) == 1:
        return {**network_words(networks[0]), "network": None}
    return {
        # "Run by the staff networks at …", "Contact the staff networks".
        "network_name": _("staff networks") if len(networks) > 1 else _("staff network"),
        "contact_email": settings.SAFESPACE_CONTACT_EMAIL,
        # The slowest promise any network makes, so no page promises more than one keeps.
        "first_contact_days": max(
            (n.first_contact_days for n in networks), default=settings.SAFESPACE_FIRST_CONTACT_DAYS
        ),
    }
