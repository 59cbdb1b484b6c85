"""Demo meetings, minutes and action plans, with actions in every status. All invented.

Seeding twice changes nothing: a case that already has meetings is left alone.
"""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from safespace.accounts.models import User
from safespace.actions import services
from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.cases.models import Case
from safespace.dev.demo import cases as demo_cases


def _case(slug: str) -> Case:
    return Case.objects.get(submission=uuid.uuid5(demo_cases.NAMESPACE, slug))


def _champion(case: Case) -> User:
    return case.assignments.filter(ended_at__isnull=True).get().champion


def seed() -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    today = timezone.localdate()
    manager1 = User.objects.get(email="manager1@example.org")
    manager2 = User.objects.get(email="manager2@example.org")
    manager3 = User.objects.get(email="manager3@example.org")

    # Being arranged: a meeting next week with the Director of Housing's team.
    upcoming = _case("hr-process")
    if not upcoming.meetings.exists():
        services.schedule_meeting(
            upcoming,
            _champion(upcoming),
            starts=now + datetime.timedelta(days=6),
            minutes_long=60,
            place="Room 3.02, Civic Centre",
            managers=[manager2],
            raiser_attends=True,
            director_attends=True,
        )

    # Followed through: a held meeting and a plan with an action in every status.
    followed = _case("not-listening")
    if not followed.meetings.exists():
        champion = _champion(followed)
        meeting = services.schedule_meeting(
            followed,
            champion,
            starts=now + datetime.timedelta(days=1),
            minutes_long=60,
            place="Online: the link is in the invitation",
            managers=[manager1, manager3],
            raiser_attends=True,
            director_attends=True,
        )
        Meeting.objects.filter(pk=meeting.pk).update(starts=now - datetime.timedelta(days=40))
        meeting.refresh_from_db()
        services.record_minutes(
            meeting,
            champion,
            "The Head of Service heard how work is handed out in the team and agreed it has "
            "not been fair. Agreed: a written allocation rota, a monthly one-to-one, and a "
            "review at three months. (Fictional demo minutes.)",
            True,
        )
        plan = [
            ("Publish a written rota for how work is allocated", manager1, -20, ActionStatus.DONE),
            (
                "Hold monthly one-to-ones with everyone in the team",
                manager1,
                30,
                ActionStatus.IN_PROGRESS,
            ),
            (
                "Review the allocation rota with the team at three months",
                manager3,
                50,
                ActionStatus.NOT_STARTED,
            ),
            (
                "Share the team's allocation figures with the champion",
                manager3,
                -16,
                ActionStatus.NOT_STARTED,
            ),
            ("Arrange team training on fair allocation", manager1, -5, ActionStatus.NOT_DONE),
        ]
        for words, owner, due_in, status in plan:
            action = services.add_action(
                meeting,
                champion,
                description=words,
                owner=owner,
                due=today + datetime.timedelta(days=due_in),
                shared_with_raiser=True,
            )
            if status != ActionStatus.NOT_STARTED:
                services.update_action(
                    action, owner, status, "Update recorded for the demo.", "manager"
                )
            if status == ActionStatus.DONE:
                # Done three days late, and confirmed by the champion.
                Action.objects.filter(pk=action.pk).update(
                    done_at=now - datetime.timedelta(days=17)
                )
                action.refresh_from_db()
                services.confirm_done(action, champion)
