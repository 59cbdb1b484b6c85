"""The whole raise flow through the test client, and coming back with /track/."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import Directorate, Role, Theme
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record
from safespace.audit.models import AuditEvent
from safespace.cases.models import Case, Sharing, Stage
from safespace.cases.services import assign
from safespace.cases.services import messages as case_messages
from safespace.cases.services import notes as case_notes
from safespace.cases.services import reads as case_reads
from safespace.concerns import drafts
from safespace.lib import receipts
from safespace.policy import RAISER_SINCE
from tests.helpers import (
    ANSWERS,
    answer_every_question,
    opens_a_concern,
    raise_concern,
    receipt_from,
)

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


@pytest.fixture
def lead(make_user, network):
    return make_user("lead@example.org", (network, Role.LEAD))


def test_the_start_page_table_says_what_the_design_says_about_who_sees_what(
    client, network
) -> None:
    body = client.get("/raise/").content.decode()
    for promise in [
        "a one-line summary of each open concern",  # other champions, for the monthly review
        "Administrator",
        "Anything about any concern",
        "the meetings and action plans it leads to, and any escalations",  # the Director
        "and records why if they ever have to",
    ]:
        assert promise in body, promise
    assert "They come from a different directorate" not in body


def test_the_promised_first_contact_is_the_networks_own(client, network) -> None:
    network.first_contact_days = 3
    network.save()
    answer_every_question(client)
    pages = {
        "check": client.get("/raise/check-your-answers/"),
        "home": client.get("/"),
    }
    client.post("/raise/check-your-answers/")
    pages["confirmation"] = client.get("/raise/confirmation/")
    for name, page in pages.items():
        body = page.content.decode()
        assert "within 3 working days" in body, name
        assert "2 working days" not in body, name


def test_the_start_page_says_who_sees_what_before_any_question(client, network) -> None:
    body = client.get("/raise/").content.decode()
    assert "Nothing is sent until you confirm" in body
    assert "You can stop at any point" in body
    assert "Director of Wellbeing" in body
    assert "Exit this page" in body
    assert "<title>Raise a concern \u2013 Safe Space</title>" in body


def test_every_raise_and_track_page_has_exit_and_a_discreet_distinct_title(client, network) -> None:
    titles = {}
    for path in ["/", "/raise/", *[f"/raise/{slug}/" for slug in ANSWERS], "/track/"]:
        body = client.get(path).content.decode()
        assert "govuk-exit-this-page" in body, path
        titles[path] = re.search(r"<title>([^<]*)</title>", body).group(1)
    assert titles["/raise/what-happened/"] == "Question 1 of 10 \u2013 Safe Space"
    assert titles["/track/"] == "Return to a concern \u2013 Safe Space"
    assert len(set(titles.values())) == len(titles)  # each page told apart
    assert all(title.endswith("Safe Space") for title in titles.values())
    refused = client.post("/raise/contact/", {"method": "phone"}).content.decode()
    assert re.search(r"<title>Error: Question \d+ of 10 \u2013 Safe Space</title>", refused)


def test_an_anonymous_concern_is_sent_and_the_leads_are_told_nothing_of_it(
    client, lead, network, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page = raise_concern(client)
    receipt = receipt_from(page)
    assert "violet harbour trellis" in page
    case = Case.objects.get()
    assert case.anonymous
    assert case.share_with_director == Sharing.ANONYMOUS
    assert case.stage == Stage.NEW
    assert case.first_contact_due is not None
    assert receipt.replace("-", "") not in case.receipt_hash
    assert case.receipt_hash.startswith("$argon2id$") and case.passphrase_hash.startswith(
        "$argon2id$"
    )
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert "hair" not in mail.outbox[0].body and mail.outbox[0].subject == "Safe Space"


def test_unicode_and_html_are_kept_exactly_and_shown_as_text(client, network) -> None:
    raise_concern(client)
    body = client.get("/track/concern/").content.decode()
    assert "✊🏾" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)</script>" not in body
    content = case_reads.read_content(Case.objects.get(), None)
    assert content.narrative == ANSWERS["what-happened"]["narrative"]


def test_answers_survive_a_validation_error(client, network) -> None:
    client.post("/raise/what-happened/", {"narrative": "kept words"})
    response = client.post("/raise/contact/", {"method": "phone", "phone": "not a number"})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a phone number, like 07700 900 982" in body
    assert 'value="not a number"' in body
    assert "kept words" in client.get("/raise/what-happened/").content.decode()


def test_answers_survive_going_back_and_a_lost_session(client, network) -> None:
    client.post("/raise/what-happened/", {"narrative": "still here"})
    client.post("/raise/what-you-want/", {"want": "mediation"})
    client.cookies.pop("safespace_session", None)
    assert "still here" in client.get("/raise/what-happened/").content.decode()
    assert 'value="mediation" checked' in client.get("/raise/what-you-want/").content.decode()
    assert "Continue where you left off" in client.get("/raise/").content.decode()


def test_a_draft_is_unreadable_without_the_browser_cookie(client, network) -> None:
    from safespace.concerns.models import Draft

    client.post("/raise/what-happened/", {"narrative": "draft words only"})
    sealed = bytes(Draft.objects.get().sealed)
    assert b"draft words only" not in sealed
    other = Client()
    assert "draft words only" not in other.get("/raise/what-happened/").content.decode()


def test_a_too_long_story_gets_a_kind_message_and_is_kept(client, network) -> None:
    long = "a" * 20001
    body = client.post("/raise/what-happened/", {"narrative": long}).content.decode()
    assert "What happened must be 20,000 characters or fewer" in body
    assert long in body


def test_required_questions_are_asked_before_sending(client, network) -> None:
    client.post("/raise/what-happened/", {"narrative": "x"})
    response = client.post("/raise/check-your-answers/")
    assert response["Location"] == "/raise/themes/"
    assert Case.objects.count() == 0


def test_a_double_submit_creates_one_concern(client, network) -> None:
    answer_every_question(client)
    assert client.post("/raise/check-your-answers/")["Location"] == "/raise/confirmation/"
    assert client.post("/raise/check-your-answers/")["Location"] == "/raise/confirmation/"
    assert opens_a_concern(receipt_from(client.get("/raise/confirmation/").content.decode()))
    # Once the receipt has been shown, the answers are gone: sending again starts afresh.
    assert client.post("/raise/check-your-answers/")["Location"] == "/raise/what-happened/"
    assert Case.objects.count() == 1


def test_two_overlapping_sends_show_the_receipt_that_opens_the_one_concern(client, network) -> None:
    """A second tab sends the same answers between this request reading the draft and saving
    the case: whichever gets in first, the receipt shown must open the one concern."""
    answer_every_question(client)
    other_tab = Client()
    for name, morsel in client.cookies.items():
        other_tab.cookies[name] = morsel.value
    real_load = drafts.load
    overtaken: list[int] = []

    def load_then_let_the_other_tab_send(request):
        draft = real_load(request)
        if request.method == "POST" and not overtaken:
            overtaken.append(0)
            overtaken[0] = other_tab.post("/raise/check-your-answers/").status_code
        return draft

    with mock.patch.object(drafts, "load", load_then_let_the_other_tab_send):
        response = client.post("/raise/check-your-answers/")
    assert overtaken == [302]
    assert response["Location"] == "/raise/confirmation/"
    assert Case.objects.count() == 1
    # The browser shows one page for both sends: it holds the receipt, which opens the one
    # concern; then the receipt is kept nowhere.
    shown_here = receipt_from(client.get("/raise/confirmation/").content.decode())
    assert opens_a_concern(shown_here)
    assert other_tab.get("/raise/confirmation/").status_code == 302


def test_only_the_contact_details_for_the_chosen_way_are_kept(client, network) -> None:
    # They first chose email, then changed their mind to phone; the email is still in the box.
    answer_every_question(
        client, contact={"method": "phone", "phone": "07700 900 982", "email": "me@example.com"}
    )
    check = client.get("/raise/check-your-answers/").content.decode()
    assert "By phone: 07700 900 982" in check
    assert "me@example.com" not in check
    client.post("/raise/check-your-answers/")
    content = case_reads.read_content(Case.objects.get(), None)
    assert content.contact_details == "07700 900 982"


def test_the_error_summary_takes_you_to_the_first_option_of_a_radio_or_checkbox_question(
    client, network
) -> None:
    body = client.post("/raise/contact/", {}).content.decode()
    assert '<a href="#id_method_0">Select how a champion should contact you</a>' in body
    assert 'id="id_method_0"' in body
    body = client.post("/raise/themes/", {"themes": ["99999"]}).content.decode()
    assert '<a href="#id_themes_0">Select the themes from the list</a>' in body
    assert 'id="id_themes_0"' in body
    body = client.post("/raise/contact/", {"method": "phone", "phone": ""}).content.decode()
    assert '<a href="#id_phone">Enter your phone number</a>' in body


def test_the_suggested_passphrase_works(client, network) -> None:
    page = raise_concern(client, passphrase={"choice": "suggested", "own": ""})
    words = re.search(
        r"Your passphrase: <strong class=\"app-code\">([a-z ]+)</strong>", page
    ).group(1)
    assert len(words.split()) == 5
    returning = Client()
    response = returning.post("/track/", {"receipt": receipt_from(page), "passphrase": words})
    assert response["Location"] == "/track/concern/"


def test_track_signs_in_with_both_secrets(client, network) -> None:
    receipt = receipt_from(raise_concern(client))
    returning = Client()
    response = returning.post(
        "/track/", {"receipt": receipt.lower(), "passphrase": "violet  harbour trellis"}
    )
    assert response["Location"] == "/track/concern/"
    assert "Your concern" in returning.get("/track/concern/").content.decode()


def test_track_gives_one_message_whatever_was_wrong(client, network) -> None:
    receipt = receipt_from(raise_concern(client))
    wrong_passphrase = Client().post(
        "/track/", {"receipt": receipt, "passphrase": "wrong one here"}
    )
    wrong_code = Client().post(
        "/track/", {"receipt": "0000-0000-0000-0000", "passphrase": "violet harbour trellis"}
    )
    malformed = Client().post(
        "/track/", {"receipt": "hello", "passphrase": "violet harbour trellis"}
    )
    messages = set()
    for response in (wrong_passphrase, wrong_code, malformed):
        assert response.status_code == 200
        found = re.findall(
            r'class="govuk-error-message">.*?</span> (.*?)</p>', response.content.decode()
        )
        messages.add(tuple(found))
    assert len(messages) == 1


def test_track_is_rate_limited_per_address_without_locking_out_for_good(
    client, network, settings
) -> None:
    from unittest import mock

    from safespace.concerns import ratelimit

    receipt = receipt_from(raise_concern(client))
    right = {"receipt": receipt, "passphrase": "violet harbour trellis"}
    # The limits count in fixed windows: stand at the start of one, so no guess falls in the next.
    start = (time.time() // ratelimit.WINDOW) * ratelimit.WINDOW + 1
    with mock.patch.object(ratelimit, "time") as clock:
        clock.time.return_value = start
        attacker = Client(REMOTE_ADDR="198.51.100.7")
        for guess in range(ratelimit.PER_ADDRESS):
            attacker.post(
                "/track/", {"receipt": f"{guess:04d}-0000-0000-0000", "passphrase": "guess guess"}
            )
        blocked = attacker.post("/track/", right)
        assert blocked.status_code == 429
        assert "too many attempts" in blocked.content.decode().lower()
        owner = Client(REMOTE_ADDR="192.0.2.10")
        assert owner.post("/track/", right).status_code == 302

        clock.time.return_value = start + 16 * 60
        later = attacker.post("/track/", right)
    assert later.status_code == 302


def test_every_staff_access_is_listed_however_often_the_raiser_looks(
    client, make_user, network
) -> None:
    raise_concern(client)
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=None)
    case_reads.read_content(case, champion)
    for _ in range(250):  # the raiser's own visits, which once pushed older accesses off
        record(
            actor_code="",
            actor_role="raiser",
            action=AuditAction.CASE_READ,
            object_type="case",
            object_code=str(case.code),
        )
    body = client.get("/track/concern/").content.decode()
    assert "Your champion read your concern" in body
    assert "You raised the concern" in body
    assert "You read your concern" not in body
    assert "You have opened your concern here 251 times" in body


def test_a_message_from_a_lead_champion_is_labelled_by_their_role(
    client, lead, make_user, network
) -> None:
    raise_concern(client)
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=lead)
    case_messages.send_message(case, "Hello from the lead.", from_raiser=False, author=lead)
    case_messages.send_message(
        case, "Hello from your champion.", from_raiser=False, author=champion
    )
    body = client.get("/track/concern/").content.decode()
    heading = r'<h3 class="govuk-heading-s">{}, [^<]*</h3>\s*<div class="govuk-body">{}'
    assert re.search(heading.format("Your lead champion", "Hello from the lead."), body)
    assert re.search(heading.format("Your champion", "Hello from your champion."), body)


def test_a_note_shared_with_the_raiser_is_signed_in_their_language(
    client, lead, make_user, network, settings
) -> None:
    raise_concern(client)
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=lead)
    case_notes.add_note(case, champion, "Rydym wedi siarad.", shared_with_raiser=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    body = client.get("/track/concern/").content.decode()
    assert re.search(r'<h3 class="govuk-heading-s">Eich hyrwyddwr, [^<]*</h3>', body)
    assert "Your champion," not in body


def test_the_raiser_sees_every_access_to_their_concern(client, make_user, network) -> None:
    receipt_from(raise_concern(client))
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=None)
    case_reads.read_content(case, champion)
    body = client.get("/track/concern/").content.decode()
    assert "Your champion read your concern" in body
    assert "You raised the concern" in body
    assert "champion@example.org" not in body


def test_messages_go_both_ways_and_emails_say_only_that_there_is_one(
    client, make_user, network, django_capture_on_commit_callbacks
) -> None:
    raise_concern(client)
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/track/concern/message/", {"body": "Can we talk on Friday?"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[champion.email]]
    assert "Friday" not in mail.outbox[0].body
    staff = Client()
    from tests.helpers import sign_in

    sign_in(staff, champion)
    assert "Can we talk on Friday?" in staff.get(f"/cases/{case.code}/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/cases/{case.code}/message/", {"body": "Yes, 2pm suits me."})
    assert [m.to for m in mail.outbox] == [["me@example.com"]]
    assert "2pm" not in mail.outbox[0].body
    assert "Yes, 2pm suits me." in client.get("/track/concern/").content.decode()


def test_an_empty_message_is_refused_kindly(client, network) -> None:
    raise_concern(client)
    body = client.post("/track/concern/message/", {"body": "   "}).content.decode()
    assert "Enter a message" in body


def test_someone_who_stays_anonymous_is_not_offered_sharing_with_their_name(
    client, network
) -> None:
    answer_every_question(client)
    page = client.get("/raise/sharing/").content.decode()
    assert 'value="anonymous"' in page
    assert 'value="named"' not in page
    assert "You chose to stay anonymous, so nobody is given your name" in page
    response = client.post(
        "/raise/sharing/", {"share_with_director": "named", "share_with_manager": "none"}
    )
    assert response.status_code == 200
    assert "You chose to stay anonymous, so choose" in response.content.decode()
    # Someone who gives their name is offered it, and told who sees the name.
    client.post("/raise/about-you/", {"named": "yes", "name": "Ada Example", "directorate": ""})
    assert 'value="named"' in client.get("/raise/sharing/").content.decode()


def test_choosing_anonymity_after_sharing_with_a_name_asks_about_sharing_again(
    client, network
) -> None:
    answer_every_question(
        client,
        **{
            "about-you": {"named": "yes", "name": "Ada Example"},
            "sharing": {"share_with_director": "named", "share_with_manager": "none"},
        },
    )
    client.post("/raise/about-you/", {"named": "no", "directorate": ""})
    response = client.get("/raise/check-your-answers/")
    assert response["Location"] == "/raise/sharing/"
    assert client.post("/raise/check-your-answers/")["Location"] == "/raise/sharing/"
    assert not Case.objects.exists()


def test_an_anonymous_raiser_cannot_share_a_name_from_their_concern_page(client, network) -> None:
    raise_concern(client)
    case = Case.objects.get()
    page = client.get("/track/concern/").content.decode()
    assert 'value="named"' not in page
    client.post(
        "/track/concern/sharing/", {"share_with_director": "named", "share_with_manager": "named"}
    )
    case.refresh_from_db()
    assert (case.share_with_director, case.share_with_manager) == (
        Sharing.ANONYMOUS,
        Sharing.NONE,
    )


def test_consent_changes_are_recorded_with_their_time(client, network) -> None:
    raise_concern(client, **{"about-you": {"named": "yes", "name": "Ada Example"}})
    case = Case.objects.get()
    client.post(
        "/track/concern/sharing/", {"share_with_director": "none", "share_with_manager": "named"}
    )
    case.refresh_from_db()
    assert case.share_with_director == Sharing.NONE
    assert case.share_with_manager == Sharing.NAMED
    history = list(case.consent_changes.values_list("with_whom", "level"))
    assert history == [
        ("director", "anonymous"),
        ("manager", "none"),
        ("director", "none"),
        ("manager", "named"),
    ]
    assert "changed who may see your concern" in client.get("/track/concern/").content.decode()


def test_the_raiser_can_withdraw(client, network) -> None:
    raise_concern(client)
    assert "Are you sure" in client.get("/track/concern/withdraw/").content.decode()
    client.post("/track/concern/withdraw/")
    case = Case.objects.get()
    assert case.stage == Stage.WITHDRAWN and case.withdrawn_at is not None
    assert "withdrew the concern" in client.get("/track/concern/").content.decode()


def test_without_a_receipt_sign_in_the_concern_pages_send_you_to_sign_in(client, network) -> None:
    assert client.get("/track/concern/")["Location"] == "/track/"
    assert client.post("/track/concern/message/", {"body": "x"})["Location"] == "/track/"
    assert "what you had just sent was not saved" in client.get("/track/").content.decode()


def test_an_ended_receipt_session_goes_back_to_track_with_a_kind_word(
    client, network, settings
) -> None:
    raise_concern(client)
    session = client.session
    session[RAISER_SINCE] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/track/concern/")
    assert response.status_code == 302 and response["Location"] == "/track/"
    body = client.get("/track/").content.decode()
    assert "You have been signed out of your concern" in body
    assert "<title>Return to a concern \u2013 Safe Space</title>" in body
    assert "Exit this page" in body
    assert "You have been signed out" not in client.get("/track/").content.decode()


def test_themes_and_directorates_come_from_the_network(client, network) -> None:
    theme = Theme.objects.get(network=network)
    directorate = Directorate.objects.create(name="Housing")
    raise_concern(
        client,
        themes={"themes": [str(theme.pk)]},
        directorates={"directorates": [str(directorate.pk)]},
    )
    case = Case.objects.get()
    assert list(case.themes.all()) == [theme]
    assert list(case.directorates_concerned.all()) == [directorate]
    body = client.post("/raise/themes/", {"themes": ["99999"]})
    assert body.status_code in (200, 302)


def test_first_contact_is_due_in_two_working_days_skipping_bank_holidays() -> None:
    import datetime

    from safespace.lib.workdays import add_working_days

    assert add_working_days(datetime.date(2026, 11, 20), 2) == datetime.date(
        2026, 11, 24
    )  # Fri -> Tue
    assert add_working_days(datetime.date(2026, 12, 24), 2) == datetime.date(
        2026, 12, 30
    )  # Christmas


def test_the_receipt_code_is_not_stored_anywhere(client, network) -> None:
    from tests.helpers import dump_all_databases

    receipt = receipt_from(raise_concern(client)).replace("-", "")
    dump = dump_all_databases()
    assert receipt not in dump
    assert "violet harbour trellis" not in dump
    assert receipts.lookup_key(receipt) in dump


def test_the_raisers_own_details_say_what_they_are(client, network) -> None:
    contact = client.get("/raise/contact/").content.decode()
    assert 'type="email"' in contact and 'autocomplete="email"' in contact
    assert 'type="tel"' in contact and 'autocomplete="tel"' in contact
    about = client.get("/raise/about-you/").content.decode()
    assert 'autocomplete="name"' in about


def test_the_access_list_counts_each_persons_reads_once_a_day(client, make_user, network) -> None:
    raise_concern(client)
    case = Case.objects.get()
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=None)
    for _ in range(3):
        case_reads.read_content(case, champion)
    for _ in range(5):
        record(
            actor_code="manager-code",
            actor_role="manager",
            action=AuditAction.ACTIONS_READ,
            object_type="case",
            object_code=str(case.code),
        )
    body = client.get("/track/concern/").content.decode()
    today = timezone.localtime().strftime("%-d %B")
    assert f"Your champion read your concern, 3 times on {today}" in body
    assert body.count("Your champion read your concern") == 1
    assert (
        "A senior manager saw only the actions they are responsible for, not your concern, "
        f"5 times on {today}" in body
    )
    assert "A senior manager opened your concern" not in body
    # Every read is still its own event in the audit trail.
    reads = AuditEvent.objects.filter(object_code=str(case.code), action=AuditAction.CASE_READ)
    assert reads.exclude(actor_role="raiser").count() == 3
