"""An HR event trips an alert only for a raiser who agreed, while their concern is watched."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safespace.aftercare import services as aftercare
from safespace.aftercare.models import Closure
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Stage
from safespace.cases.services import create, stages
from safespace.cases.services import shred as case_shred
from safespace.cases.timeline import timeline
from safespace.lib.dates import add_months
from safespace.tripwire import importer
from safespace.tripwire.models import Alert, HREvent
from tests.helpers import NUMBER, raiser_client, run_worker, sign_in

TODAY = "{:%Y-%m-%d}"


def send(hr, *rows: tuple[str, str, str]) -> importer.ImportResult:
    text = "employee_number,event,date\n" + "".join(",".join(row) + "\n" for row in rows)
    return importer.import_csv(text, actor=hr)


def today() -> str:
    return TODAY.format(timezone.localdate())


def closed_months_ago(case: Case, actor, months: int) -> Case:
    """Close the case, as if it was raised a while before and closed this many months ago."""
    Case.objects.filter(pk=case.pk).update(stage=Stage.LISTENING)
    case.refresh_from_db()
    aftercare.close(case, actor, outcome="resolved", formal_process="", summary="Done.")
    closed = add_months(timezone.localdate(), -months)
    when = timezone.make_aware(datetime.datetime.combine(closed, datetime.time(12)))
    Closure.objects.filter(case=case).update(closed_at=when)
    Case.objects.filter(pk=case.pk).update(created=when - datetime.timedelta(days=60))
    case.refresh_from_db()
    return case


def test_an_hr_event_about_a_watched_raiser_alerts_the_lead_and_champion_only(
    hr, watched, staff, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    send(hr, (NUMBER, "capability", today()))
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    assert Alert.objects.get().case == watched
    told = sorted(address for message in mail.outbox for address in message.to)
    # Not the Director, though the concern is shared with them: the date would name the raiser.
    assert told == ["champion@example.org", "lead@example.org"]
    assert all("capability" not in m.body.lower() for m in mail.outbox)
    assert any("noticed an HR process" in entry.what for entry in timeline(watched))


def test_the_raiser_and_the_staff_see_it_on_their_case_pages(client, hr, watched, staff) -> None:
    send(hr, (NUMBER, "capability", "2026-03-14"))
    Case.objects.filter(pk=watched.pk).update(
        created=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)
    )
    run_worker()
    page = raiser_client(watched).get("/track/concern/").content.decode()
    assert (
        "Something was recorded by HR since you spoke up: a capability process started on "
        "14 March 2026." in page
    )
    assert "Your champion and the lead have been told." in page
    staff_page = sign_in(client, staff["lead"]).get(f"/cases/{watched.code}/").content.decode()
    assert "A capability process started on 14 March 2026" in staff_page
    assert "noticed an HR process starting against the person who raised it" in staff_page
    # Shared with the Director without the name: they see the concern, not the alert.
    director_page = Client()
    sign_in(director_page, staff["director"])
    director_sees = director_page.get(f"/cases/{watched.code}/").content.decode()
    assert director_page.get(f"/cases/{watched.code}/").status_code == 200
    assert "14 March 2026" not in director_sees
    assert "HR process" not in director_sees
    reads = AuditEvent.objects.filter(action="hr_alerts.read", object_code=str(watched.code))
    assert sorted(reads.values_list("actor_role", flat=True)) == ["lead", "raiser"]
    assert reads.get(actor_role="lead").actor_code == str(staff["lead"].code)


def test_a_raiser_reading_welsh_is_told_in_welsh(hr, watched, staff) -> None:
    send(hr, (NUMBER, "capability", "2026-03-14"))
    Case.objects.filter(pk=watched.pk).update(
        created=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)
    )
    run_worker()
    raiser = raiser_client(watched)
    raiser.get("/language/cy/")
    page = html.unescape(raiser.get("/track/concern/").content.decode())
    assert (
        "Cofnododd AD rywbeth ers i chi godi llais: dechreuodd proses gallu ar 14 Mawrth 2026."
        in page
    )


def test_a_concern_closed_11_months_ago_is_still_watched(hr, watched, staff) -> None:
    closed_months_ago(watched, staff["champion"], 11)
    send(hr, (NUMBER, "disciplinary", today()))
    run_worker()
    assert Alert.objects.filter(case=watched).count() == 1


def test_a_concern_closed_13_months_ago_is_no_longer_watched(hr, watched, staff) -> None:
    closed_months_ago(watched, staff["champion"], 13)
    send(hr, (NUMBER, "disciplinary", today()))
    run_worker()
    assert not Alert.objects.exists()


def test_how_long_a_closed_concern_is_watched_follows_the_setting(
    hr, watched, staff, settings
) -> None:
    settings.SAFESPACE_TRIPWIRE_MONTHS = 24
    closed_months_ago(watched, staff["champion"], 13)
    send(hr, (NUMBER, "dismissal", today()))
    run_worker()
    assert Alert.objects.filter(case=watched).count() == 1


def test_a_reopened_concern_is_watched_again(hr, watched, staff) -> None:
    case = closed_months_ago(watched, staff["champion"], 13)
    aftercare.reopen(case, staff["lead"], "It started again.")
    send(hr, (NUMBER, "grievance", today()))
    run_worker()
    assert Alert.objects.filter(case=watched).count() == 1


def test_a_raiser_who_did_not_agree_is_never_matched(hr, make_case, staff) -> None:
    make_case(number=None)
    send(hr, (NUMBER, "capability", today()))
    run_worker()
    assert not Alert.objects.exists()
    assert HREvent.objects.count() == 1


def test_a_withdrawn_concern_is_not_watched(hr, watched) -> None:
    stages.withdraw(watched)
    send(hr, (NUMBER, "capability", today()))
    run_worker()
    assert not Alert.objects.exists()


def test_a_process_that_started_before_they_spoke_up_is_not_retaliation(hr, watched) -> None:
    send(hr, (NUMBER, "capability", TODAY.format(timezone.localdate() - datetime.timedelta(1))))
    run_worker()
    assert not Alert.objects.exists()


def test_the_same_event_sent_again_alerts_once(hr, watched, staff) -> None:
    send(hr, (NUMBER, "probation_review", today()))
    send(hr, (NUMBER.lower().replace("-", " "), "probation_review", today()))
    run_worker()
    assert Alert.objects.count() == 1
    assert HREvent.objects.count() == 2


def test_the_matching_is_queued_for_the_worker_not_done_while_hr_waits(hr, watched) -> None:
    send(hr, (NUMBER, "capability", today()))
    assert not Alert.objects.exists()
    assert DBTaskResult.objects.get().task_path == "safespace.tripwire.tasks.match_import"
    run_worker()
    assert Alert.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "sent"),
    [("004512", "4512"), ("e-10457", "E10457"), ("AB 12/34", "ab12.34")],
)
def test_an_employee_number_matches_however_it_was_written(hr, make_case, typed, sent) -> None:
    make_case(number=typed)
    send(hr, (sent, "capability", today()))
    run_worker()
    assert Alert.objects.count() == 1


def test_shredding_a_case_forgets_the_watch(db) -> None:
    from safespace.accounts.models import Network

    network = Network.objects.create(name="Shred Network", slug="shred")
    case = create.create_case(create.NewConcern(network=network, narrative="x"))
    Case.objects.filter(pk=case.pk).update(hr_watch=True, hr_watch_key="ab" * 32)
    case_shred.shred_case(Case.objects.get(pk=case.pk), None)
    shredded = Case.objects.get(pk=case.pk)
    assert not shredded.hr_watch and not shredded.hr_watch_key


def test_shredding_a_case_forgets_its_hr_alerts(
    hr, watched, staff, django_capture_on_commit_callbacks
) -> None:
    send(hr, (NUMBER, "capability", today()))
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    assert Alert.objects.filter(case=watched).exists()
    case_shred.shred_case(Case.objects.get(pk=watched.pk), None)
    # The alert named the kind and day of an HR process about the raiser.
    assert not Alert.objects.filter(case=watched).exists()
