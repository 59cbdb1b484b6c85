"""Stages move only as allowed; notes keep their history; champions-only notes stay so; time adds up."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import Role
from safespace.actions.models import Action, Meeting
from safespace.cases.models import Case, Stage
from safespace.cases.services import assign, create, reads, stages
from safespace.cases.services import notes as case_notes
from safespace.policy import RAISER_CASE, RAISER_SINCE
from tests.helpers import sign_in


@pytest.fixture
def worked(make_user, network):
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    case = create.create_case(create.NewConcern(network=network, narrative="story"))
    assign.assign_champion(case, champion, actor=None)
    return champion, Case.objects.get(pk=case.pk)


def raiser_client(case: Case) -> Client:
    client = Client()
    session = client.session
    session[RAISER_CASE] = str(case.code)
    session[RAISER_SINCE] = __import__("time").time()
    session.save()
    return client


@pytest.mark.parametrize(
    ("start", "allowed"),
    [(stage, sorted(stages.TRANSITIONS[stage])) for stage in Stage],
)
def test_only_the_allowed_transitions_happen(worked, start, allowed) -> None:
    champion, case = worked
    with_a_plan(case, champion)
    for target in Stage:
        Case.objects.filter(pk=case.pk).update(stage=start)
        case.refresh_from_db()
        if target in allowed:
            stages.change_stage(case, target, champion)
            assert Case.objects.get(pk=case.pk).stage == target
        else:
            with pytest.raises(stages.TransitionRefused):
                stages.change_stage(case, target, champion)
            assert Case.objects.get(pk=case.pk).stage == start


def with_a_plan(case: Case, champion) -> None:
    """A held meeting with one action, so the action-plan stage can be reached."""
    meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 1")
    Action.objects.create(
        meeting=meeting, case=case, owner=champion, due=timezone.localdate(), description=b""
    )


def test_a_case_reaches_the_action_plan_stage_only_with_a_plan(worked) -> None:
    champion, case = worked
    Case.objects.filter(pk=case.pk).update(stage=Stage.MEETING)
    case.refresh_from_db()
    with pytest.raises(stages.TransitionRefused):
        stages.change_stage(case, Stage.ACTION_PLAN, champion)
    with_a_plan(case, champion)
    stages.change_stage(case, Stage.ACTION_PLAN, champion)
    assert Case.objects.get(pk=case.pk).stage == Stage.ACTION_PLAN


def test_a_champion_moves_the_case_on_and_the_raiser_sees_it(client, worked) -> None:
    champion, case = worked
    sign_in(client, champion)
    client.post(f"/cases/{case.code}/stage/", {"stage": "listening"})
    assert Case.objects.get(pk=case.pk).stage == Stage.LISTENING
    body = client.post(f"/cases/{case.code}/stage/", {"stage": "action_plan"}).content.decode()
    assert "There is a problem" in body and "Select a valid choice" not in body
    assert (
        "moved your concern to “Listening”"
        in raiser_client(case).get("/track/concern/").content.decode()
    )


def test_a_champions_only_note_never_reaches_the_raiser(client, worked) -> None:
    champion, case = worked
    sign_in(client, champion)
    client.post(
        f"/cases/{case.code}/note/", {"body": "Private: check HR file", "shared_with_raiser": "no"}
    )
    client.post(
        f"/cases/{case.code}/note/", {"body": "Shared: meeting booked", "shared_with_raiser": "yes"}
    )
    staff_view = client.get(f"/cases/{case.code}/").content.decode()
    assert "Private: check HR file" in staff_view and "Shared: meeting booked" in staff_view
    raiser_view = raiser_client(case).get("/track/concern/").content.decode()
    assert "Shared: meeting booked" in raiser_view
    assert "Private: check HR file" not in raiser_view


def test_editing_a_note_keeps_what_it_said(worked) -> None:
    champion, case = worked
    note = case_notes.add_note(case, champion, "first words", shared_with_raiser=False)
    case_notes.edit_note(note, champion, "second words", shared_with_raiser=True)
    (shown,) = reads.read_notes(case, champion)
    assert shown.body == "second words" and shown.earlier == ["first words"]
    (for_raiser,) = reads.read_notes(case, None, raiser_view=True)
    assert for_raiser.earlier == []


def test_notes_are_encrypted(worked) -> None:
    champion, case = worked
    note = case_notes.add_note(case, champion, "sealed note words", shared_with_raiser=False)
    assert b"sealed note words" not in bytes(note.body)


def test_time_is_logged_and_totalled(client, worked) -> None:
    champion, case = worked
    sign_in(client, champion)
    today = timezone.localdate()
    client.post(
        f"/cases/{case.code}/time/",
        {"day": today.isoformat(), "minutes": "45", "activity": "listening"},
    )
    client.post(
        f"/cases/{case.code}/time/",
        {"day": today.isoformat(), "minutes": "30", "activity": "admin"},
    )
    assert "75 minutes so far" in client.get(f"/cases/{case.code}/").content.decode()
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    body = client.post(
        f"/cases/{case.code}/time/", {"day": tomorrow, "minutes": "0", "activity": "admin"}
    ).content.decode()
    assert "The date must be today or in the past" in body
    assert "Minutes must be 1 or more" in body


def test_an_unknown_casework_form_does_not_exist(client, worked) -> None:
    champion, case = worked
    sign_in(client, champion)
    assert client.get(f"/cases/{case.code}/nonsense/").status_code == 404


def test_a_champion_changes_a_note_through_the_page_and_the_old_words_stay(client, worked):
    champion, case = worked
    note = case_notes.add_note(case, champion, "Met on Tuesday", shared_with_raiser=False)
    sign_in(client, champion)
    url = f"/cases/{case.code}/notes/{note.code}/"
    assert "Met on Tuesday" in client.get(url).content.decode()
    assert "Enter the note" in client.post(url, {"body": "  "}).content.decode()
    client.post(url, {"body": "Met on Wednesday", "shared_with_raiser": "no"})
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "Met on Wednesday" in page and "Met on Tuesday" in page  # under "Earlier versions"
    assert "changed a note" in page


def test_the_champion_refines_the_themes(client, worked, network):
    champion, case = worked
    dress = network.themes.create(name="Dress codes")
    sign_in(client, champion)
    body = client.post(f"/cases/{case.code}/themes/", {}).content.decode()
    assert "Select at least one theme" in body
    client.post(f"/cases/{case.code}/themes/", {"themes": [str(dress.pk)]})
    assert list(Case.objects.get(pk=case.pk).themes.all()) == [dress]
    assert "refined the themes" in client.get(f"/cases/{case.code}/").content.decode()


def test_the_case_history_gives_valid_machine_readable_times(client, worked) -> None:
    import re

    champion, case = worked
    body = sign_in(client, champion).get(f"/cases/{case.code}/").content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', body)
    assert stamps
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp
