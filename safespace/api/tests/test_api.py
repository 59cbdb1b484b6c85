"""The API as the organisation's systems use it: tokens, refusals, and each operation."""

from __future__ import annotations

import datetime
import json
import re
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import get_resolver
from django.utils import timezone

from safespace.accounts.models import Role
from safespace.api import tokens
from safespace.api.models import Token
from safespace.api.scopes import Scope
from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from safespace.cases.services import create
from safespace.directory.models import StaffMember
from safespace.insights.ftsu import completed_quarters
from safespace.tripwire import tokens as old_tokens
from safespace.tripwire.models import HREvent
from tests.helpers import api_call

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

EVENT = {"employee_number": "E1001", "event": "capability", "date": "2026-01-02"}


def person(number: str, **changes: str) -> dict[str, str]:
    return {
        "employee_number": number,
        "name": f"Person {number}",
        "email": f"p{number}@example.org",
        "directorate": "Adult Social Care",
        **changes,
    }


# The document and its page ------------------------------------------------------------------


def test_the_openapi_document_describes_every_operation_and_its_refusals() -> None:
    response = api_call("GET", "/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/networks",
        "/api/v1/hr-events",
        "/api/v1/insights",
        "/api/v1/directory",
        "/api/v1/directory/changes",
    }
    for methods in document["paths"].values():
        for operation in methods.values():
            assert {"200", "401", "403", "422", "429"} <= set(operation["responses"])
            assert operation["security"] == [{"TokenAuth": []}]


