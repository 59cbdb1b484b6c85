"""A form sent from a tab opened before someone else's change never silently undoes it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import Role, User
from safespace.actions import services as meetings
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.aftercare import services as aftercare
from safespace.aftercare.models import Closure
from safespace.cases.services import assign as case_assign
from safespace.cases.services import casework, reads, stages
from safespace.cases.services import notes as case_notes
from safespace.champions.models import Review
from tests.helpers import action as action
from tests.helpers import listening as listening
from tests.helpers import new_meeting, raiser_client, sign_in
from tests.helpers import setting as setting

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

PAGE_NOT_FOUND = "Page not found"
DJANGO_CHOICE = "Select a valid choice"


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"the form carries its {name}"
    return found.group(1)


def opened(client: Client, path: str) -> dict[str, str]:
    """The hidden fields of a form page as it was when opened."""
    page = client.get(path).content.decode()
    return {
        name: value
        for name in ("version", "once")
        if (value := (re.findall(rf'name="{name}" value="([^"]*)"', page) or [""])[0])
    }


def test_a_stale_meeting_change_keeps_the_newer_time_and_what_was_typed(
    client: Client, setting
) -> None:
    champion, _, case, _ = setting
    meeting = Meeting.objects.create(
        case=case, starts=timezone.now() + datetime.timedelta(days=3), place="Room 1"
    )
    sign_in(client, champion)
    path = f"/cases/{case.code}/meetings/{meeting.code}/change/"
    first_tab, second_tab = opened(client, path), opened(client, path)
    client.post(path, {**new_meeting("Room 9"), **first_tab})
    moved = Meeting.objects.get(pk=meeting.pk)

    stale = client.post(path, {**new_meeting("The old room"), **second_tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else changed this meeting while you had this page open" in page
    assert "at Room 9" in page
    assert 'value="The old room"' in page  # what they typed is still there
    assert Meeting.objects.get(pk=meeting.pk).place == "Room 9"
    assert Meeting.objects.get(pk=meeting.pk).starts == moved.starts
    # Saving again, knowing, goes through.
    again = client.post(
        path, {**new_meeting("The old room"), "version": hidden(page, "version"), "once": ""}
    )
    assert again.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).place == "The old room"


def test_stale_action_progress_never_turns_done_back(client: Client, setting, action) -> None:
    _, manager, _, _ = setting
    sign_in(client, manager)
    path = f"/actions/{action.code}/"
    first_tab, second_tab = opened(client, path), opened(client, path)
    client.post(path, {"status": "done", "note": "Rota changed", **first_tab})

    stale = client.post(path, {"status": "not_started", "note": "Not begun yet", **second_tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Manager updated this action to “Done” while you had this page open" in page
    assert "Not begun yet" in page
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE
    assert action.updates.count() == 1


def test_a_stale_close_says_who_closed_it_and_keeps_the_summary(
    client: Client, listening, make_user, network
) -> None:
    champion, case = listening
    other = make_user("amira@example.org", (network, Role.CHAMPION))
    case_assign.assign_champion(case, other, actor=None)
    sign_in(client, champion)
    path = f"/cases/{case.code}/close/"
    tab = opened(client, path)
    aftercare.close(case, other, outcome="resolved", formal_process="", summary="Sorted.")
    typed = "We met twice and the rota is fair now."

    stale = client.post(
        path, {"outcome": "resolved", "formal_process": "", "summary": typed, **tab}
    )

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "This concern was already closed by Amira on" in page
    assert typed in page
    assert PAGE_NOT_FOUND not in page
    assert Closure.objects.filter(case=case).count() == 1
    # Opening the page afresh says the same, not "Page not found", and offers no button.
    fresh = client.get(path).content.decode()
    assert "already closed by Amira" in fresh
    assert "Close the case</button>" not in fresh


def test_a_stale_stage_form_says_where_the_case_went(client: Client, listening) -> None:
    champion, case = listening
    sign_in(client, champion)
    path = f"/cases/{case.code}/stage/"
    tab = opened(client, path)
    choice = next(iter(stages.manual_stages(case)))
    target = sorted(stages.manual_stages(case))[-1]
    stages.change_stage(case, target, champion)
    case.refresh_from_db()

    stale = client.post(path, {"stage": choice, **tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert f"Champion moved this case to “{case.get_stage_display()}”" in page
    assert DJANGO_CHOICE not in page and PAGE_NOT_FOUND not in page
    case.refresh_from_db()
    assert case.stage == target


def test_a_stale_note_edit_shows_the_newer_words_and_keeps_what_was_typed(
    client: Client, setting
) -> None:
    from safespace.cases.models import Note

    champion, _, case, _ = setting
    note = case_notes.add_note(case, champion, "First call made", shared_with_raiser=False)
    sign_in(client, champion)
    path = f"/cases/{case.code}/notes/{note.code}/"
    first_tab, second_tab = opened(client, path), opened(client, path)
    client.post(
        path,
        {"body": "First call made; they want a meeting", "shared_with_raiser": "no", **first_tab},
    )

    stale = client.post(path, {"body": "Call went well", "shared_with_raiser": "no", **second_tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else changed this note while you had this page open" in page
    assert "they want a meeting" in page and "Call went well" in page
    (shown,) = reads.read_notes(case, champion)
    assert shown.body == "First call made; they want a meeting"
    assert Note.objects.filter(case=case).count() == 1


def test_stale_themes_say_what_they_became_and_keep_the_choice(
    client: Client, listening, network
) -> None:
    champion, case = listening
    pay = network.themes.get(name="Pay")
    hours = network.themes.create(name="Hours")
    sign_in(client, champion)
    path = f"/cases/{case.code}/themes/"
    tab = opened(client, path)
    casework.refine_themes(case, [pay], champion)

    stale = client.post(path, {"themes": [str(hours.pk)], **tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Champion changed the themes to “Pay” while you had this page open" in page
    assert re.search(rf'value="{hours.pk}"[^>]*checked', page), "the choice sent is kept"
    assert list(case.themes.all()) == [pay]
    # Saving again from the page shown is a choice made knowing the change.
    again = client.post(path, {"themes": [str(hours.pk)], **opened(client, path)})
    assert again.status_code == 302
    assert list(case.themes.all()) == [hours]


def test_stale_sharing_choices_say_what_they_are_now(listening) -> None:
    _, case = listening
    first_tab, second_tab = raiser_client(case), raiser_client(case)
    stale_form = opened(first_tab, "/track/concern/")
    second_tab.post(
        "/track/concern/sharing/",
        {
            "share_with_director": "anonymous",
            "share_with_manager": "none",
            **opened(second_tab, "/track/concern/"),
        },
    )

    stale = first_tab.post(
        "/track/concern/sharing/",
        {"share_with_director": "none", "share_with_manager": "anonymous", **stale_form},
    )

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Director of Wellbeing: “Yes, without my name”" in page
    assert re.search(r'name="share_with_manager"[^>]*value="anonymous"[^>]*checked', page)
    case.refresh_from_db()
    assert (case.share_with_director, case.share_with_manager) == ("anonymous", "none")


@pytest.fixture
def two_leads(make_user, network):
    first = make_user("lead@example.org", (network, Role.LEAD))
    second = make_user("other.lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    return first, second, champion


def test_a_stale_profile_says_what_it_says_now_and_keeps_what_was_typed(two_leads) -> None:
    first, second, champion = two_leads
    mine, theirs = sign_in(Client(), first), sign_in(Client(), second)
    path = f"/champions/{champion.code}/"
    tab = opened(mine, path)
    theirs.post(path, {"capacity": "1", "away_until": "", "background": "", **opened(theirs, path)})

    stale = mine.post(path, {"capacity": "5", "away_until": "", "background": "Nurse", **tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Other.Lead changed this profile while you had this page open" in page
    assert "it now says up to 1 open case at once, not away" in page
    assert 'value="Nurse"' in page
    assert champion.champion_profile.capacity == 1


def test_terms_published_meanwhile_are_not_replaced_unseen(two_leads, network) -> None:
    from safespace.champions import services as champions

    first, second, _ = two_leads
    champions.publish_terms(network, "Version one", first)
    mine = sign_in(Client(), first)
    tab = opened(mine, "/champions/terms/new/")
    champions.publish_terms(network, "Version two, by the other lead", second)

    stale = mine.post("/champions/terms/new/", {"body": "My version", **tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Other.Lead published version 2 while you had this page open" in page
    assert "Version two, by the other lead" in page and "My version" in page
    assert network.terms.count() == 2


def test_a_stale_application_step_says_where_it_went(two_leads, network) -> None:
    from safespace.champions.models import Application, Pipeline

    first, second, _ = two_leads
    found = Application.objects.create(network=network, full_name="Kemi Ade", email="k@example.org")
    mine, theirs = sign_in(Client(), first), sign_in(Client(), second)
    path = f"/champions/applications/{found.code}/"
    tab = opened(mine, path)
    theirs.post(path, {"status": Pipeline.NOT_TAKEN_FORWARD, **opened(theirs, path)})

    stale = mine.post(path, {"status": Pipeline.APPROVED, **tab})

    assert stale.status_code == 409
    assert "Other.Lead moved this application to “Not taken forward”" in stale.content.decode()
    found.refresh_from_db()
    assert found.status == Pipeline.NOT_TAKEN_FORWARD


def test_a_stale_assign_page_says_who_was_assigned_meanwhile(make_user, network, listening) -> None:
    _, case = listening
    lead = User.objects.get(email="lead@example.org")
    second = make_user("second@example.org", (network, Role.CHAMPION))
    browser = sign_in(Client(), lead)
    path = f"/cases/{case.code}/assign/"
    tab = opened(browser, path)
    case_assign.assign_champion(case, second, actor=lead)

    stale = browser.post(path, {"champion": str(second.pk), "override_reason": "", **tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Lead assigned Champion, Second while you had this page open" in page
    assert case.assignments.filter(ended_at__isnull=True).count() == 2


def test_stale_minutes_never_replace_minutes_saved_meanwhile(client: Client, setting) -> None:
    champion, _, case, held = setting
    sign_in(client, champion)
    path = f"/cases/{case.code}/meetings/{held.code}/minutes/"
    tab = opened(client, path)
    meetings.record_minutes(held, champion, "Agreed a new rota", shared_with_raiser=True)

    stale = client.post(path, {"minutes": "Older words", "shared_with_raiser": "no", **tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Champion saved minutes for this meeting while you had this page open" in page
    assert "Older words" in page
    shown = meetings.read_meetings(case, champion)
    assert [m.minutes for m in shown if m.meeting.pk == held.pk] == ["Agreed a new rota"]


def test_a_stale_monthly_review_never_replaces_minutes_saved_meanwhile(two_leads, network) -> None:
    first, second, champion = two_leads
    found = Review.objects.create(network=network, starts=timezone.now(), place="Room 4")
    mine, theirs = sign_in(Client(), first), sign_in(Client(), second)
    path = f"/champions/reviews/{found.code}/"
    tab = opened(mine, path)
    theirs.post(path, {"attendees": [str(champion.pk)], "minutes": "Newer", **opened(theirs, path)})

    stale = mine.post(path, {"attendees": [], "minutes": "Older words", **tab})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Other.Lead saved the attendance and minutes while you had this page open" in page
    assert "Older words" in page
    found.refresh_from_db()
    assert found.minutes == "Newer"
