"""A session is renewed by one UPDATE, at most once a minute unless it changed, and one deleted
meanwhile is not quietly made again."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safespace.lib.sessions import RENEWED_WITHIN, SessionStore


@pytest.mark.django_db
def test_renewing_a_session_is_one_update_and_keeps_what_it_holds() -> None:
    store = SessionStore()
    store["colour"] = "blue"
    store.create()
    renewed_a_while_ago(store.session_key)
    again = SessionStore(store.session_key)
    assert again["colour"] == "blue"  # loaded, as a request would
    with CaptureQueriesContext(connection) as captured:
        again.save()
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["UPDATE"]
    assert SessionStore(store.session_key)["colour"] == "blue"


# As in production, where the session is saved after the view, outside any transaction.
@pytest.mark.django_db(transaction=True)
def test_a_session_deleted_meanwhile_is_not_made_again() -> None:
    store = SessionStore()
    store.create()
    store["colour"] = "red"
    Session.objects.filter(session_key=store.session_key).delete()
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.exists()


def renewed_a_while_ago(key: str | None, ago: datetime.timedelta = 2 * RENEWED_WITHIN) -> None:
    age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - ago + age)


@pytest.mark.django_db
def test_a_session_renewed_under_a_minute_ago_is_not_written_again() -> None:
    store = SessionStore()
    store["colour"] = "blue"
    store.create()
    again = SessionStore(store.session_key)
    assert again["colour"] == "blue"
    with CaptureQueriesContext(connection) as captured:
        again.save()
    assert captured.captured_queries == []


@pytest.mark.django_db
def test_a_changed_session_is_written_however_recently_it_was_renewed() -> None:
    store = SessionStore()
    store["colour"] = "blue"
    store.create()
    again = SessionStore(store.session_key)
    again["colour"] = "green"
    again.save()
    assert SessionStore(store.session_key)["colour"] == "green"


@pytest.mark.django_db
def test_a_session_renewed_over_a_minute_ago_restarts_its_idle_clock() -> None:
    store = SessionStore()
    store.create()
    renewed_a_while_ago(store.session_key)
    again = SessionStore(store.session_key)
    again.load()
    again.save()
    left = Session.objects.get(session_key=store.session_key).expire_date - timezone.now()
    assert left > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE) - RENEWED_WITHIN
