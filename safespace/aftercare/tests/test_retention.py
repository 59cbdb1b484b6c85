"""Retention that runs itself: a concern is shredded the night its time is up, unless the lead
champion has kept it, with a reason, until a date. Tested with the clock moved on."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.utils import timezone

from safespace.accounts.models import Network, Role
from safespace.aftercare import retention, services
from safespace.aftercare.models import Closure, RetentionHold
from safespace.aftercare.tasks import shred_past_retention
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Stage
from safespace.cases.services import stages
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from safespace.lib.dates import add_months
from safespace.worker.tasks import prune_sessions
from tests.helpers import listening as listening
from tests.helpers import run_worker, sign_in

CLOSED_ON = datetime.datetime(2026, 1, 31, 15, 0, tzinfo=datetime.UTC)


@contextmanager
def clock(moment: datetime.datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def days_after(start: datetime.datetime, months: int, days: int) -> datetime.datetime:
    """Midday, `days` after the day `months` after `start` (negative for before)."""
    day = add_months(start.date(), months) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def ended_on(case: Case, moment: datetime.datetime) -> None:
    """Date the case's last closing (a model default does not follow a moved clock)."""
    Closure.objects.filter(case=case, reopened_at__isnull=True).update(closed_at=moment)


def has_key(case: Case) -> bool:
    return CaseKey.objects.using(KEYS).filter(case_code=case.code).exists()


@pytest.fixture
def closed(listening) -> tuple[object, Case]:
    champion, case = listening
    services.close(case, champion, outcome="resolved", formal_process="", summary="Done.")
    ended_on(case, CLOSED_ON)
    return champion, Case.objects.get(pk=case.pk)


def test_a_closed_concern_is_shredded_the_night_its_six_years_are_up_and_not_before(
    closed,
) -> None:
    _, case = closed
    assert case.network.retention_months == 72
    with clock(days_after(CLOSED_ON, 72, -1)):
        assert retention.shred_past_retention() == 0
    assert has_key(case)

    with clock(days_after(CLOSED_ON, 72, 0)):
        shred_past_retention.enqueue()
        run_worker()
    assert not has_key(case)
    event = AuditEvent.objects.get(object_code=str(case.code), action="case.shred")
    assert event.actor_role == "system"
    # Only what the anonymous figures count is left: the case row, its stage and themes.
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.receipt_lookup is None
    assert case.receipt_hash == "" and case.passphrase_hash == ""
    # Again the next night: nothing more to do, and nothing recorded twice.
    with clock(days_after(CLOSED_ON, 72, 1)):
        assert retention.shred_past_retention() == 0
    assert AuditEvent.objects.filter(object_code=str(case.code), action="case.shred").count() == 1


def test_each_network_keeps_for_its_own_months_and_a_withdrawal_counts_as_the_end(
    listening, network
) -> None:
    _, case = listening
    Network.objects.filter(pk=network.pk).update(retention_months=12)
    with clock(CLOSED_ON):
        stages.withdraw(Case.objects.get(pk=case.pk))
    with clock(days_after(CLOSED_ON, 12, -1)):
        assert retention.shred_past_retention() == 0
    with clock(days_after(CLOSED_ON, 12, 0)):
        assert retention.shred_past_retention() == 1
    assert not has_key(case)


def test_an_open_case_and_a_reopened_one_are_never_shredded(closed) -> None:
    champion, case = closed
    with clock(CLOSED_ON + datetime.timedelta(days=40)):
        services.reopen(case, champion, "They were moved after closing")
    with clock(days_after(CLOSED_ON, 120, 0)):
        assert retention.shred_past_retention() == 0
    assert has_key(case)


def test_the_time_runs_from_the_last_closing(closed) -> None:
    champion, case = closed
    second = CLOSED_ON + datetime.timedelta(days=100)
    with clock(CLOSED_ON + datetime.timedelta(days=40)):
        services.reopen(case, champion, "They were moved after closing")
    services.close(
        Case.objects.get(pk=case.pk),
        champion,
        outcome="resolved",
        formal_process="",
        summary="Done again.",
    )
    ended_on(case, second)
    with clock(days_after(CLOSED_ON, 72, 5)):
        assert retention.shred_past_retention() == 0
    with clock(days_after(second, 72, 0)):
        assert retention.shred_past_retention() == 1