def test_the_docs_page_lists_each_operation_with_nothing_fetched_from_elsewhere() -> None:
    response = api_call("GET", "/api/v1/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Replace the whole staff directory" in page
    assert "/api/v1/directory/changes" in page
    assert re.findall(r'src="([^"]*)"', page) == ["/static/safespace/init.js"]


def test_nothing_in_the_api_reads_a_case_or_who_raised_it() -> None:
    document = json.dumps(api_call("GET", "/api/v1/openapi.json").json()).lower()
    for word in ("narrative", "receipt", "raiser_", "case_code", "/cases"):
        assert word not in document


# Tokens -------------------------------------------------------------------------------------


def test_a_call_without_a_live_token_is_refused_with_401_in_json(hr, token_for) -> None:
    live = token_for(hr, Scope.REFERENCE)
    expired = token_for(hr, Scope.REFERENCE, days=-1)
    revoked_secret = token_for(hr, Scope.REFERENCE)
    tokens.revoke(Token.objects.get(digest=tokens.digest(revoked_secret)), by=None)
    assert api_call("GET", "/api/v1/networks", live).status_code == 200
    for token in (None, "ssapi_not-a-token", expired, revoked_secret, live + "x"):
        response = api_call("GET", "/api/v1/networks", token)
        assert response.status_code == 401, token
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="safespace"'
        assert response.json()["error"].startswith("Send a valid API token")


def test_a_token_works_only_for_its_purposes_and_its_holders_roles(hr, insight, token_for):
    made_for_networks = token_for(hr, Scope.REFERENCE)
    response = api_call("POST", "/api/v1/hr-events", made_for_networks, {"rows": [EVENT]})
    assert response.status_code == 403
    assert "not made to send hr events" in response.json()["error"].lower()
    # Made for HR events, but the account holds no HR role.
    wrong_holder = token_for(insight, Scope.HR_EVENTS)
    response = api_call("POST", "/api/v1/hr-events", wrong_holder, {"rows": [EVENT]})
    assert response.status_code == 403
    assert "role" in response.json()["error"]
    assert not HREvent.objects.exists()


def test_a_token_is_kept_only_as_a_hash_and_notes_when_it_was_last_used(hr, token_for) -> None:
    secret = token_for(hr, Scope.REFERENCE)
    token = Token.objects.get()
    assert token.digest == tokens.digest(secret)
    assert secret not in str(list(Token.objects.values_list()))
    assert token.last_used is None
    api_call("GET", "/api/v1/networks", secret)
    token.refresh_from_db()
    assert token.last_used is not None


def test_every_call_is_audited_with_its_token_address_and_answer(hr, token_for) -> None:
    secret = token_for(hr, Scope.REFERENCE)
    api_call("GET", "/api/v1/networks", secret)
    api_call("GET", "/api/v1/networks")
    calls = list(AuditEvent.objects.filter(action__startswith=AuditAction.API_CALL))
    assert [event.action for event in calls] == [
        "api.call networks 200",
        "api.call networks 401",
    ]
    assert calls[0].actor_code == str(hr.code)
    assert calls[0].object_code == str(Token.objects.get().code)
    assert calls[1].actor_code == ""


def test_a_call_that_fails_inside_is_audited_as_its_500(hr, token_for) -> None:
    secret = token_for(hr, Scope.REFERENCE)
    broken = mock.patch(
        "safespace.api.views.Network.objects.order_by", side_effect=RuntimeError("broken")
    )
    with broken, pytest.raises(RuntimeError):
        api_call("GET", "/api/v1/networks", secret)
    (call,) = AuditEvent.objects.filter(action__startswith=AuditAction.API_CALL)
    assert call.action == "api.call networks 500"
    assert call.object_code == str(Token.objects.get().code)


@override_settings(SAFESPACE_API_CALLS_PER_MINUTE=3)
def test_calls_are_rate_limited_with_a_429_saying_when_to_try_again(hr, token_for) -> None:
    secret = token_for(hr, Scope.REFERENCE)
    answers = [api_call("GET", "/api/v1/networks", secret) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert answers[-1].json()["error"].startswith("Too many calls")


def test_a_body_too_big_is_refused_with_413_before_it_is_read(hr, token_for) -> None:
    secret = token_for(hr, Scope.HR_EVENTS)
    big = {"rows": [EVENT] * 40_000}  # about 3 MB
    response = api_call("POST", "/api/v1/hr-events", secret, big)
    assert response.status_code == 413
    assert response.json()["error"] == "Send at most 2 MB in one request"
    assert not HREvent.objects.exists()


@pytest.mark.parametrize("secret", [None, "ssapi_not-a-token", "Basic abc"])
def test_a_body_sent_without_a_live_token_is_turned_away_unread(hr, secret) -> None:
    big = {"rows": [EVENT] * 40_000}  # about 3 MB: over the limit, yet never looked at
    response = api_call("POST", "/api/v1/hr-events", secret, big)
    assert response.status_code == 401
    assert not HREvent.objects.exists()


def test_a_body_that_is_not_json_is_a_400_in_json(hr, token_for) -> None:
    secret = token_for(hr, Scope.HR_EVENTS)
    response = api_call("POST", "/api/v1/hr-events", secret, "{nope")
    assert response.status_code == 400
    assert "Send JSON" in response.json()["error"]


# Networks and HR events ---------------------------------------------------------------------


def test_the_networks_come_with_their_themes(hr, network, token_for) -> None:
    response = api_call("GET", "/api/v1/networks", token_for(hr, Scope.REFERENCE))
    assert response.json() == [
        {
            "slug": "race-equality",
            "name": "Race Equality Network",
            "short_name": network.short_name,
            "themes": [{"name": "Pay"}],
        }
    ]


def test_hr_events_are_kept_and_each_bad_row_named(hr, token_for) -> None:
    secret = token_for(hr, Scope.HR_EVENTS)
    bad = {**EVENT, "event": "promotion"}
    response = api_call("POST", "/api/v1/hr-events", secret, {"rows": [EVENT, bad]})
    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    assert response.json()["problems"][0].startswith("Row 2: the event must be one of")
    assert HREvent.objects.count() == 1


def test_a_row_of_the_wrong_shape_is_a_422_naming_its_row_and_field(hr, token_for) -> None:
    secret = token_for(hr, Scope.HR_EVENTS)
    response = api_call("POST", "/api/v1/hr-events", secret, {"rows": [EVENT, {"event": 3}]})
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert {(p["row"], p["field"]) for p in problems} == {
        (2, "employee_number"),
        (2, "event"),
        (2, "date"),
    }
    assert not HREvent.objects.exists()


def test_the_old_hr_events_address_still_works_and_says_it_is_deprecated(hr) -> None:
    secret = old_tokens.create(hr)
    response = api_call("POST", "/api/hr-events/", secret, {"rows": [EVENT]})
    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    assert response.headers["Deprecation"].startswith("@")
    assert response.headers["Link"] == '</api/v1/hr-events>; rel="successor-version"'
    assert "deprecated" in response.json()["deprecated"]
    refused = api_call("POST", "/api/hr-events/", None, {"rows": [EVENT]})
    assert refused.status_code == 401
    assert "Deprecation" in refused.headers


# Insight figures ----------------------------------------------------------------------------


def last_quarter_noon() -> datetime.datetime:
    start = completed_quarters(timezone.localdate(), 1)[0].start
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)))


