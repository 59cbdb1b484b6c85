"""The demo shows casework in progress: assigned cases, notes, hours and a monthly review."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models import Sum

from safespace.actions.models import Action, ActionStatus, Meeting
from safespace.aftercare.models import CheckIn, Closure, FeedbackAnswer
from safespace.cases.models import Case, Note, TimeEntry
from safespace.champions.models import Review, TermsAcceptance, TrainingRecord


def test_the_demo_has_notes_hours_and_a_review_and_seeds_once(db, settings) -> None:
    settings.PRODUCTION = False
    call_command("seed_demo")
    call_command("seed_demo")
    heavy = (
        Case.objects.annotate(minutes=Sum("time_entries__minutes"))
        .filter(minutes__gt=25 * 60)
        .count()
    )
    assert heavy == 1
    assert Note.objects.filter(shared_with_raiser=False).exists()
    assert Note.objects.filter(shared_with_raiser=True).exists()
    assert Review.objects.count() == 1 and Review.objects.get().attendees.count() == 5
    # Seven in the Race Equality Network, four in the Women's Network (its lead takes cases too).
    assert TermsAcceptance.objects.count() == 7 + 4
    assert TrainingRecord.objects.count() == 7
    assert TimeEntry.objects.count() == 26
    assert Meeting.objects.count() == 2
    assert Meeting.objects.filter(minutes_recorded__isnull=False).count() == 1
    statuses = set(Action.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in ActionStatus}
    assert any(a.overdue for a in Action.objects.all())
    assert Closure.objects.count() == 1 and FeedbackAnswer.objects.count() == 1
    assert CheckIn.objects.exclude(happened=[]).count() == 1
