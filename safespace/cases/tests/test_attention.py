"""A disputed action, a detriment or an HR process flags its case on the lists until acknowledged."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateformat import format as date_format

from safespace.accounts.models import Network, Role, User
from safespace.actions import services as plans
from safespace.actions.models import Meeting
from safespace.aftercare import services as aftercare
from safespace.aftercare.models import CheckIn
from safespace.audit.models import AuditEvent
from safespace.cases import assignment, attention
from safespace.cases import views as case_views
from safespace.cases.models import Acknowledgement, Attention, Case, Sharing, Stage
from safespace.cases.services import assign, create
from safespace.champions import terms
from safespace.tripwire import services as tripwire
from safespace.tripwire.models import HREvent
from tests.helpers import sign_in

LABELS = {kind: f'govuk-tag--red">{kind.label}</strong>' for kind in Attention}


@pytest.fixture
def people(make_user, network) -> dict[str, User]:
    return {
        "champion": make_user("amina@example.org", (network, Role.CHAMPION)),
        "lead": make_user("lead@example.org", (network, Role.LEAD)),
        "director": make_user("director@example.org", (network, Role.DIRECTOR)),
        "manager": make_user("manager@example.org", (network, Role.MANAGER)),
        "insight": make_user("insight@example.org", (network, Role.INSIGHT)),
    }


@pytest.fixture
def make_case(network: Network, people: dict[str, User]) -> Callable[..., Case]:
    def make(stage: str = Stage.LISTENING) -> Case:
        case = create.create_case(
            create.NewConcern(
                network=network,
                narrative="My manager mocks my accent.",
                share_with_director=Sharing.ANONYMOUS,
            )
        )
        assign.assign_champion(case, people["champion"], actor=people["lead"])
        Case.objects.filter(pk=case.pk).update(stage=stage)
        return Case.objects.get(pk=case.pk)

    return make


def dispute(case: Case, manager: User, champion: User) -> None:
    meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 4")
    action = plans.add_action(
        meeting,
        champion,
        description="Review the rota",
        owner=manager,
        due=timezone.localdate() + datetime.timedelta(days=7),
        shared_with_raiser=True,
    )
    plans.dispute(action, "The rota is the same as before")


def detriment(case: Case, champion: User) -> None:
    if not case.closures.exists():
        aftercare.close(case, champion, outcome="resolved", formal_process="", summary="Done.")
    check_in = CheckIn.objects.filter(case=case, answered_at__isnull=True).first()
    assert check_in is not None
    aftercare.answer_check_in(check_in, ["capability"], "A capability review started")


def hr_alert(case: Case, day: int = 0) -> None:
    event = HREvent.objects.create(
        key="k" * 64,
        kind="capability",
        date=timezone.localdate() - datetime.timedelta(days=day),
        batch=uuid.uuid4(),
    )
    assert tripwire.raise_alert(case, event) is not None


@pytest.fixture
def flag(people: dict[str, User]) -> Callable[[Attention, Case], None]:
    def raise_flag(kind: Attention, case: Case) -> None:
        if kind == Attention.DISPUTE:
            dispute(case, people["manager"], people["champion"])
        elif kind == Attention.DETRIMENT:
            detriment(case, people["champion"])
        else:
            hr_alert(case, day=Acknowledgement.objects.count() + case.hr_alerts.count())

    return raise_flag


def page(user: User, path: str) -> str:
    response = sign_in(Client(), user).get(path)
    assert response.status_code == 200
    return str(response.content.decode())


def row_of(body: str, case: Case) -> str:
    """The table row that names this case."""
    rows = re.findall(r"<tr class=\"govuk-table__row\">.*?</tr>", body, re.S)
    (row,) = [r for r in rows if case.reference in r]
    return str(row)


def acknowledge(user: User, case: Case) -> Client:
    client = sign_in(Client(), user)
    body = client.get(f"/cases/{case.code}/").content.decode()
    once = re.search(r'name="once" value="([0-9a-f]+)"', body)
    version = re.search(r'name="version" value="([0-9a-f]+)"', body)
    assert once and version, "the case page offers no acknowledgement"
    response = client.post(
        f"/cases/{case.code}/acknowledge/", {"once": once[1], "version": version[1]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.code}/#attention"
    return client


LISTS = [("champion", "/cases/"), ("lead", "/cases/"), ("lead", "/cases/triage/")]


@pytest.mark.parametrize("kind", list(Attention))
@pytest.mark.parametrize(("who", "path"), LISTS)
def test_each_kind_flags_the_case_on_each_list(people, make_case, flag, kind, who, path) -> None:
    flagged, calm = make_case(), make_case()
    flag(kind, flagged)
    body = page(people[who], path)
    assert LABELS[kind] in row_of(body, flagged)
    assert calm.reference not in body or "govuk-tag--red" not in row_of(body, calm)


# Only a closed case has check-ins, so only these two can flag a new concern.
@pytest.mark.parametrize("kind", [Attention.DISPUTE, Attention.HR_ALERT])
def test_a_new_concern_is_flagged_in_the_triage_table_too(people, make_case, flag, kind) -> None:
    case = make_case(stage=Stage.NEW)
    flag(kind, case)
    body = page(people["lead"], "/cases/triage/")
    new_concerns = body.split("New concerns</h2>", 1)[1]
    assert LABELS[kind] in row_of(new_concerns, case)


def test_a_check_in_saying_nothing_happened_flags_nothing(people, make_case) -> None:
    case = make_case()
    aftercare.close(case, people["champion"], outcome="resolved", formal_process="", summary="")
    check_in = CheckIn.objects.filter(case=case).first()
    assert check_in is not None
    aftercare.answer_check_in(check_in, [], "")
    assert "govuk-tag--red" not in row_of(page(people["lead"], "/cases/"), case)
    assert case.reference not in page(people["lead"], "/cases/?attention=yes")
    assert 'id="attention"' not in page(people["lead"], f"/cases/{case.code}/")


@pytest.mark.parametrize("who", ["champion", "lead"])
def test_the_filter_shows_only_the_cases_that_need_attention(people, make_case, flag, who) -> None:
    flagged, calm = make_case(), make_case()
    flag(Attention.DISPUTE, flagged)
    everything = page(people[who], "/cases/")
    assert flagged.reference in everything and calm.reference in everything
    filtered = page(people[who], "/cases/?attention=yes")
    assert flagged.reference in filtered and calm.reference not in filtered
    assert 'aria-current="page"><strong>Needs attention</strong>' in filtered


def test_many_cases_with_events_are_still_filtered_in_the_database(
    people, make_case, flag, monkeypatch
) -> None:
    # Past MOST_LISTED, the cases with events are not sent as values but asked as subqueries.
    monkeypatch.setattr(attention, "MOST_LISTED", 0)
    flagged, calm = make_case(), make_case()
    flag(Attention.HR_ALERT, flagged)
    filtered = page(people["lead"], "/cases/?attention=yes")
    assert flagged.reference in filtered and calm.reference not in filtered


def test_the_triage_filter_shows_only_new_concerns_that_need_attention(
    people, make_case, flag
) -> None:
    flagged, calm = make_case(stage=Stage.NEW), make_case(stage=Stage.NEW)
    flag(Attention.HR_ALERT, flagged)
    filtered = page(people["lead"], "/cases/triage/?attention=yes")
    assert flagged.reference in filtered and calm.reference not in filtered
    assert calm.reference in page(people["lead"], "/cases/triage/")


def test_with_nothing_to_attend_to_the_filter_says_so(people, make_case) -> None:
    make_case()
    assert "No case needs attention at the moment" in page(
        people["champion"], "/cases/?attention=yes"
    )
    triage = page(people["lead"], "/cases/triage/")
    assert "No case in your network needs attention at the moment" in triage


@pytest.mark.parametrize("kind", list(Attention))
def test_acknowledging_clears_the_flag_and_is_audited(people, make_case, flag, kind) -> None:
    case = make_case()
    flag(kind, case)
    lead = people["lead"]
    acknowledge(lead, case)
    for who in ("champion", "lead"):
        assert "govuk-tag--red" not in row_of(page(people[who], "/cases/"), case)
    assert case.reference not in page(lead, "/cases/triage/")
    assert case.reference not in page(people["champion"], "/cases/?attention=yes")
    event = AuditEvent.objects.get(object_code=str(case.code), action__startswith="attention.")
    assert event.action == f"attention.acknowledge.{kind}"
    assert event.actor_code == str(lead.code) and event.actor_role == "lead"
    today = date_format(timezone.localdate(), "j F Y")
    assert f"Acknowledged by Lead on {today}" in page(people["champion"], f"/cases/{case.code}/")


def test_acknowledging_covers_every_kind_the_person_may_see(people, make_case, flag) -> None:
    case = make_case()
    for kind in Attention:
        flag(kind, case)
    acknowledge(people["champion"], case)
    assert set(Acknowledgement.objects.values_list("kind", flat=True)) == set(Attention)
    assert "govuk-tag--red" not in row_of(page(people["lead"], "/cases/"), case)


@pytest.mark.parametrize("kind", list(Attention))
def test_something_new_after_acknowledging_raises_the_flag_again(
    people, make_case, flag, kind
) -> None:
    case = make_case()
    flag(kind, case)
    acknowledge(people["champion"], case)
    flag(kind, case)
    assert LABELS[kind] in row_of(page(people["lead"], "/cases/"), case)
    body = page(people["lead"], f"/cases/{case.code}/")
    assert "Something new has come in since it was last acknowledged by Amina" in body


def test_something_that_came_in_while_the_page_was_open_is_not_acknowledged(
    people, make_case, flag
) -> None:
    case = make_case()
    flag(Attention.DISPUTE, case)
    client = sign_in(Client(), people["champion"])
    body = client.get(f"/cases/{case.code}/").content.decode()
    once = re.search(r'name="once" value="([0-9a-f]+)"', body)
    version = re.search(r'name="version" value="([0-9a-f]+)"', body)
    assert once and version
    flag(Attention.HR_ALERT, case)
    response = client.post(
        f"/cases/{case.code}/acknowledge/", {"once": once[1], "version": version[1]}, follow=True
    )
    assert "Something new came in while you had this page open" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_the_hr_flag_is_never_shown_to_the_director(people, make_case, flag) -> None:
    case = make_case()
    flag(Attention.HR_ALERT, case)
    acknowledge(people["lead"], case)
    flag(Attention.HR_ALERT, case)
    director = people["director"]
    listed = page(director, "/cases/")
    assert case.reference in listed  # shared with the Director, without the name
    assert "HR process" not in listed
    assert case.reference not in page(director, "/cases/?attention=yes")
    detail = page(director, f"/cases/{case.code}/")
    assert "HR process" not in detail and "Needs attention" not in detail
    # Nor who acknowledged one, in the history of the case.
    assert "acknowledged the HR process" not in detail
    assert "acknowledged the HR process" in page(people["lead"], f"/cases/{case.code}/")


def test_the_director_sees_the_other_flags_but_cannot_acknowledge(people, make_case, flag) -> None:
    case = make_case()
    flag(Attention.DISPUTE, case)
    director = people["director"]
    assert LABELS[Attention.DISPUTE] in row_of(page(director, "/cases/"), case)
    detail = page(director, f"/cases/{case.code}/")
    assert "/acknowledge/" not in detail
    refused = sign_in(Client(), director).post(f"/cases/{case.code}/acknowledge/")
    assert refused.status_code == 404
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize("who", ["manager", "insight"])
def test_managers_and_insight_viewers_see_no_list_and_cannot_acknowledge(
    people, make_case, flag, who
) -> None:
    case = make_case()
    flag(Attention.HR_ALERT, case)
    client = sign_in(Client(), people[who])
    assert client.get("/cases/").status_code == 404
    assert client.post(f"/cases/{case.code}/acknowledge/").status_code == 404


def test_a_champion_not_on_the_case_cannot_acknowledge_it(
    make_user, network, make_case, flag
) -> None:
    case = make_case()
    flag(Attention.DISPUTE, case)
    other = make_user("other@example.org", (network, Role.CHAMPION))
    assert sign_in(Client(), other).post(f"/cases/{case.code}/acknowledge/").status_code == 404
    assert not Acknowledgement.objects.exists()


def test_the_lists_ask_no_more_queries_for_more_flagged_cases(people, make_case, flag) -> None:
    def queries(path: str) -> int:
        client = sign_in(Client(), people["lead"])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    for kind in Attention:
        flag(kind, make_case())
    queries("/")  # the first page of a process reads the networks' names once
    few = {path: queries(path) for path in ("/cases/", "/cases/triage/", "/cases/?attention=yes")}
    for kind in Attention:
        for _ in range(3):
            flag(kind, make_case())
    many = {path: queries(path) for path in few}
    assert few == many


def test_the_parts_above_cases_have_filled_in_what_cases_shows() -> None:
    # Each part says so when the service starts: a kind of attention left out would never flag
    # a case, closings would vanish from the case page, and assigning would skip the terms.
    assert set(attention.SOURCES) == set(Attention)
    assert {
        "closures": aftercare.read_closures,
        "check_ins": aftercare.read_check_ins,
    } == {name: part.read for name, part in case_views.CASEWORK.items()}
    assert assignment._terms_check == [terms.accepted_current_terms]
