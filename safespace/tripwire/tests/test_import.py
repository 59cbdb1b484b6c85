"""HR sends events by upload, command or API: good rows kept, bad rows named, nothing learnt."""

from __future__ import annotations

import io
import json
import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safespace.audit.models import AuditEvent
from safespace.tripwire import importer, keys, tokens
from safespace.tripwire.models import Alert, HREvent
from tests.helpers import NUMBER, run_worker, sign_in

HEADER = "employee_number,event,date\n"
URL = "/hr-events/import/"
API = "/api/hr-events/"
OTHER = "QX-1111-0000"  # nobody who spoke up
# The form's own random tokens, which differ on every page drawn.
CSRF = re.compile(rb'name="(?:csrfmiddlewaretoken|once)" value="[^"]+"')


def today() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("events.csv", text.encode(), content_type="text/csv")


def records() -> list[tuple[object, ...]]:
    """What the latest import left behind, but for the keyed hash, the batch and the time."""
    latest = HREvent.objects.order_by("-pk").first()
    assert latest is not None
    return list(
        HREvent.objects.filter(batch=latest.batch)
        .order_by("pk")
        .values_list("kind", "date", "imported_by")
    )


def test_the_upload_page_shows_a_file_upload_naming_the_columns(client, hr) -> None:
    body = sign_in(client, hr).get(URL).content.decode()
    assert 'class="govuk-file-upload"' in body
    assert 'enctype="multipart/form-data" novalidate' in body
    assert "employee_number, event, date" in body


