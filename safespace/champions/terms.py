"""Which Terms of Reference are in force, and who has accepted them."""

from __future__ import annotations

from safespace.accounts import roles
from safespace.accounts.models import User
from safespace.champions.models import TermsOfReference


def current_terms(network_id: int) -> TermsOfReference | None:
    return TermsOfReference.objects.filter(network_id=network_id).order_by("-version").first()


def accepted_current_terms(network_id: int) -> set[int]:
    """The champions who have accepted the version in force (everyone, when there is none)."""
    terms = current_terms(network_id)
    if terms is None:
        return set(roles.champions(network_id, active_only=False).values_list("pk", flat=True))
    return set(terms.acceptances.values_list("champion_id", flat=True))


def has_accepted(user: User, network_id: int) -> bool:
    terms = current_terms(network_id)
    return terms is None or terms.acceptances.filter(champion=user).exists()
