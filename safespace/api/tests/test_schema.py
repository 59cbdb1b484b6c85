"""The OpenAPI document is generated, valid, and true: schemathesis sends every operation calls
made from it, good and bad, and no answer is a server error or outside what it describes.

Run in process through Django's WSGI application (no server, no network), with few examples
per operation so the whole file takes well under a minute.
"""

from __future__ import annotations

import json

import jsonschema_rs
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from safespace.accounts.models import Membership, Role
from safespace.api.scopes import Scope
from safespace.api.views import api
from tests.helpers import api_call

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

EXAMPLES = 12


# The document as /api/v1/openapi.json serves it (the first test holds them equal), made here
# without a request because the operations are collected before any test's database exists.
DOCUMENT = api.get_openapi_schema()
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = get_wsgi_application()
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    database="none",
    deterministic=True,
)


@pytest.fixture
def connections_kept_open():
    """Django closes the database connection as each request ends; the test client stops it
    from doing so inside a test's transaction, and so must a WSGI application called directly."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def every_purpose(make_user, network, token_for) -> str:
    """A token for every purpose, whose account holds every role the purposes need."""
    holder = make_user("systems@example.org", (network, Role.HR), two_factor=False)
    for role in (Role.ADMIN, Role.INSIGHT):
        Membership.objects.create(user=holder, network=network, role=role)
    return str(token_for(holder, *Scope))


def test_the_document_is_valid_openapi_and_is_the_one_served() -> None:
    document = api_call("GET", "/api/v1/openapi.json").json()
    assert document == json.loads(json.dumps(DOCUMENT))
    assert document["openapi"] == "3.1.0"
    loaded = schemathesis.openapi.from_dict(document)
    loaded.validate()  # against the OpenAPI 3.1 meta-schema
    broken = {**document, "paths": {"/api/v1/networks": {"get": {"responses": "none"}}}}
    with pytest.raises(jsonschema_rs.ValidationError):
        schemathesis.openapi.from_dict(broken).validate()
    # Every operation resolves: its parameters, body and answers all make sense.
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) == 5
    assert document["info"]["title"] == "Safe Space API"


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None, database=None
)
@override_settings(SAFESPACE_API_CALLS_PER_MINUTE=100_000)
def test_no_call_breaks_the_api_or_its_document(case, every_purpose, connections_kept_open) -> None:
    # Every check but one: a call the document allows may still be refused with a 422 for what
    # a JSON schema cannot say (an email address that is not one, a network this token may not
    # read, a manager who is not in the directory), and that refusal is checked against the
    # document like any other answer.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {every_purpose}"},
        excluded_checks=[positive_data_acceptance],
    )
