"""The lead's pool: profiles, training, coverage and workload."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from safespace.accounts.models import Directorate, Membership, Role, User
from safespace.cases.models import Case, ChampionProfile, TimeEntry
from safespace.cases.services import assign, create
from safespace.champions.models import TrainingRecord
from safespace.policy import RAISER_CASE, RAISER_SINCE
from tests.helpers import sign_in


@pytest.fixture
def pool(make_user, network):
    place = Directorate.objects.create(name="Place")
    Directorate.objects.create(name="Housing")
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    champion.directorate = place
    champion.save()
    return lead, champion


def test_the_lead_sees_every_champion_with_capacity_and_training(client, pool) -> None:
    lead, champion = pool
    TrainingRecord.objects.create(
        champion=champion, course="Preparation session", day=timezone.localdate(), hours=3
    )
    sign_in(client, lead)
    body = client.get("/champions/").content.decode()
    assert "Champion" in body and "0 of 3" in body
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in body


def test_the_lead_saves_a_profile_and_bad_input_gets_kind_messages(client, pool) -> None:
    lead, champion = pool
    sign_in(client, lead)
    url = f"/champions/{champion.code}/"
    body = client.post(url, {"capacity": "-1", "away_until": "31 2 2026"}).content.decode()
    assert "There is a problem" in body
    assert "Enter 0 or more" in body and "Enter a real date, like 27 3 2026" in body
    client.post(
        url, {"capacity": "5", "away_until": "2030-01-31", "background": "Black British woman"}
    )
    profile = ChampionProfile.objects.get(user=champion)
    assert profile.capacity == 5 and profile.away_until == datetime.date(2030, 1, 31)
    assert profile.background == "Black British woman"


def test_training_is_recorded_and_a_future_date_is_refused(client, pool) -> None:
    lead, champion = pool
    sign_in(client, lead)
    url = f"/champions/{champion.code}/training/"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    body = client.post(url, {"course": "Listening", "day": tomorrow, "hours": "3"}).content
    assert "The date must be today or in the past" in body.decode()
    client.post(url, {"course": "Listening", "day": "2026-01-15", "hours": "1.5"})
    (record,) = TrainingRecord.objects.filter(champion=champion)
    assert record.course == "Listening" and float(record.hours) == 1.5


def test_coverage_shows_directorates_without_an_active_champion(client, pool) -> None:
    lead, _ = pool
    sign_in(client, lead)
    body = client.get("/champions/coverage/").content.decode()
    housing = body.index("Housing")
    place = body.index("Place")
    assert "None" in body[housing : housing + 200]
    assert "None" not in body[place : place + 200]


def test_an_away_champion_leaves_their_directorate_uncovered(client, pool) -> None:
    lead, champion = pool
    ChampionProfile.objects.create(
        user=champion, away_until=timezone.localdate() + datetime.timedelta(days=7)
    )
    sign_in(client, lead)
    body = client.get("/champions/").content.decode()
    assert "2 directorates have no active champion" in body


def test_workload_flags_a_long_case_and_a_busy_champion(client, pool, network, settings) -> None:
    settings.SAFESPACE_CASE_HOURS_THRESHOLD = 20
    settings.SAFESPACE_CHAMPION_MONTHLY_HOURS = 15
    lead, champion = pool
    case = create.create_case(create.NewConcern(network=network, narrative="long one"))
    quiet = create.create_case(create.NewConcern(network=network, narrative="short one"))
    today = timezone.localdate()
    TimeEntry.objects.create(
        case=case, champion=champion, day=today, minutes=21 * 60, activity="meeting"
    )
    TimeEntry.objects.create(case=quiet, champion=champion, day=today, minutes=30, activity="admin")
    sign_in(client, lead)
    body = client.get("/champions/workload/").content.decode()
    assert case.reference in body and quiet.reference not in body
    assert "21.0" in body and "Over 15" in body
    assert "21.5" in body  # the champion's total, both cases


def test_a_lead_who_is_also_a_champion_has_training_counted_once(make_user, network) -> None:
    from safespace.champions import services

    both = make_user("both@example.org", (network, Role.LEAD), (network, Role.CHAMPION))
    TrainingRecord.objects.create(
        champion=both, course="Preparation session", day=timezone.localdate(), hours=3
    )
    (row,) = services.pool(network)
    assert row.training_hours == 3


def test_a_raiser_who_asks_sees_how_champions_describe_themselves(client, pool, network):
    lead, champion = pool
    ChampionProfile.objects.create(user=champion, background="Black British woman")
    body = client.get("/raise/champion/").content.decode()
    assert "Black British woman" in body and champion.full_name not in body
    asked = create.create_case(
        create.NewConcern(network=network, narrative="x", preferences="A Black woman")
    )
    not_asked = create.create_case(create.NewConcern(network=network, narrative="y"))
    for case in (asked, not_asked):
        assign.assign_champion(case, champion, actor=lead)

    def page_for(case: Case) -> str:
        session = client.session
        session[RAISER_CASE] = str(case.code)
        session[RAISER_SINCE] = time.time()
        session.save()
        return client.get("/track/concern/").content.decode()

    assert "They describe themselves as: Black British woman" in page_for(asked)
    assert "Black British woman" not in page_for(not_asked)


def test_a_large_pool_is_shown_a_page_at_a_time_and_counted_whole(client, pool, network) -> None:
    lead, _ = pool
    for n in range(55):
        Membership.objects.create(
            user=User.objects.create_user(f"c{n:02}@example.org", full_name=f"Volunteer {n:02}"),
            network=network,
            role=Role.CHAMPION,
        )
    sign_in(client, lead)
    for path in ("/champions/", "/champions/workload/"):
        first = client.get(path).content.decode()
        assert "Volunteer 00" in first and "Volunteer 54" not in first
        assert f'href="{path}?page=2"' in first
        second = client.get(f"{path}?page=2").content.decode()
        assert "Volunteer 54" in second and "Volunteer 00" not in second
    # Coverage still counts every champion: only Place has one, wherever they are listed.
    assert "1 directorate has no active champion" in client.get("/champions/").content.decode()
