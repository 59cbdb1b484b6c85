"""seed_scale --insight-only: what the insight figures read, made by PostgreSQL, and timed."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from safespace.accounts.models import Network
from safespace.actions.models import Action, ActionStatus
from safespace.aftercare.models import CheckIn, Closure, FeedbackAnswer
from safespace.cases.models import OPEN_STAGES, Case, Channel, Message, Stage, TimeEntry
from safespace.dev.bench.insight import (
    DUMMY_SEALED,
    counts,
    seed_insight,
    time_aggregates,
    time_page,
)
from safespace.dev.bench.seed import HISTORY
from safespace.insights import figures, summaries
from safespace.keystore.models import CaseKey
from safespace.tripwire.models import Alert

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fast path is PostgreSQL's INSERT ... SELECT"
)


@postgres_only
def test_it_makes_what_the_figures_read() -> None:
    made = seed_insight(400, batch=150)
    assert Case.objects.count() == made["cases"] == 400
    assert Closure.objects.count() == made["closings"] > 0
    assert TimeEntry.objects.count() == made["time entries"] > 400
    assert Message.objects.filter(from_raiser=False).exists()
    assert Action.objects.count() == made["actions"] > 0
    assert set(Action.objects.values_list("status", flat=True)) == set(ActionStatus.values)
    assert FeedbackAnswer.objects.count() == made["feedback answers"] > 0
    assert CheckIn.objects.filter(answered_at__isnull=False).exists()
    assert Alert.objects.count() == made["HR alerts"]
    # Every case has a theme and a directorate; only closed ones have a closing.
    assert not Case.objects.filter(themes=None).exists()
    assert not Case.objects.filter(directorates_concerned=None).exists()
    assert set(Closure.objects.values_list("case__stage", flat=True).distinct()) <= {
        Stage.CLOSED,
        Stage.WATCHING,
    }
    # Open cases are recent; cases span the three years before now; references are unique.
    old = timezone.now() - datetime.timedelta(days=121)
    assert not Case.objects.filter(stage__in=OPEN_STAGES, created__lt=old).exists()
    first = Case.objects.order_by("created").values_list("created", flat=True)[0]
    assert first < timezone.now() - HISTORY + datetime.timedelta(days=10)
    assert Case.objects.values("reference").distinct().count() == 400


@postgres_only
def test_sealed_columns_hold_the_dummy_and_no_case_has_a_key() -> None:
    seed_insight(20)
    assert {bytes(n) for n in Case.objects.values_list("narrative", flat=True)} == {DUMMY_SEALED}
    assert CaseKey.objects.using("keys").count() == 0


@postgres_only
def test_the_same_number_makes_the_same_spread() -> None:
    seed_insight(200)
    first = sorted(Case.objects.values_list("stage", "channel"))
    Case.objects.all().delete()
    seed_insight(200)
    assert sorted(Case.objects.values_list("stage", "channel")) == first


@postgres_only
def test_the_figures_count_every_case_of_the_period() -> None:
    seed_insight(300)
    network = Network.objects.get(slug="race-equality")
    today = timezone.localdate()
    scope = figures.Scope((network,), today - HISTORY - datetime.timedelta(days=1), today)
    assert sum(row[0] for row in figures.by_month(scope).cells) == 300
    assert sum(row[0] for row in figures.by_stage(scope).cells) == 300
    in_time, made = figures.first_contact(scope)
    assert 0 < in_time <= made <= 300


@postgres_only
def test_the_command_and_the_timings() -> None:
    call_command("seed_scale", cases=60, insight_only=True, stdout=None)
    assert counts()["cases"] == 60
    rows = time_aggregates(repeats=1)
    timed = {row["figure"] for row in rows}
    assert set(figures.TABLES) | {figures.KEY_FIGURES, "first-contact"} <= timed
    assert all(row["median_ms"] is not None for row in rows)
    pages = time_page("scale-lead@race-equality.example.org", repeats=1)
    assert [page["status"] for page in pages] == [200, 200]  # 12 months and 3 years


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's refusal")
def test_on_sqlite_it_says_it_needs_postgresql() -> None:
    with pytest.raises(RuntimeError, match="needs PostgreSQL"):
        seed_insight(10)


@postgres_only
def test_first_contact_counts_as_the_earliest_contact_would() -> None:
    """The figure asks whether a contact exists; worked out from each concern's earliest."""
    seed_insight(300)
    network = Network.objects.get(slug="race-equality")
    today = timezone.localdate()
    scope = figures.Scope((network,), today - datetime.timedelta(days=400), today)
    made = in_time = 0
    raised = Case.objects.filter(
        network=network, created__gte=scope.since, created__lt=scope.until
    ).exclude(stage=Stage.HELD)
    for case in raised.filter(first_contact_due__isnull=False):
        days = [
            timezone.localdate(sent)
            for sent in case.messages.filter(from_raiser=False).values_list("sent", flat=True)
        ]
        days += case.time_entries.filter(activity__in=summaries.CONTACT_ACTIVITIES).values_list(
            "day", flat=True
        )
        if case.channel != Channel.ONLINE:
            days.append(timezone.localdate(case.created))
        due = case.first_contact_due
        assert due is not None
        made += bool(days)
        in_time += bool(days) and min(days) <= due
    assert made > 0
    assert figures.first_contact(scope) == (in_time, made)
