"""The monthly review: a pseudonymised agenda, attendance, minutes and private wellbeing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from safespace.accounts.models import Role
from safespace.actions.models import Action, Meeting
from safespace.cases.models import TimeEntry
from safespace.cases.services import assign, create
from safespace.champions import services
from safespace.champions.models import Review, WellbeingAnswered, WellbeingCheckIn
from tests.helpers import sign_in


def test_the_agenda_has_one_line_per_open_case_and_no_story(client, make_user, network):
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    tomorrow_ = timezone.localdate() + datetime.timedelta(days=1)
    case = create.create_case(
        create.NewConcern(
            network=network, narrative="Secret story words", raiser_name="Ama Quartey"
        )
    )
    assign.assign_champion(case, champion, actor=lead)
    TimeEntry.objects.create(
        case=case, champion=champion, day=timezone.localdate(), minutes=90, activity="listening"
    )
    TimeEntry.objects.create(
        case=case, champion=champion, day=timezone.localdate(), minutes=0, activity="admin"
    )
    meeting = Meeting.objects.create(case=case, starts=timezone.now(), place="Room 1")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for due, status in (
        (yesterday, "not_started"),
        (yesterday, "done"),
        (tomorrow_, "in_progress"),
    ):
        Action.objects.create(
            meeting=meeting, case=case, owner=lead, due=due, status=status, description=b""
        )
    sign_in(client, lead)
    tomorrow = tomorrow_
    body = client.post("/champions/reviews/", {"day": "", "time": "25:00"}).content.decode()
    assert "Enter the date" in body and "Enter a time on the 24-hour clock" in body
    client.post(
        "/champions/reviews/", {"day": tomorrow.isoformat(), "time": "14:30", "place": "Room 4"}
    )
    review = Review.objects.get()
    (line,) = review.agenda
    assert line["reference"] == case.reference and line["hours"] == 1.5
    assert line["overdue_actions"] == 1
    assert line["stage"] == "Champion assigned" and line["themes"] == []
    page = client.get(f"/champions/reviews/{review.code}/").content.decode()
    assert case.reference in page
    # The whole name: a fragment as short as "Ama" turns up in the page's random form tokens.
    assert "Secret story words" not in page and "Ama Quartey" not in page
    client.post(
        f"/champions/reviews/{review.code}/",
        {"attendees": [str(champion.pk)], "minutes": "Agreed a second champion for one case."},
    )
    review.refresh_from_db()
    assert list(review.attendees.all()) == [champion]
    assert review.minutes.startswith("Agreed")


def test_wellbeing_is_private_and_shown_only_in_aggregate(client, make_user, network):
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champions = [make_user(f"c{i}@example.org", (network, Role.CHAMPION)) for i in range(3)]
    sign_in(client, champions[0])
    client.post("/champions/wellbeing/", {"feeling": "1", "wants_support": "yes"})
    client.post("/champions/wellbeing/", {"feeling": "5", "wants_support": "no"})
    assert WellbeingCheckIn.objects.count() == 1  # once a month
    assert WellbeingAnswered.objects.filter(champion=champions[0]).exists()
    assert not [f for f in WellbeingCheckIn._meta.get_fields() if f.name in ("champion", "user")]
    sign_in(client, lead)
    body = client.get("/champions/reviews/").content.decode()
    assert "Fewer than 3 champions have checked in" in body and "struggling" not in body
    for champion in champions[1:]:
        services.check_in(champion, network, 4, False)
    body = client.get("/champions/reviews/").content.decode()
    assert "3 private check-ins" in body and "1 asked for support" in body