def raise_concerns(network, count: int) -> None:
    for _ in range(count):
        case = create.create_case(
            create.NewConcern(
                network=network, narrative="A sealed story", themes=network.themes.all()
            )
        )
        case.created = last_quarter_noon()
        case.save(update_fields=["created"])


def test_insight_figures_come_under_disclosure_control(insight, network, token_for) -> None:
    raise_concerns(network, 3)  # fewer than the threshold of 5
    response = api_call(
        "GET", f"/api/v1/insights?network={network.slug}", token_for(insight, Scope.INSIGHTS)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["threshold"] == 5
    assert body["quarter"] == completed_quarters(timezone.localdate(), 1)[0].slug
    themes = next(t for t in body["tables"] if t["key"] == "by-theme")
    pay = next(r for r in themes["rows"] if r["label"] == "Pay")
    assert pay["figures"][0] == {"value": None, "text": "fewer than 5"}
    shown = [
        f["value"]
        for table in body["tables"]
        for row in table["rows"]
        for f in [*row["figures"], *([row["total"]] if row["total"] else [])]
    ]
    assert 3 not in shown
    assert "A sealed story" not in response.content.decode()
    read = AuditEvent.objects.get(action__startswith=AuditAction.INSIGHTS_READ)
    assert read.object_code == str(network.code)


def test_the_api_answers_in_english_whatever_language_is_asked_for(
    insight, network, token_for
) -> None:
    """Its labels are matched by the organisation's systems, so they never change language."""
    raise_concerns(network, 6)
    token = token_for(insight, Scope.INSIGHTS)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "cy"}
    body = Client().get(f"/api/v1/insights?network={network.slug}", headers=headers).json()
    themes = next(t for t in body["tables"] if t["key"] == "by-theme")
    assert themes["title"] == "Concerns by theme"
    assert [row["label"] for row in themes["rows"]] == ["Pay", "Not recorded"]
    # The same caller's browser, asking for Welsh, reads the page in Welsh.
    assert 'lang="cy"' in Client().get("/", headers={"Accept-Language": "cy"}).content.decode()


def test_insights_for_a_network_or_quarter_not_offered_are_a_422(
    insight, network, other_network, token_for
):
    secret = token_for(insight, Scope.INSIGHTS)
    for query, field in (
        (f"network={other_network.slug}", "network"),
        (f"network={network.slug}&quarter=1999-q1", "quarter"),
        (f"network={network.slug}&quarter=now", "quarter"),
        ("network=", "network"),
    ):
        response = api_call("GET", f"/api/v1/insights?{query}", secret)
        assert response.status_code == 422, query
        assert field in [p["field"] for p in response.json()["problems"]], query


# The staff directory ------------------------------------------------------------------------


