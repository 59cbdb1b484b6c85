"""Every email goes through one function, says nothing of a case, and is recorded without content."""

from __future__ import annotations

import datetime
import io
from unittest import mock

import pytest
import requests
from django.core import mail as outbox
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from safespace.accounts.models import Role
from safespace.actions import services as actions
from safespace.cases.services import assign, create
from safespace.notifications import mail
from safespace.notifications.models import SentEmail
from tests.helpers import dump_all_databases

NOTIFY = {
    "EMAIL_BACKEND": mail.NOTIFY_BACKEND,
    "NOTIFY_API_KEY": "safespace_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
    "NOTIFY_TEMPLATE_ID": "f33517ff-2a88-4f6e-b855-c550268ce08a",
}


def test_an_email_is_sent_and_recorded_with_recipient_template_and_time(db) -> None:
    before = timezone.now()
    mail.send("Someone@Example.org", "digest", "Safe Space", "There is something to see.")
    (email,) = outbox.outbox
    assert email.to == ["Someone@Example.org"] and email.subject == "Safe Space"
    (record,) = SentEmail.objects.values()
    assert set(record) == {"id", "recipient", "template", "sent"}
    assert record["recipient"] == mail.recipient_key("someone@example.org")
    assert record["template"] == "digest"
    assert before <= record["sent"] <= timezone.now()


def test_the_record_holds_neither_the_words_nor_the_address(db) -> None:
    mail.send(
        "private.person@home.example",
        "you-have-a-new-message",
        "Safe Space subject line",
        "Body words that must not be kept",
        attachments=[("invite.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    dump = dump_all_databases()
    for kept_nowhere in ("private.person", "Safe Space subject", "Body words", "VCALENDAR"):
        assert kept_nowhere not in dump
    assert "you-have-a-new-message" in dump


def test_an_email_that_fails_to_send_is_not_recorded(db) -> None:
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("no route")),
        pytest.raises(OSError),
    ):
        mail.send("someone@example.org", "digest", "Safe Space", "x")
    assert not SentEmail.objects.exists()


@override_settings(SAFESPACE_BASE_URL="https://safespace.example.gov.uk/")
def test_notifications_say_only_that_there_is_something_to_see_with_a_link(db) -> None:
    mail.notify(["lead@example.org", "", "lead@example.org"], "A new concern has arrived")
    (email,) = outbox.outbox
    assert email.body == (
        "A new concern has arrived.\n\n"
        "Sign in to Safe Space to see it: https://safespace.example.gov.uk/\n"
    )
    assert SentEmail.objects.get().template == "a-new-concern-has-arrived"


def test_meeting_invitations_go_through_it_with_their_calendar_file(
    make_user, network, django_capture_on_commit_callbacks
) -> None:
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    manager = make_user("manager@example.org", (network, Role.MANAGER))
    case = create.create_case(create.NewConcern(network=network, narrative="About the rota"))
    assign.assign_champion(case, champion, actor=None)
    outbox.outbox.clear()
    SentEmail.objects.all().delete()
    starts = timezone.now() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = actions.schedule_meeting(
            case,
            champion,
            starts=starts,
            minutes_long=60,
            place="Room 4",
            managers=[manager],
            raiser_attends=False,
            director_attends=False,
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel(meeting, champion)
    assert sorted(SentEmail.objects.values_list("template", flat=True)) == [
        "meeting-cancellation",
        "meeting-cancellation",
        "meeting-invitation",
        "meeting-invitation",
    ]
    for email in outbox.outbox:
        ((name, _content, mimetype),) = email.attachments
        assert name == "safe-space-meeting.ics" and mimetype.startswith("text/calendar")
        assert "http://127.0.0.1:8000/" in email.body and "rota" not in email.body


@override_settings(**NOTIFY, EMAIL_HOST="smtp.example.gov.uk")
def test_with_notify_a_calendar_file_goes_by_smtp_when_smtp_is_set_up_too(db) -> None:
    with (
        mock.patch(
            "django.core.mail.backends.smtp.EmailBackend.send_messages", return_value=1
        ) as smtp,
        # Notify's client sends through a requests session; nothing leaves the machine.
        mock.patch.object(requests.Session, "request") as notify,
    ):
        mail.send(
            "a@example.org",
            "meeting-invitation",
            "Safe Space",
            "x",
            [("a.ics", "x", "text/calendar")],
        )
        mail.send("a@example.org", "digest", "Safe Space", "x")
    assert smtp.call_count == 1 and notify.call_count == 1
    assert SentEmail.objects.count() == 2


def test_sent_emails_lists_what_went_to_one_address(db) -> None:
    mail.send("helen@example.org", "digest", "Safe Space", "x")
    mail.send("someone.else@example.org", "digest", "Safe Space", "x")
    out = io.StringIO()
    call_command("sent_emails", "Helen@example.org", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("  digest") and lines[-1] == "1 emails sent to that address"
