"""The data protection officer erases a named concern at its raiser's request."""

from __future__ import annotations

import pytest

from safespace.accounts.models import Role
from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Stage
from safespace.cases.services.sealed import NARRATIVE, case_row
from safespace.dataprotection.models import Erasure
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

REASON = "Erasure request DP-2026-042, identity checked"


def erase_url(case: Case) -> str:
    return f"/data-protection/concerns/{case.code}/erase/"


def test_the_page_says_what_goes_and_that_it_cannot_be_undone(client, officer, named) -> None:
    body = sign_in(client, officer).get(erase_url(named)).content.decode()
    assert "Are you sure you want to erase this concern?" in body
    assert "This cannot be undone." in body
    assert "Why is this concern being erased?" in body


def test_erasing_leaves_nothing_readable_and_a_record(client, officer, named) -> None:
    response = sign_in(client, officer).post(erase_url(named), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == f"/data-protection/concerns/{named.code}/erased/"
    assert not CaseKey.objects.using(KEYS).filter(case_code=named.code).exists()
    case = Case.objects.get(pk=named.pk)
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(case.code, NARRATIVE, bytes(case.narrative), case_row(case))
    assert (case.raiser_link, case.receipt_hash, case.passphrase_hash) == ("", "", "")
    erasure = Erasure.objects.get()
    assert (erasure.officer, erasure.reason, erasure.reference) == (officer, REASON, case.reference)
    events = AuditEvent.objects.filter(object_code=str(case.code), actor_role="dpo")
    assert {AuditAction.CASE_ERASE, AuditAction.CASE_SHRED} <= set(
        events.values_list("action", flat=True)
    )
    done = client.get(response["Location"]).content.decode()
    assert f"Concern {case.reference} has been erased" in done
    assert REASON in done
    # Gone for everyone, the officer included.
    assert client.get(f"/data-protection/concerns/{case.code}/").status_code == 404


def test_erasing_needs_a_reason(client, officer, named) -> None:
    body = sign_in(client, officer).post(erase_url(named), {"reason": ""}).content.decode()
    assert "There is a problem" in body and "Enter why you are doing this" in body
    assert CaseKey.objects.using(KEYS).filter(case_code=named.code).exists()
    assert not Erasure.objects.exists()


def test_erasing_twice_says_so_kindly(client, officer, named) -> None:
    sign_in(client, officer)
    first = client.post(erase_url(named), {"reason": REASON})
    # The same form sent again from a tab that did not see the answer: the same answer.
    again = client.post(erase_url(named), {"reason": REASON})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    # And the page opened again after.
    stale = client.get(erase_url(named))
    assert stale.status_code == 200
    assert "This concern has already been erased" in stale.content.decode()
    assert Erasure.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CASE_ERASE).count() == 1


def test_a_concern_erased_otherwise_says_it_is_gone(client, officer, named) -> None:
    crypto.shred_case_key(named.code)
    response = sign_in(client, officer).post(erase_url(named), {"reason": REASON})
    assert response.status_code == 200
    assert "This concern has already been erased" in response.content.decode()
    assert not Erasure.objects.exists()


def test_a_held_concern_is_deleted_outright(client, officer, named) -> None:
    Case.objects.filter(pk=named.pk).update(stage=Stage.HELD)
    response = sign_in(client, officer).post(erase_url(named), {"reason": REASON})
    assert not Case.objects.filter(pk=named.pk).exists()
    assert "has been erased" in client.get(response["Location"]).content.decode()
    assert client.get(erase_url(named)).status_code == 200


def test_an_anonymous_concern_is_its_raisers_to_erase(client, officer, anonymous) -> None:
    response = sign_in(client, officer).post(erase_url(anonymous), {"reason": REASON})
    assert response.status_code == 404
    assert CaseKey.objects.using(KEYS).filter(case_code=anonymous.code).exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.CHAMPION])
def test_nobody_else_may_erase(client, make_user, network, named, role: Role) -> None:
    sign_in(client, make_user(f"someone.{role}@example.org", (network, role)))
    assert client.get(erase_url(named)).status_code == 404
    assert client.post(erase_url(named), {"reason": REASON}).status_code == 404
    assert CaseKey.objects.using(KEYS).filter(case_code=named.code).exists()


def test_an_erasure_is_confirmed_only_to_the_networks_officers(
    client, officer, make_user, other_network, named
) -> None:
    sign_in(client, officer).post(erase_url(named), {"reason": REASON})
    other = make_user("dpo.other@example.org", (other_network, Role.DPO))
    erased = f"/data-protection/concerns/{named.code}/erased/"
    assert sign_in(client, other).get(erased).status_code == 404


def test_erasing_a_concern_still_open_withdraws_it(client, officer, named) -> None:
    assert named.stage not in (Stage.CLOSED, Stage.WITHDRAWN, Stage.HELD)
    sign_in(client, officer).post(erase_url(named), {"reason": REASON})
    case = Case.objects.get(pk=named.pk)
    assert case.stage == Stage.WITHDRAWN and case.withdrawn_at is not None
    assert not case.assignments.filter(ended_at__isnull=True).exists()
