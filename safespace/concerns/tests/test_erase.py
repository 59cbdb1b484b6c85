"""A raiser erases their anonymous concern at once; a named one goes to the DPO."""

from __future__ import annotations

import re

from safespace.accounts.models import Role
from safespace.aftercare.models import Outcome
from safespace.audit.actions import AuditAction
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Stage
from safespace.cases.services import assign, stages
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from tests.helpers import opens_a_concern, raise_concern, receipt_from, sign_in


def test_an_anonymous_concern_is_erased_for_good_after_a_warning(client, network) -> None:
    receipt = receipt_from(raise_concern(client))
    case = Case.objects.get()
    warning = client.get("/track/concern/erase/").content.decode()
    assert "This cannot be undone." in warning and "Erase my concern" in warning
    assert CaseKey.objects.using(KEYS).filter(case_code=case.code).exists()

    done = client.post("/track/concern/erase/").content.decode()
    assert "Your concern has been erased" in done
    # Its key is gone, so no copy of the database can read it; the row stays, without words.
    assert not CaseKey.objects.using(KEYS).filter(case_code=case.code).exists()
    assert Case.objects.filter(pk=case.pk).exists()
    recorded = AuditEvent.objects.filter(object_code=str(case.code), actor_role="raiser")
    assert {AuditAction.CASE_ERASE, AuditAction.CASE_SHRED} <= set(
        recorded.values_list("action", flat=True)
    )
    # Nothing is left for this browser, or the receipt, to open.
    assert client.get("/track/concern/")["Location"] == "/track/"
    assert not opens_a_concern(receipt)


def test_a_named_concern_is_sent_to_the_data_protection_officer(client, network) -> None:
    raise_concern(client)
    Case.objects.update(anonymous=False)
    case = Case.objects.get()
    page = client.get("/track/concern/erase/").content.decode()
    assert "Ask our data protection officer to erase your concern" in page
    assert case.reference in page and "mailto:dpo@example.org" in page
    client.post("/track/concern/erase/")
    assert CaseKey.objects.using(KEYS).filter(case_code=case.code).exists()


def test_a_held_concern_nobody_read_is_deleted_outright(client, network) -> None:
    raise_concern(client)
    case = Case.objects.get()
    Case.objects.filter(pk=case.pk).update(stage=Stage.HELD)
    assert "Your concern has been erased" in client.post("/track/concern/erase/").content.decode()
    assert not Case.objects.filter(pk=case.pk).exists()


def test_erasing_sent_twice_erases_once_and_answers_kindly(client, network) -> None:
    raise_concern(client)
    case = Case.objects.get()
    page = client.get("/track/concern/erase/").content.decode()
    token = re.search(r'name="once" value="([^"]+)"', page)
    assert token is not None
    first = client.post("/track/concern/erase/", {"once": token.group(1)})
    assert "Your concern has been erased" in first.content.decode()
    # The same form again (a double click, a resend after a slow answer): nothing more happens,
    # and nothing breaks.
    again = client.post("/track/concern/erase/", {"once": token.group(1)})
    assert again.status_code == 302
    erased = AuditEvent.objects.filter(object_code=str(case.code), action=AuditAction.CASE_ERASE)
    assert erased.count() == 1


def test_erasing_a_concern_being_worked_on_stops_the_work_on_it(client, network, make_user) -> None:
    raise_concern(client)
    case = Case.objects.get()
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=lead)
    stages.move(case, Stage.LISTENING)
    client.post("/track/concern/erase/")
    case.refresh_from_db()
    # Withdrawn, as the raiser withdrawing it would leave it, and then shredded.
    assert case.stage == Stage.WITHDRAWN and case.withdrawn_at is not None
    assert not case.assignments.filter(ended_at__isnull=True).exists()
    assert case.closures.get().outcome == Outcome.WITHDRAWN
    assert not CaseKey.objects.using(KEYS).filter(case_code=case.code).exists()
    # Off the champion's list of cases they are working on.
    sign_in(client, champion)
    assert case.reference not in client.get("/cases/").content.decode()
