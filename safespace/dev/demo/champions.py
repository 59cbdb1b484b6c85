"""The demo pool and casework: terms accepted, training, notes, hours and a monthly review.

Everything here is invented. Seeding twice changes nothing: each step checks first.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.utils import timezone

from safespace.accounts.models import Network, Role, User
from safespace.cases.models import Activity, Case, ChampionProfile, TimeEntry
from safespace.cases.services import casework as case_casework
from safespace.cases.services import notes as case_notes
from safespace.champions import services
from safespace.champions.models import Application, Review, TermsOfReference, TrainingRecord
from safespace.dev.demo import cases as demo_cases

TERMS = """Safe Space champions of the Race Equality Network (fictional demo text)

1. Champions listen without judging, and act only with the person's agreement.
2. Champions keep what they hear confidential, sharing it only as the person has consented.
3. Champions never take a case from their own directorate or about anyone in their reporting line.
4. Champions record their time so the organisation can recognise it as facility time.
5. Champions come to the monthly review and look after their own wellbeing.
"""

# Notes and hours for the demo cases, by the slug in safespace/dev/demo/cases.py.
NOTES = {
    "dress-code": [
        ("First call made. They would like to be heard before deciding anything.", True),
        ("Front-desk dress code wording to check with HR policy team.", False),
    ],
    "probation": [("Agreed to ask for a meeting with the Head of Service.", True)],
    "hr-process": [
        ("Meeting requested with the Director; Director of Wellbeing to attend.", True),
        ("Earlier HR case reference noted in the paper file only.", False),
    ],
    "not-listening": [("Action plan agreed; first review due next month.", True)],
}
# (slug, days ago, minutes, activity): "not-listening" runs past 25 hours, as some pilot cases did.
HOURS = [
    ("banter", 6, 45, Activity.LISTENING),
    ("dress-code", 14, 60, Activity.LISTENING),
    ("dress-code", 10, 30, Activity.ADMIN),
    ("probation", 25, 90, Activity.LISTENING),
    ("probation", 12, 60, Activity.PREPARING),
    ("hr-process", 40, 120, Activity.LISTENING),
    ("hr-process", 20, 180, Activity.PREPARING),
    ("hr-process", 8, 90, Activity.MEETING),
    ("mediation", 100, 240, Activity.MEETING),
    *[("not-listening", 70 - 4 * i, 95, Activity.FOLLOW_UP) for i in range(16)],
    ("not-listening", 5, 60, Activity.MEETING),
]
BACKGROUNDS = {
    "champion1@example.org": "Black British, Ghanaian heritage",
    "champion2@example.org": "British Indian woman",
    "champion5@example.org": "Muslim, British Bangladeshi",
}


def _demo_case(slug: str) -> Case:
    return Case.objects.get(submission=uuid.uuid5(demo_cases.NAMESPACE, slug))


def accept_terms_for(network: Network, lead: User) -> list[User]:
    """The network's Terms of Reference, published by its lead and accepted by its champions,
    so they can be given concerns; the network's champions."""
    champions = list(
        User.objects.filter(memberships__network=network, memberships__role=Role.CHAMPION)
    )
    if not TermsOfReference.objects.filter(network=network).exists():
        terms = services.publish_terms(network, TERMS, lead)
        for champion in champions:
            services.accept_terms(champion, terms)
    return champions


def seed(network: Network) -> None:
    lead = User.objects.get(email="lead@example.org")
    champions = accept_terms_for(network, lead)
    today = timezone.localdate()
    for champion in champions:
        ChampionProfile.objects.get_or_create(
            user=champion, defaults={"background": BACKGROUNDS.get(champion.email, "")}
        )
        if not TrainingRecord.objects.filter(champion=champion).exists():
            TrainingRecord.objects.create(
                champion=champion,
                course="Safe Space preparation session",
                day=today - datetime.timedelta(days=200),
                hours=decimal.Decimal(3),
            )
    for slug, notes in NOTES.items():
        case = _demo_case(slug)
        if case.notes.exists():
            continue
        author = case.assignments.get(ended_at__isnull=True).champion
        for body, shared in notes:
            case_notes.add_note(case, author, body, shared)
    if not TimeEntry.objects.filter(case__network=network).exists():
        for slug, days_ago, minutes, activity in HOURS:
            case = _demo_case(slug)
            champion = case.assignments.get().champion
            day = today - datetime.timedelta(days=days_ago)
            case_casework.log_time(case, champion, day, minutes, activity)
    if not Application.objects.filter(network=network).exists():
        services.apply(
            network,
            "Jordan Blake",
            "jordan.blake@example.org",
            None,
            "I was helped by a colleague once and would like to do the same. (Fictional.)",
        )
    if not Review.objects.filter(network=network).exists():
        starts = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
        review = services.schedule_review(
            network, starts - datetime.timedelta(days=14), "Room 2.14, Civic Centre", lead
        )
        services.record_review(
            review,
            champions[:5],
            "Reviewed every open case by reference. Agreed to offer a second champion on the "
            "longest case. Reminder: wellbeing check-ins are private.",
            lead,
        )
