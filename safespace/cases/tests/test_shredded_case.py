"""A shredded case is gone: every page about it answers as if it never existed, never a 500."""

from __future__ import annotations

import pytest

from safespace.accounts.models import Role
from safespace.audit import chain
from safespace.audit.models import AuditEvent
from safespace.cases import patterns
from safespace.cases.models import Case, NamedMark
from safespace.cases.services import assign as case_assign
from safespace.cases.services import create, messages, shred
from safespace.cases.services import notes as case_notes
from tests.helpers import raiser_client, sign_in

MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def shredded(make_user, network):
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    case = create.create_case(create.NewConcern(network=network, narrative="gone for good"))
    case_assign.assign_champion(case, champion, actor=lead)
    note = case_notes.add_note(case, champion, "a note", shared_with_raiser=True)
    messages.send_message(case, "a message", from_raiser=True, author=None)
    shred.shred_case(case, actor=None)
    return lead, champion, Case.objects.get(pk=case.pk), note


def test_the_staff_case_page_of_a_shredded_case_is_not_found(client, shredded) -> None:
    lead, _, case, _ = shredded
    sign_in(client, lead)
    assert client.get(f"/cases/{case.code}/").status_code == 404


def test_every_staff_page_of_a_shredded_case_is_not_found(client, shredded) -> None:
    lead, champion, case, note = shredded
    base = f"/cases/{case.code}"
    for user, paths in [
        (lead, ["/assign/", "/people/", "/message/", "/note/"]),
        (champion, ["/decline/", "/message/", "/stage/", "/time/", f"/notes/{note.code}/"]),
    ]:
        sign_in(client, user)
        for path in paths:
            assert client.get(base + path).status_code == 404, path
            assert client.post(base + path, {"body": "x"}).status_code == 404, path


def test_a_shredded_case_looks_like_one_that_never_existed(client, shredded) -> None:
    lead, _, case, _ = shredded
    sign_in(client, lead)
    gone = client.get(f"/cases/{case.code}/")
    missing = client.get(f"/cases/{MISSING}/")
    assert gone.status_code == missing.status_code == 404
    token = b'name="csrfmiddlewaretoken" value="'
    assert gone.content.split(token)[0] == missing.content.split(token)[0]


def test_the_raisers_page_of_a_shredded_case_is_refused_not_a_server_error(shredded) -> None:
    _, _, case, _ = shredded
    client = raiser_client(case)
    # The raiser's pages answer any refusal by sending them back to /track/ to sign in again.
    response = client.get("/track/concern/")
    assert response.status_code == 302
    assert response["Location"] == "/track/"
    posted = raiser_client(case).post("/track/concern/message/", {"body": "are you there?"})
    assert (posted.status_code, posted["Location"]) == (302, "/track/")
    assert b"gone for good" not in client.get("/track/", follow=True).content


def test_shredding_is_audited_and_the_chain_still_verifies(shredded) -> None:
    _, _, case, _ = shredded
    events = AuditEvent.objects.filter(object_code=str(case.code))
    assert events.filter(action="case.shred", actor_role="system").count() == 1
    assert chain.verify() is None


def test_shredding_leaves_nothing_that_links_the_concern_to_anyone(network) -> None:
    case = create.create_case(create.NewConcern(network=network, narrative="gone for good"))
    patterns.record_raiser(case, [patterns.person_mark(7)])
    Case.objects.filter(pk=case.pk).update(
        hr_watch=True,
        hr_watch_key="k" * 64,
        receipt_lookup="r" * 64,
        receipt_hash="h",
        raiser_link="l" * 64,
    )
    shred.shred_case(Case.objects.get(pk=case.pk), actor=None)
    case.refresh_from_db()
    assert not NamedMark.objects.filter(case=case).exists()
    assert (case.hr_watch, case.hr_watch_key) == (False, "")
    assert (case.receipt_lookup, case.receipt_hash, case.passphrase_hash) == (None, "", "")
    assert case.raiser_link == ""
