"""A database still locked after the wait is answered with "busy, send again", not an error."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

from safespace.concerns.views import raising


@pytest.mark.django_db
def test_a_database_locked_beyond_the_wait_asks_the_person_to_send_again(client, network) -> None:
    with mock.patch.object(raising, "render", side_effect=OperationalError("database is locked")):
        response = client.get("/raise/what-happened/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "The service is busy for a moment" in body
    assert "was not saved, so nothing has been sent twice" in body


@pytest.mark.django_db
def test_any_other_database_error_is_still_an_error(client, network) -> None:
    client.raise_request_exception = False
    with mock.patch.object(raising, "render", side_effect=OperationalError("no such table: x")):
        response = client.get("/raise/what-happened/")

    assert response.status_code == 500
