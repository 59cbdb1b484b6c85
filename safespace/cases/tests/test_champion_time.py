"""The database keeps each champion's monthly minutes equal to their time entries.

Random histories of time logged, changed (minutes, day, champion, concern), changed by a
queryset update, deleted one by one or with their concern, and concerns moved to another
network: after each, every month's sum equals the sum of its time entries.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safespace.accounts.models import User
from safespace.cases.models import Activity, Case, ChampionTime, TimeEntry

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2025, 11, 20)  # histories run over a year's turn and several months


def when(offset: int) -> datetime.date:
    return FIRST + datetime.timedelta(days=offset)


entries = st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 80), st.integers(1, 240))
steps = st.lists(
    st.one_of(
        st.tuples(st.just("log"), entries),
        st.tuples(st.just("log many"), st.lists(entries, min_size=1, max_size=4)),
        st.tuples(
            st.just("change"),
            st.integers(0, 20),
            st.sampled_from(["minutes", "day", "champion", "case"]),
            st.integers(0, 80),
        ),
        st.tuples(st.just("add to all"), st.integers(1, 30)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("delete concern"), st.integers(0, 3)),
        st.tuples(st.just("move concern"), st.integers(0, 3)),
    ),
    max_size=14,
)


def kept() -> Counter[tuple[int, int, datetime.date]]:
    return Counter(
        {
            (row.network_id, row.champion_id, row.month): row.minutes
            for row in ChampionTime.objects.all()
            if row.minutes
        }
    )


def counted() -> Counter[tuple[int, int, datetime.date]]:
    sums: Counter[tuple[int, int, datetime.date]] = Counter()
    for network, champion, day, minutes in TimeEntry.objects.values_list(
        "case__network_id", "champion_id", "day", "minutes"
    ):
        sums[network, champion, day.replace(day=1)] += minutes
    return +sums


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=steps)
def test_every_month_of_every_champion_equals_their_time_entries(
    network, other_network, make_user, history
) -> None:
    with transaction.atomic():
        networks = [network, other_network]
        champions = [
            User.objects.create_user(f"champion{n}@example.org", full_name=f"Champion {n}")
            for n in range(3)
        ]
        cases = [Case.objects.create(network=networks[n % 2]) for n in range(4)]

        def entry(case: int, champion: int, day: int, minutes: int) -> TimeEntry:
            return TimeEntry(
                case=cases[case],
                champion=champions[champion],
                day=when(day),
                minutes=minutes,
                activity=Activity.LISTENING,
            )

        for step in history:
            what, *args = step
            logged = list(TimeEntry.objects.order_by("pk"))
            if what == "log":
                entry(*args[0]).save()
            elif what == "log many":
                TimeEntry.objects.bulk_create([entry(*e) for e in args[0]])
            elif what == "change" and logged:
                changed = logged[args[0] % len(logged)]
                value = args[2]
                if args[1] == "minutes":
                    changed.minutes = value + 1
                elif args[1] == "day":
                    changed.day = when(value)
                elif args[1] == "champion":
                    changed.champion = champions[value % 3]
                else:
                    changed.case = cases[value % 4]
                changed.save()
            elif what == "add to all":
                TimeEntry.objects.update(minutes=F("minutes") + args[0])
            elif what == "delete" and logged:
                logged[args[0] % len(logged)].delete()
            elif what == "delete concern":
                cases[args[0]].time_entries.all().delete()
                Case.objects.filter(pk=cases[args[0]].pk).delete()
                cases[args[0]] = Case.objects.create(network=networks[args[0] % 2])
            elif what == "move concern":
                moved = cases[args[0]]
                moved.network = networks[1] if moved.network_id == networks[0].pk else networks[0]
                moved.save(update_fields=["network"])
            assert kept() == counted(), step
        transaction.set_rollback(True)
