"""A session is renewed by one UPDATE, and one deleted meanwhile is not quietly made again."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safespace.lib.sessions import SessionStore


@pytest.mark.django_db
def test_renewing_a_session_is_one_update_and_keeps_what_it_holds() -> None:
    store = SessionStore()
    store["colour"] = "blue"
    store.create()
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
