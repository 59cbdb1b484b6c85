"""The accountability page, the Director of Wellbeing's and each lead champion's: every action
ever set in their networks, by the owner's directorate and by owner, and where each stands
today.

It lives with insight because it reads insight's summary of actions (the `action` measure of
safespace/insights/summaries.py) over all of history: a few tallies for each owner and day,
whatever the number of actions behind them, so the page costs the same few queries however
long the history grows. It keeps its address under /actions/ (safespace/urls.py). Its counts
are exact and shown as they are, as they always were: no disclosure control.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from safespace.accounts.models import Network, User
from safespace.actions import scorecard
from safespace.insights import figures, summaries
from safespace.insights.figures import Scope
from safespace.policy import Action as Do
from safespace.policy import network_ids_where

# One row of a table: its name, its number of actions, and each outcome's key and count.
Row = tuple[str, int, list[tuple[str, int]]]


def _rows(
    names: Iterable[str | None], counted: dict[str | None, Counter[str]], unnamed: str
) -> list[Row]:
    """The rows of these names in this order, each with its number of actions and outcomes."""
    return [
        (
            name or unnamed,
            sum(counted[name].values()),
            [(outcome.key, counted[name][outcome.key]) for outcome in scorecard.OUTCOMES],
        )
        for name in names
    ]


def _tables(by_owner: dict[int, Counter[str]]) -> tuple[list[Row], list[Row]]:
    """The rows by the owner's directorate and by the owner's name, each in the database's
    order of its names (as ORDER BY puts them, unnamed directorates included). As the page
    has always counted, owners of the same name share a row, as do directorates."""
    owners = User.objects.filter(pk__in=by_owner)
    by_name: dict[str | None, Counter[str]] = {}
    by_directorate: dict[str | None, Counter[str]] = {}
    for owner, name, directorate in owners.order_by("full_name").values_list(
        "pk", "full_name", "directorate__name"
    ):
        by_name.setdefault(name, Counter()).update(by_owner[owner])
        by_directorate.setdefault(directorate, Counter()).update(by_owner[owner])
    directorates = owners.order_by("directorate__name").values_list("directorate__name", flat=True)
    return (
        _rows(dict.fromkeys(directorates), by_directorate, _("Not known")),
        _rows(by_name, by_name, ""),
    )


@require_GET
def accountability(request: HttpRequest) -> HttpResponse:
    """Actions by directorate and by owner. Each action is in exactly one outcome column, so the
    outcomes of a row add up to its number of actions (the definitions are under the table)."""
    user = cast(User, request.user)
    networks = Network.objects.filter(pk__in=network_ids_where(user, Do.VIEW_ACCOUNTABILITY))
    scope = Scope(tuple(networks.order_by("pk")), *summaries.EVER, measures=("action",))
    by_directorate, by_owner = _tables(figures.scorecard_by_owner(scope))
    context = {
        "tables": [
            (_("By directorate"), _("Directorate"), by_directorate),
            (_("By owner"), _("Owner"), by_owner),
        ],
        "outcomes": scorecard.OUTCOMES,
    }
    return render(request, "insights/accountability.html", context)
