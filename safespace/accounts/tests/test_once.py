"""A form page acts once: a double click or a resend of the same page makes nothing twice."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from safespace.accounts import once
from safespace.accounts.models import Role, SentForm
from safespace.actions.models import Action, ActionUpdate, Meeting
from safespace.aftercare import services as aftercare
from safespace.aftercare.models import CheckIn, Closure, FeedbackAnswer, FeedbackGiven
from safespace.audit.models import AuditEvent
from safespace.cases.models import Message, Note, TimeEntry
from safespace.champions.models import TrainingRecord
from safespace.tripwire.models import HREvent
from tests.helpers import action as action
from tests.helpers import listening as listening
from tests.helpers import new_action, new_meeting, raiser_client, sign_in, training
from tests.helpers import pool as pool
from tests.helpers import setting as setting

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def token_on(page: str) -> str:
    found = re.search(r'name="once" value="([0-9a-f]{32})"', page)
    assert found, "the form carries its one-time token"
    return found.group(1)


def test_a_meeting_sent_twice_is_scheduled_once(client: Client, setting) -> None:
    champion, manager, case, _ = setting
    sign_in(client, champion)
    path = f"/cases/{case.code}/meetings/new/"
    data = {**new_meeting("Room 7"), "managers": [str(manager.pk)]}
    data["once"] = token_on(client.get(path).content.decode())
    first = client.post(path, data)
    second = client.post(path, data)
    assert Meeting.objects.filter(case=case, place="Room 7").count() == 1
    assert "/meetings/" in first["Location"]
    # The second send is answered as the first was, and says so.
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"]).content.decode()
    assert once.ALREADY in page
    # Nothing was done the second time: it is a word to note, not a green "Success" (the
    # first send's "Success" is shown above it, since that one was done).
    banner = re.search(
        r'>(\w+)</h2>\s*</div>\s*<div class="govuk-notification-banner__content">'
        r'\s*<p class="govuk-notification-banner__heading">' + re.escape(once.ALREADY),
        page,
    )
    assert banner is not None and banner.group(1) == "Important"
    # A fresh page is a fresh meeting.
    data["once"] = token_on(client.get(path).content.decode())
    client.post(path, data)
    assert Meeting.objects.filter(case=case, place="Room 7").count() == 2


def test_an_action_sent_twice_is_added_once(client: Client, setting) -> None:
    champion, manager, case, held = setting
    sign_in(client, champion)
    path = f"/cases/{case.code}/meetings/{held.code}/actions/new/"
    data = {**new_action(manager, "Review the rota"), "once": ""}
    data["once"] = token_on(client.get(path).content.decode())
    client.post(path, data)
    client.post(path, data)
    assert Action.objects.filter(meeting=held).count() == 1


def test_a_form_with_errors_keeps_its_token_so_the_fixed_send_still_acts_once(
    client: Client,
    setting,
) -> None:
    champion, manager, case, held = setting
    sign_in(client, champion)
    path = f"/cases/{case.code}/meetings/{held.code}/actions/new/"
    token = token_on(client.get(path).content.decode())
    wrong = client.post(path, {**new_action(manager, ""), "once": token})
    assert token_on(wrong.content.decode()) == token
    fixed = {**new_action(manager, "Review the rota"), "once": token}
    client.post(path, fixed)
    client.post(path, fixed)
    assert Action.objects.filter(meeting=held).count() == 1


def test_training_sent_twice_is_recorded_once(client: Client, pool) -> None:
    lead, champion = pool
    sign_in(client, lead)
    path = f"/champions/{champion.code}/training/"
    data = {**training("Listening well"), "once": ""}
    data["once"] = token_on(client.get(path).content.decode())
    client.post(path, data)
    client.post(path, data)
    assert TrainingRecord.objects.filter(course="Listening well").count() == 1


def test_a_token_is_spent_once_and_forgotten_after_a_day() -> None:
    token = once.new_token()
    assert once.claim(token)
    assert not once.claim(token)
    SentForm.objects.update(sent=timezone.now() - datetime.timedelta(days=2))
    once.claim(once.new_token())
    assert not SentForm.objects.filter(token=token).exists()


def test_a_note_time_or_message_sent_twice_is_kept_once(client: Client, setting) -> None:
    champion, _, case, _ = setting
    sign_in(client, champion)
    sends = {
        f"/cases/{case.code}/note/": {"body": "Called them back", "shared_with_raiser": "no"},
        f"/cases/{case.code}/time/": {
            "day": timezone.localdate().isoformat(),
            "minutes": "30",
            "activity": "listening",
        },
        f"/cases/{case.code}/message/": {"body": "Thank you for telling us"},
    }
    for path, data in sends.items():
        page = client.get(path if "message" not in path else f"/cases/{case.code}/")
        data["once"] = token_on(page.content.decode())
        client.post(path, data)
        repeat = client.post(path, data)
        assert repeat["Location"] == f"/cases/{case.code}/"
    assert Note.objects.filter(case=case).count() == 1
    assert TimeEntry.objects.filter(case=case).count() == 1
    assert Message.objects.filter(case=case, from_raiser=False).count() == 1


def test_a_raisers_message_sent_twice_is_kept_once(setting) -> None:
    _, _, case, _ = setting
    browser = raiser_client(case)
    data = {"body": "Is there any news?"}
    data["once"] = token_on(browser.get("/track/concern/").content.decode())
    browser.post("/track/concern/message/", data)
    browser.post("/track/concern/message/", data)
    assert Message.objects.filter(case=case, from_raiser=True).count() == 1


def sent_twice(client: Client, path: str, data: dict[str, str]) -> tuple[str, str]:
    """Send the page's form twice with its one token; the two answers' locations."""
    data = {**data, "once": token_on(client.get(path).content.decode())}
    first, second = client.post(path, data), client.post(path, data)
    assert first.status_code == second.status_code == 302, first.content.decode()[:2000]
    return first["Location"], second["Location"]


def test_action_progress_sent_twice_is_recorded_once(client: Client, setting, action) -> None:
    _, manager, _, _ = setting
    sign_in(client, manager)

    first, second = sent_twice(
        client, f"/actions/{action.code}/", {"status": "done", "note": "Rota changed"}
    )

    assert ActionUpdate.objects.filter(action=action).count() == 1
    assert second == first
    assert once.ALREADY in client.get(second).content.decode()


def test_a_close_sent_twice_closes_once_with_one_set_of_check_ins(
    client: Client, listening
) -> None:
    champion, case = listening
    sign_in(client, champion)
    close = {"outcome": "resolved", "formal_process": "", "summary": "Sorted together."}

    first, second = sent_twice(client, f"/cases/{case.code}/close/", close)

    assert Closure.objects.filter(case=case).count() == 1
    assert CheckIn.objects.filter(case=case).count() == 3
    assert second == first


def test_feedback_sent_twice_is_kept_once(listening) -> None:
    champion, case = listening
    aftercare.close(case, champion, outcome="resolved", formal_process="", summary="Done.")
    them = raiser_client(case)
    answers = {"felt_heard": "4", "speak_up_again": "yes", "anything_else": ""}

    first, second = sent_twice(them, "/track/concern/feedback/", answers)

    assert FeedbackGiven.objects.filter(case=case).count() == 1
    assert FeedbackAnswer.objects.count() == 1
    assert second == first


@pytest.fixture
def uploaders(make_user, network):
    return (
        make_user("admin@example.org", (network, Role.ADMIN)),
        make_user("hr@example.org", (network, Role.HR)),
    )


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_an_hr_file_sent_twice_is_imported_once(client: Client, uploaders) -> None:
    sign_in(client, uploaders[1])
    day = f"{timezone.localdate():%Y-%m-%d}"
    text = f"employee_number,event,date\nQX-1,capability,{day}\nQX-2,dismissal,{day}\n"
    token = token_on(client.get("/hr-events/import/").content.decode())
    first = client.post("/hr-events/import/", {"file": upload("e.csv", text), "once": token})
    second = client.post("/hr-events/import/", {"file": upload("e.csv", text), "once": token})
    assert first.status_code == second.status_code == 302
    assert HREvent.objects.count() == 2
    assert once.ALREADY in client.get(second["Location"]).content.decode()


def test_an_hr_file_partly_imported_shows_a_fresh_form_and_keeps_its_rows_once(
    client: Client, uploaders
) -> None:
    sign_in(client, uploaders[1])
    day = f"{timezone.localdate():%Y-%m-%d}"
    text = f"employee_number,event,date\nQX-1,capability,{day}\nQX-2,no-such-kind,{day}\n"
    token = token_on(client.get("/hr-events/import/").content.decode())
    first = client.post("/hr-events/import/", {"file": upload("e.csv", text), "once": token})
    assert first.status_code == 200 and HREvent.objects.count() == 1
    assert token_on(first.content.decode()) != token, "the corrected file is a new send"
    client.post("/hr-events/import/", {"file": upload("e.csv", text), "once": token})
    assert HREvent.objects.count() == 1


def test_a_directory_file_sent_twice_is_imported_once_and_a_refused_one_can_be_sent_again(
    client: Client, uploaders
) -> None:
    sign_in(client, uploaders[0])
    header = "employee_number,name,email,directorate,service,manager_employee_number\n"
    bad = header + "1,,not-an-email,Place,,\n"
    good = header + "1,Ada Okafor,ada@example.org,Place,,\n"
    token = token_on(client.get("/staff-directory/import/").content.decode())
    refused = client.post("/staff-directory/import/", {"file": upload("s.csv", bad), "once": token})
    assert refused.status_code == 200 and token_on(refused.content.decode()) == token
    for _ in range(2):
        client.post("/staff-directory/import/", {"file": upload("s.csv", good), "once": token})
    assert AuditEvent.objects.filter(action__startswith="directory.import").count() == 1