def test_hr_imports_events_and_is_told_only_how_many_rows_were_accepted(client, hr) -> None:
    sign_in(client, hr)
    text = HEADER + f"{NUMBER},capability,{today()}\n{OTHER},dismissal,{today()}\n"
    response = client.post(URL, {"file": csv_file(text)}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Accepted 2 rows." in response.content.decode()
    assert HREvent.objects.count() == 2


def test_bad_rows_are_listed_by_line_while_the_good_rows_import(client, hr) -> None:
    sign_in(client, hr)
    text = (
        HEADER
        + f"{NUMBER},capability,{today()}\n"  # line 2: good
        + f"{OTHER},suspension,{today()}\n"  # line 3: no such event
        + f"{OTHER},disciplinary,14/03/2026\n"  # line 4: not year-month-day
        + ",grievance,2026-02-30\n"  # line 5: no number, no such day
        + f"{OTHER},dismissal\n"  # line 6: a value short
        + f"{OTHER},Probation_Review,{today()}\n"  # line 7: good
    )
    response = client.post(URL, {"file": csv_file(text)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Import HR events" in body
    summary = body.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    for problem in [
        "Line 3: the event must be one of capability, probation_review, disciplinary, "
        "grievance, dismissal. Check the spelling",
        "Line 4: enter the date as year-month-day, like 2026-03-14",
        "Line 5: enter the employee number",
        "Line 5: the date must be a real date, like 2026-03-14",
        "Line 6: this row has 2 values but the file has 3 columns",
    ]:
        assert problem in summary, problem
    assert "Accepted 2 rows. 4 rows have problems and were not imported." in body
    assert "upload a file of only those rows" in body
    assert sorted(HREvent.objects.values_list("kind", flat=True)) == [
        "capability",
        "probation_review",
    ]


def test_a_file_without_the_right_columns_imports_nothing(client, hr) -> None:
    sign_in(client, hr)
    text = "number,event,date\n" + f"{NUMBER},capability,{today()}\n"
    body = client.post(URL, {"file": csv_file(text)}).content.decode()
    assert "The first row must name the columns employee_number, event, date" in body
    assert "Nothing was imported" in body
    assert not HREvent.objects.exists()


def test_nothing_is_half_written_when_an_import_fails(hr) -> None:
    text = HEADER + f"{NUMBER},capability,{today()}\n{OTHER},dismissal,{today()}\n"
    with (
        mock.patch("safespace.tripwire.importer.record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        importer.import_csv(text, actor=hr)
    assert not HREvent.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_import_reveals_nothing_about_who_matched(client, hr, watched) -> None:
    """A matching and a non-matching import of the same shape answer and leave the same."""
    sign_in(client, hr)
    answers, left, audit = [], [], []
    for number in (NUMBER, OTHER):
        text = HEADER + f"{number},capability,{today()}\n{number},grievance,bad\n"
        response = client.post(URL, {"file": csv_file(text)})
        answers.append(CSRF.sub(b"", response.content))
        left.append(records())
        audit.append(
            list(
                AuditEvent.objects.filter(action="hr_events.import").values_list(
                    "actor_code", "actor_role", "object_type"
                )
            )[-1]
        )
        run_worker()
    assert answers[0] == answers[1]
    assert left[0] == left[1]
    assert audit[0] == audit[1] == (str(hr.code), "hr", "hr_import")
    assert Alert.objects.count() == 1  # the first one did match: HR was not told


def test_the_command_reveals_nothing_about_who_matched(tmp_path, watched) -> None:
    outputs = []
    for number in (NUMBER, OTHER):
        path = tmp_path / "events.csv"
        path.write_text(HEADER + f"{number},capability,{today()}\n{number},bad,{today()}\n")
        out, err = io.StringIO(), io.StringIO()
        call_command("import_hr_events", str(path), stdout=out, stderr=err)
        outputs.append((out.getvalue(), err.getvalue()))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == "Accepted 1 row. 1 row has a problem and was not imported.\n"
    assert "Line 3: the event must be one of" in outputs[0][1]


def test_the_command_fails_when_no_row_is_good(tmp_path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + f"{NUMBER},capability,tomorrow\n")
    with pytest.raises(CommandError, match="Accepted 0 rows"):
        call_command("import_hr_events", str(path), stderr=io.StringIO())


def api(token: str | None, payload: object):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().post(API, json.dumps(payload), content_type="application/json", headers=headers)


def test_the_api_refuses_a_call_without_a_valid_token(hr) -> None:
    tokens.create(hr)
    payload = {"rows": [{"employee_number": NUMBER, "event": "capability", "date": today()}]}
    for token in (None, "sshr_not-a-real-token"):
        response = api(token, payload)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert not HREvent.objects.exists()


def test_the_api_refuses_a_token_of_someone_without_the_hr_role(staff) -> None:
    token = tokens.create(staff["lead"])
    payload = {"rows": [{"employee_number": NUMBER, "event": "capability", "date": today()}]}
    assert api(token, payload).status_code == 403
    assert not HREvent.objects.exists()


def test_the_api_imports_good_rows_and_lists_bad_ones_the_same_whether_or_not_anyone_matched(
    hr, watched
) -> None:
    token = tokens.create(hr)
    answers = []
    for number in (NUMBER, OTHER):
        payload = {
            "rows": [
                {"employee_number": number, "event": "capability", "date": today()},
                {"employee_number": number, "event": "capability"},
                {"employee_number": 12, "event": "capability", "date": today()},
            ]
        }
        response = api(token, payload)
        assert response.status_code == 200
        answers.append(response.content)
    assert answers[0] == answers[1]
    body = json.loads(answers[0])
    # The address gave way to /api/v1/hr-events, and every answer says so.
    assert body.pop("deprecated").startswith("This address is deprecated")
    assert body == {
        "accepted": 1,
        "problems": [
            "Row 2: give employee_number, event and date, each as a string of text",
            "Row 3: give employee_number, event and date, each as a string of text",
        ],
        "summary": "Accepted 1 row. 2 rows have problems and were not imported.",
    }
    run_worker()
    assert Alert.objects.count() == 1


def test_the_api_answers_a_body_that_is_not_rows_with_a_400(hr) -> None:
    token = tokens.create(hr)
    assert api(token, ["not", "an", "object"]).status_code == 400
    response = Client().post(
        API, b"{nope", content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400


def test_a_token_is_printed_once_and_kept_only_as_a_hash(hr, staff) -> None:
    out = io.StringIO()
    call_command("hr_api_token", "hr@example.org", stdout=out)
    token = out.getvalue().splitlines()[-1]
    assert token.startswith(tokens.PREFIX)
    assert hr.api_tokens.get().digest == tokens.digest(token)
    assert token not in str(list(hr.api_tokens.values_list()))
    with pytest.raises(CommandError, match="does not hold the HR import role"):
        call_command("hr_api_token", "lead@example.org", stdout=io.StringIO())
    call_command("hr_api_token", "hr@example.org", "--revoke", stdout=io.StringIO())
    assert api(token, {"rows": []}).status_code == 401


def test_employee_numbers_are_compared_by_a_keyed_hash(settings) -> None:
    first = keys.watch_key(NUMBER)
    assert first == keys.watch_key("qx 5817 2934")
    assert NUMBER not in first and "58172934" not in first
    settings.SAFESPACE_HR_HASH_KEY = "another-key-entirely-another-key-entirely"
    assert keys.watch_key(NUMBER) != first


def test_the_api_answers_odd_bodies_in_json_with_a_clear_error(hr) -> None:
    token = tokens.create(hr)
    headers = {"Authorization": f"Bearer {token}"}
    nested = Client(raise_request_exception=False).post(
        API, "[" * 200_000 + "]" * 200_000, content_type="application/json", headers=headers
    )
    assert nested.status_code == 400
    assert "Send JSON" in nested.json()["error"]

    huge = Client(raise_request_exception=False).post(
        API, " " * (3 * 1024 * 1024), content_type="application/json", headers=headers
    )
    assert huge.status_code == 413
    assert huge.json()["error"] == "Send at most 2 MB in one request"
    assert not HREvent.objects.exists()


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_an_hr_event_dated_far_away_is_refused_saying_the_bounds(hr, date: str) -> None:
    token = tokens.create(hr)
    response = api(
        token, {"rows": [{"employee_number": NUMBER, "event": "dismissal", "date": date}]}
    )
    (problem,) = response.json()["problems"]
    assert "the date must be between 1 January 2000 and 31 December" in problem
    assert not HREvent.objects.exists()


def test_the_upload_page_says_events_before_a_concern_never_alert(client, hr) -> None:
    sign_in(client, hr)
    page = client.get(URL).content.decode()
    assert "started on or after the day someone raised their concern" in page
    assert "12 months after it closed" in page
