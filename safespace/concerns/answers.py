"""What the raise form's answers become when sent: a new concern, matched to the staff directory.

The directory is consulted only here, after Send, so that no page of the form depends on whether
a name is in it. What the match finds feeds the conflict checks, holds and pattern alerts
(cases/services/hold.py) and is never shown to whoever raised the concern.
"""

from __future__ import annotations

from typing import Any

from safespace.accounts.models import Directorate, Network, Theme
from safespace.cases.services import create
from safespace.concerns.forms import chosen_contact_details
from safespace.directory.models import StaffMember
from safespace.lib.forms import whole_number


def names_someone(data: dict[str, Any]) -> bool:
    """They chose to name a person or a team: only then can a concern wait for another."""
    return data.get("about") in ("person", "team")


def named_in_directory(data: dict[str, Any]) -> tuple[int | None, tuple[int, str] | None]:
    """The person (their id) or team (directorate id, service) the answers name, if the staff
    directory has exactly one of them; (None, None) otherwise, which nobody is told."""
    if data.get("about") == "person":
        return _person(data), None
    if data.get("about") == "team":
        return None, _team(data)
    return None, None


def _person(data: dict[str, Any]) -> int | None:
    email = str(data.get("person_email") or "").strip()
    name = " ".join(str(data.get("person_name") or "").split())
    directorate = str(data.get("person_directorate") or "")
    if email:
        # Kept lower-case in the directory, so its unique index answers this.
        found = StaffMember.objects.filter(email=email.lower())
    elif name and (directorate_id := whole_number(directorate)) is not None:
        found = StaffMember.objects.filter(full_name__iexact=name, directorate_id=directorate_id)
    else:
        return None
    # Two people of one name in one directorate: which was meant cannot be known.
    ids = list(found.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def _team(data: dict[str, Any]) -> tuple[int, str] | None:
    directorate = str(data.get("team_directorate") or "")
    name = " ".join(str(data.get("team_name") or "").split())
    directorate_id = whole_number(directorate)
    if directorate_id is None or not name:
        return None
    if not StaffMember.objects.filter(directorate_id=directorate_id, service__iexact=name).exists():
        return None
    return directorate_id, name


def new_concern(data: dict[str, Any], network: Network, **given: Any) -> create.NewConcern:
    """The concern the answers describe, for the raise form and for a champion recording one.

    `given` holds what the answers do not: the receipt, passphrase, once-token, channel and
    any account the concern is listed under.
    """
    named_staff, named_team = named_in_directory(data)
    return create.NewConcern(
        network=network,
        narrative=data.get("narrative") or "",
        themes=Theme.objects.filter(network=network, pk__in=data.get("themes") or []),
        directorates_concerned=Directorate.objects.filter(pk__in=data.get("directorates") or []),
        want=data["want"],
        contact_method=data["method"],
        contact_details=chosen_contact_details(data),
        raiser_name=(data.get("name") or "") if data.get("named") == "yes" else "",
        raiser_directorate=Directorate.objects.filter(pk=data.get("directorate") or 0).first(),
        preferences=data.get("preferences") or "",
        avoid_directorate=Directorate.objects.filter(pk=data.get("avoid_directorate") or 0).first(),
        share_with_director=data["share_with_director"],
        share_with_manager=data["share_with_manager"],
        hr_watch_key=str(data.get("hr_watch_key") or "") if data.get("hr_watch") == "yes" else "",
        named_staff=named_staff,
        named_team=named_team,
        # Held because they asked, whether or not the directory knows who they named: a
        # concern held only when a name was found would say so on the next page.
        hold=names_someone(data) and data.get("hold") == "yes",
        **given,
    )
