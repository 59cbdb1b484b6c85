"""Every form and the HR API, sent generated hostile values by a role allowed to use them.

For each address in the URL map that takes a post, as the first role the access matrix allows,
the page's own form fields (and some it does not have) are sent values that people and attacks
produce: empty, very long, a null character, invalid UTF-8, right-to-left text and emoji,
markup, SQL quotes, far dates, wrong types; fields are left out or sent twice. No answer may be
a server error, and a form shown again (a value was refused) must carry an error summary.

The suite runs a few examples of each; `make fuzz` runs many (FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safespace.tripwire import tokens
from tests.helpers import ROLES, addresses, client_maker, enter, refusal, urls_for
from tests.helpers import world as world

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# Addresses whose post ends the session or the draft: nothing there reads a field.
SKIPPED = {"accounts:sign_out", "concerns:exit", "concerns:forget", "concerns:leave"}
HOSTILE: list[bytes] = [
    b"",
    b" ",
    b"a" * 100_000,
    b"\x00",
    b"abc\x00def",
    b"\xff\xfe\xfd",  # not UTF-8
    "مرحبا \u202e txet 👩🏾‍💻 ✊🏾".encode(),
    b"<script>alert(1)</script>",
    b"' OR 1=1 --",
    b'"; DROP TABLE cases_case; --',
    b"0001-01-01",
    b"9999-12-31",
    b"31/02/2026",
    b"-1",
    b"99999999999999999999999",
    b"9" * 5000,  # more digits than Python's int() reads
    "²".encode(),  # a digit to isdigit(), not to int()
    "٣".encode(),  # a digit to int(), not in ASCII
    b"1e309",
    b"NaN",
    b"true",
    b"[]",
    b"{}",
]
# What a person must never read: each field has a message of its own (safespace/public/apps.py).
DJANGO_WORDING = (
    "Select a valid choice",
    "Ensure this value",
    "This field is required",
    "Null characters are not allowed",
    "Enter a valid",
)
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea|button)\b[^>]*\bname=\"([^\"]+)\"", re.I)
VALUE = re.compile(r"<(?:input|option|button)\b[^>]*\bvalue=\"([^\"]*)\"", re.I)
ACTION = re.compile(r"\baction=\"([^\"]*)\"", re.I)


# Each address that may take a post is a test of its own, so pytest-xdist can share them out.
TARGETS = [name for name in addresses() if not name.startswith("admin:") and name not in SKIPPED]


def first_allowed(name: str, url: str, people, case, other) -> str:
    """The first role the access matrix lets use the address (anonymous when it lets everyone)."""
    new_client = client_maker(raise_request_exception=False)
    for candidate in ROLES[1:]:
        client = new_client()
        enter(client, candidate, people, case, other)
        if refusal(name, candidate, client.get(url).status_code) is None:
            return candidate
    return "anonymous"


def form_fields(page: str, url: str) -> tuple[list[str], list[bytes]]:
    """The names of the fields of the page's forms that post to `url`, and the values offered."""
    names: list[str] = []
    values: list[bytes] = []
    for attributes, body in FORM.findall(page):
        if "post" not in attributes.lower():
            continue
        action = ACTION.search(attributes)
        if action and action.group(1) and urlsplit(action.group(1)).path != urlsplit(url).path:
            continue
        names += [n for n in FIELD.findall(body) if n != "csrfmiddlewaretoken"]
        values += [v.encode() for v in VALUE.findall(body)]
    return sorted(set(names)), sorted(set(values))


def encode(pairs: list[tuple[str, bytes]]) -> bytes:
    return b"&".join(
        quote_from_bytes(name.encode()).encode() + b"=" + quote_from_bytes(value).encode()
        for name, value in pairs
    )


def refused_without_summary(page: str, sent: list[str]) -> bool:
    """A form shown again (some field sent is on the page) without an error summary."""
    # The hidden fields are on every form; a search box ("q") is shown again with its results.
    shown_again = any(
        f'name="{name}"' in page for name in sent if name not in ("once", "version", "q")
    )
    return shown_again and "govuk-error-summary" not in page


def fuzz(
    url: str,
    role: str,
    sends: st.SearchStrategy[list[tuple[str, bytes]]],
    sign_in: Callable[[Client], None],
    new_client: Callable[[], Client],
) -> list[str]:
    """Post generated field lists to `url`; what went wrong."""
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(pairs=sends)
    def send(pairs: list[tuple[str, bytes]]) -> None:
        sender = new_client()
        sign_in(sender)
        response = sender.post(url, encode(pairs), content_type="application/x-www-form-urlencoded")
        sent = [n for n, _ in pairs]
        if response.status_code >= 500:
            failures.append(f"{url} as {role}: {response.status_code} for {pairs!r:.300}")
        elif response.status_code == 200:
            page = response.content.decode(errors="replace")
            if refused_without_summary(page, sent):
                failures.append(f"{url} as {role}: refused without a summary {pairs!r:.300}")
            failures.extend(
                f"{url} as {role}: Django's own words {words!r} for {pairs!r:.300}"
                for words in DJANGO_WORDING
                if words in page
            )

    send()
    return failures


@pytest.mark.parametrize("name", TARGETS)
def test_every_form_answers_hostile_values_without_a_server_error(world, name: str) -> None:
    people, case, other = world
    params = addresses()[name]
    role = first_allowed(
        name, urls_for(name, params, case, people["admin"])[0], people, case, other
    )

    def as_role(client: Client) -> None:
        enter(client, role, people, case, other)

    new_client = client_maker(raise_request_exception=False)
    failures: list[str] = []
    for url in urls_for(name, params, case, people["admin"]):
        client = new_client()
        enter(client, role, people, case, other)
        page = client.get(url)
        fields, offered = form_fields(page.content.decode(errors="replace"), url)
        if page.status_code == 200 and not fields:
            continue  # a page with no form of its own posts nowhere
        value = st.sampled_from(HOSTILE + offered) if offered else st.sampled_from(HOSTILE)
        names = st.sampled_from([*fields, "unexpected", "once", "version"])
        sends = st.lists(st.tuples(names, value), max_size=2 * len(fields) + 3)

        # Each address starts from the same world: a withdrawal or a close sent to one
        # would otherwise leave the next with nothing to act on.
        with transaction.atomic():
            failures += fuzz(url, role, sends, as_role, new_client)
            transaction.set_rollback(True)
    assert failures == [], "\n".join(sorted(set(failures))[:40])


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["0001-01-01", "9999-12-31", "capability", "E1", "\x00", "a" * 5000]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["rows", "employee_number", "event", "date", "x"]), children, max_size=4
        )
    ),
    max_leaves=20,
)


def test_the_hr_api_answers_hostile_json_with_json(world) -> None:
    people, _, _ = world
    token = tokens.create(people["hr"])
    new_client = client_maker(raise_request_exception=False)
    failures: list[str] = []

    @settings(max_examples=EXAMPLES * 10, deadline=None, derandomize=True, database=None)
    @given(body=JSON_VALUES)
    def send(body: object) -> None:
        response = new_client().post(
            "/api/hr-events/",
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        if response.status_code >= 500 or response["Content-Type"] != "application/json":
            failures.append(f"{response.status_code} {response['Content-Type']} for {body!r:.200}")

    send()
    assert failures == [], "\n".join(failures[:20])
