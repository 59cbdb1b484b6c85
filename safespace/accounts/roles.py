"""Who holds which role in a network, asked by name, so no other part compares roles itself.

Whether someone may see or do something is the policy's question (safespace/policy.py). These
answer the other questions a service has about roles: whom to tell about something, who sits
in a network's champion pool, and which role someone acted in, for the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from safespace.accounts.models import Membership, Network, Role, User


def _roles(*, champions: bool, leads: bool, directors: bool, managers: bool) -> list[str]:
    wanted = {
        Role.CHAMPION: champions,
        Role.LEAD: leads,
        Role.DIRECTOR: directors,
        Role.MANAGER: managers,
    }
    return [role.value for role, asked in wanted.items() if asked]


def memberships_in(
    network_ids: Iterable[int],
    *,
    champions: bool = False,
    leads: bool = False,
    directors: bool = False,
    managers: bool = False,
    active_only: bool = True,
) -> QuerySet[Membership]:
    """The memberships of these networks in the roles asked for, of active people unless told."""
    found = Membership.objects.filter(
        network_id__in=list(network_ids),
        role__in=_roles(champions=champions, leads=leads, directors=directors, managers=managers),
    )
    return found.filter(user__is_active=True) if active_only else found


def people_in(
    network: Network | int,
    *,
    champions: bool = False,
    leads: bool = False,
    directors: bool = False,
    managers: bool = False,
    active_only: bool = True,
) -> QuerySet[User]:
    """The people holding any of the roles asked for in the network, active unless told.

    Someone holding two of them is there twice: ask .distinct() when asking for several.
    """
    roles = _roles(champions=champions, leads=leads, directors=directors, managers=managers)
    network_id = network.pk if isinstance(network, Network) else network
    if len(roles) == 1:
        found = User.objects.filter(memberships__network_id=network_id, memberships__role=roles[0])
    else:
        found = User.objects.filter(memberships__network_id=network_id, memberships__role__in=roles)
    return found.filter(is_active=True) if active_only else found


def champions(network: Network | int, *, active_only: bool = True) -> QuerySet[User]:
    """The network's champion pool."""
    return people_in(network, champions=True, active_only=active_only)


def lead_champions(network: Network | int) -> QuerySet[User]:
    """Who hears of a new concern, an application or anything else the lead acts on."""
    return people_in(network, leads=True)


def directors(network: Network | int) -> QuerySet[User]:
    """The network's Director(s) of Wellbeing."""
    return people_in(network, directors=True)


def senior_managers(network: Network | int) -> QuerySet[User]:
    """Those who may be invited to a meeting and own an action."""
    return people_in(network, managers=True)


def administers(user: User) -> bool:
    """Whether they run the configuration site (the site sits below the policy, so asks here)."""
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def is_lead(role: str) -> bool:
    """Whether a role someone acted in (User.strongest_role) is the lead champion's."""
    return role == Role.LEAD