def test_a_full_directory_replaces_the_one_there(make_user, network, token_for) -> None:
    admin = make_user("admin@example.org", (network, Role.ADMIN))
    secret = token_for(admin, Scope.DIRECTORY)
    first = [person("1"), person("2", manager_employee_number="1"), person("3")]
    response = api_call("PUT", "/api/v1/directory", secret, {"people": first})
    assert response.status_code == 200
    assert response.json()["created"] == 3
    second = [person("1", name="Person One"), person("2", manager_employee_number="1")]
    response = api_call("PUT", "/api/v1/directory", secret, {"people": second})
    assert response.json() | {"summary": ""} == {
        "created": 0,
        "updated": 2,
        "removed": 1,
        "new_directorates": 0,
        "summary": "",
    }
    assert sorted(StaffMember.objects.values_list("employee_number", flat=True)) == ["1", "2"]
    assert StaffMember.objects.get(employee_number="1").full_name == "Person One"
    assert AuditEvent.objects.filter(action=AuditAction.DIRECTORY_IMPORT).count() == 2


def test_a_directory_with_bad_rows_changes_nothing_and_names_each(admin, token_for) -> None:
    secret = token_for(admin, Scope.DIRECTORY)
    api_call("PUT", "/api/v1/directory", secret, {"people": [person("1")]})
    rows = [
        person("2"),
        person("3", email="not an email"),
        person("4", manager_employee_number="99"),
        person("2", email="other@example.org"),
    ]
    response = api_call("PUT", "/api/v1/directory", secret, {"people": rows})
    assert response.status_code == 422
    problems = [(p["row"], p["field"]) for p in response.json()["problems"]]
    assert problems == [(2, "email"), (3, "manager_employee_number"), (4, "employee_number")]
    assert list(StaffMember.objects.values_list("employee_number", flat=True)) == ["1"]


def test_an_empty_full_directory_is_refused_rather_than_removing_everyone(admin, token_for):
    secret = token_for(admin, Scope.DIRECTORY)
    api_call("PUT", "/api/v1/directory", secret, {"people": [person("1")]})
    response = api_call("PUT", "/api/v1/directory", secret, {"people": []})
    assert response.status_code == 422
    assert StaffMember.objects.count() == 1


def test_changes_since_the_last_sync_add_update_and_remove(admin, token_for) -> None:
    secret = token_for(admin, Scope.DIRECTORY)
    api_call("PUT", "/api/v1/directory", secret, {"people": [person("1"), person("2")]})
    changes = {"people": [person("2", service="Day care"), person("3")], "leavers": ["1"]}
    response = api_call("POST", "/api/v1/directory/changes", secret, changes)
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["updated"]) == (1, 1)
    assert response.json()["removed"] == 1
    assert sorted(StaffMember.objects.values_list("employee_number", flat=True)) == ["2", "3"]
    # The same changes again change nothing more.
    again = api_call("POST", "/api/v1/directory/changes", secret, changes)
    assert again.status_code == 200
    assert again.json()["removed"] == 0


def test_a_leaver_cannot_stay_as_someones_manager(admin, token_for) -> None:
    secret = token_for(admin, Scope.DIRECTORY)
    api_call("PUT", "/api/v1/directory", secret, {"people": [person("1"), person("2")]})
    changes = {"people": [person("2", manager_employee_number="1")], "leavers": ["1"]}
    response = api_call("POST", "/api/v1/directory/changes", secret, changes)
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "manager_employee_number"
    assert StaffMember.objects.count() == 2


def test_the_audit_of_every_operation_fits_the_audit_trails_action() -> None:
    longest = AuditEvent._meta.get_field("action").max_length or 0
    resolver = get_resolver().namespace_dict["api"][1]
    operations = [name for name in resolver.reverse_dict if isinstance(name, str)]
    assert "directory_changes" in operations
    for name in operations:
        assert len(f"{AuditAction.API_CALL} {name} 429") <= longest, name
