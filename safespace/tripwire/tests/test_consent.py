"""The raiser chooses to be watched for an HR process, and can stop; the number is never kept."""

from __future__ import annotations

import json

from django.test import Client
from django.utils import timezone

from safespace.audit.models import AuditEvent
from safespace.cases.models import Case
from safespace.concerns.models import Draft
from safespace.tripwire import importer, keys, tokens
from safespace.tripwire.models import Alert
from tests.helpers import (
    ANSWERS,
    NUMBER,
    answer_every_question,
    dump_all_databases,
    raiser_client,
    run_worker,
)

STEP = "/raise/hr-watch/"


def raise_watched(client: Client, answer: dict[str, str]) -> Case:
    answer_every_question(client, **{"hr-watch": answer})
    client.post(STEP, answer)
    assert client.post("/raise/check-your-answers/").status_code == 302
    return Case.objects.get()


def test_the_question_comes_before_the_passphrase_and_says_who_is_told(client, network) -> None:
    response = client.post("/raise/sharing/", ANSWERS["sharing"])
    assert response["Location"] == STEP
    body = client.get(STEP).content.decode()
    assert "Do you want us to watch for an HR process starting against you?" in body
    assert "HR is never told that you spoke up" in body
    assert "for 12 months after it closes" in body


def test_a_raiser_who_agrees_is_watched_by_the_keyed_hash_of_their_number(client, network) -> None:
    case = raise_watched(client, {"hr_watch": "yes", "employee_number": NUMBER})
    assert case.hr_watch is True
    assert case.hr_watch_key == keys.watch_key(NUMBER)


def test_not_answering_or_saying_no_means_not_watched(client, network) -> None:
    case = raise_watched(client, {"hr_watch": "no", "employee_number": NUMBER})
    assert (case.hr_watch, case.hr_watch_key) == (False, "")


def test_saying_yes_needs_an_employee_number(client, network) -> None:
    body = client.post(STEP, {"hr_watch": "yes", "employee_number": " "}).content.decode()
    assert "Enter your employee number, or choose not to be watched" in body
    body = client.post(STEP, {"hr_watch": "yes", "employee_number": "12;34"}).content.decode()
    assert "Enter your employee number using only letters, numbers and hyphens" in body


def test_check_your_answers_says_whether_they_are_watched_without_the_number(
    client, network
) -> None:
    answer_every_question(client)
    client.post(STEP, {"hr_watch": "yes", "employee_number": NUMBER})
    body = client.get("/raise/check-your-answers/").content.decode()
    assert "Watch for an HR process starting against you" in body
    assert "Yes, with your employee number" in body
    assert NUMBER not in body


def test_the_raiser_can_stop_being_watched(hr, watched, django_capture_on_commit_callbacks) -> None:
    browser = raiser_client(watched)
    page = browser.get("/track/concern/").content.decode()
    assert "Stop watching for an HR process" in page
    response = browser.post("/track/concern/hr-watch/stop/", follow=True)
    body = response.content.decode()
    assert "We will no longer watch for an HR process starting against you" in body
    assert "Stop watching for an HR process" not in body
    assert "stopped watching for an HR process starting against you" in body  # access list
    watched.refresh_from_db()
    assert (watched.hr_watch, watched.hr_watch_key) == (False, "")
    assert AuditEvent.objects.filter(action="tripwire.stop").count() == 1
    importer.import_csv(f"employee_number,event,date\n{NUMBER},capability,{timezone.localdate()}\n")
    run_worker()
    assert not Alert.objects.exists()


def test_no_raw_employee_number_is_anywhere_in_either_database(network, hr) -> None:
    client = Client()
    answer_every_question(client)
    client.post(STEP, {"hr_watch": "yes", "employee_number": NUMBER})
    assert Draft.objects.exists()
    drafted = dump_all_databases()
    client.post("/raise/check-your-answers/")
    today = f"{timezone.localdate():%Y-%m-%d}"
    importer.import_csv(f"employee_number,event,date\n{NUMBER},capability,{today}\n", actor=hr)
    payload = {"rows": [{"employee_number": NUMBER, "event": "dismissal", "date": today}]}
    Client().post(
        "/api/hr-events/",
        json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens.create(hr)}"},
    )
    run_worker()
    assert Alert.objects.count() == 2
    dumped = dump_all_databases()
    for dump in (drafted, dumped):
        for spelling in (NUMBER, keys.normalise(NUMBER), NUMBER.replace("-", " ")):
            assert spelling.lower() not in dump.lower(), spelling