def test_a_hold_keeps_a_concern_until_its_date_and_then_it_goes(closed, make_user, network) -> None:
    _, case = closed
    lead = make_user("keeper@example.org", (network, Role.LEAD))
    due = add_months(CLOSED_ON.date(), 72)
    with clock(days_after(CLOSED_ON, 72, -10)):
        hold = retention.keep(case, lead, months=3, reason="A tribunal claim is expected", due=due)
    assert hold.until == add_months(due, 3)
    assert AuditEvent.objects.filter(
        object_code=str(case.code), action="case.retention_hold", actor_role="lead"
    ).exists()

    with clock(days_after(CLOSED_ON, 72, 0)):
        assert retention.shred_past_retention() == 0
    with clock(days_after(CLOSED_ON, 75, 0)):
        assert retention.shred_past_retention() == 0  # the hold's last day
    with clock(days_after(CLOSED_ON, 75, 1)):
        assert retention.shred_past_retention() == 1
    assert not has_key(case)
    # The decision stays, as the record of why the concern was kept.
    assert RetentionHold.objects.get(pk=hold.pk).reason == "A tribunal claim is expected"


def test_the_lead_sees_what_is_due_in_the_next_30_days_and_keeps_one(
    client, closed, make_user, network, other_network
) -> None:
    _, case = closed
    lead = make_user("keeper@example.org", (network, Role.LEAD))
    other_lead = make_user("other-lead@example.org", (other_network, Role.LEAD))
    today = timezone.localdate()
    ended_on(case, days_after(timezone.now(), -72, 31))
    page = sign_in(client, lead).get("/cases/retention/").content.decode()
    assert case.reference not in page
    assert "Nothing is due to be shredded in the next 30 days" in page

    ended_on(case, days_after(timezone.now(), -72, 20))
    due = today + datetime.timedelta(days=20)
    page = client.get("/cases/retention/").content.decode()
    assert case.reference in page and f"{due:%-d %B %Y}" in page
    assert "keeps a concern for 6 years after it closes or is withdrawn" in page
    url = f"/cases/retention/{case.code}/keep/"
    form = client.get(url).content.decode()
    assert f"Its key will be destroyed on {due:%-d %B %Y}" in form

    refused = client.post(url, {"months": "24", "reason": "x"}).content.decode()
    assert "Select 3 months, 6 months or a year" in refused
    assert "Say a little more about why: at least 10 characters" in refused
    assert not RetentionHold.objects.exists()

    response = client.post(url, {"months": "6", "reason": "A grievance is still running"})
    assert response.status_code == 302 and response["Location"] == "/cases/retention/"
    until = add_months(due, 6)
    page = client.get("/cases/retention/").content.decode()
    assert f"{case.reference} will be kept until {until:%-d %B %Y}" in page
    assert f"Kept until {until:%-d %B %Y}" in page

    other = sign_in(client, other_lead).get("/cases/retention/").content.decode()
    assert case.reference not in other
    assert client.get(url).status_code == 404


def test_keeping_a_concern_shredded_meanwhile_says_so_and_saves_nothing(
    client, closed, make_user, network
) -> None:
    _, case = closed
    lead = make_user("keeper@example.org", (network, Role.LEAD))
    url = f"/cases/retention/{case.code}/keep/"
    ended_on(case, days_after(timezone.now(), -72, 1))
    assert sign_in(client, lead).get(url).status_code == 200
    ended_on(case, days_after(timezone.now(), -72, -1))
    assert retention.shred_past_retention() == 1
    response = client.post(url, {"months": "3", "reason": "A tribunal claim is expected"})
    assert response.status_code == 409
    assert "was shredded before your decision arrived" in response.content.decode()
    assert not RetentionHold.objects.exists()


def test_a_network_cannot_keep_concerns_for_under_a_year_or_over_ten(network) -> None:
    for months in (11, 121):
        with pytest.raises(IntegrityError), transaction.atomic():
            Network.objects.filter(pk=network.pk).update(retention_months=months)


@pytest.mark.django_db
def test_expired_sessions_are_pruned_and_live_ones_kept() -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    old, live = store(), store()
    old["draft"] = "unfinished answers"
    old.set_expiry(1)
    old.create()
    live["draft"] = "still typing"
    live.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    prune_sessions.call()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
