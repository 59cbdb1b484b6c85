"""The pool's hours come from the monthly sums the database keeps, per network."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from safespace.accounts.models import Network, Role
from safespace.cases.models import Activity, Case, TimeEntry
from safespace.champions import services

pytestmark = pytest.mark.django_db


def test_the_pool_shows_hours_this_month_and_in_total_from_the_sums(
    network, other_network, make_user
) -> None:
    champion = make_user(
        "ama@example.org", (network, Role.CHAMPION), (other_network, Role.CHAMPION)
    )
    here, there = Case.objects.create(network=network), Case.objects.create(network=other_network)
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    for case, day, minutes in ((here, today, 90), (here, last_month, 60), (there, today, 600)):
        TimeEntry.objects.create(
            case=case, champion=champion, day=day, minutes=minutes, activity=Activity.MEETING
        )
    (row,) = [r for r in services.pool(network) if r.champion == champion]
    assert (row.hours_this_month, row.hours_in_total) == (1.5, 2.5)
    (row,) = [
        r for r in services.pool(Network.objects.get(pk=other_network.pk)) if r.champion == champion
    ]
    assert (row.hours_this_month, row.hours_in_total) == (10, 10)
