"""Actions on the champion pool: each change and its audit event happen together."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone

from safespace import policy
from safespace.accounts import roles
from safespace.accounts.models import Directorate, Network, Role, User
from safespace.actions.models import Action, ActionStatus
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record
from safespace.cases.assignment import open_cases_of
from safespace.cases.models import OPEN_STAGES, Case, ChampionProfile, ChampionTime, TimeEntry
from safespace.champions.models import (
    PIPELINE_NEXT,
    Application,
    Review,
    TermsAcceptance,
    TermsOfReference,
    TrainingRecord,
    Wellbeing,
    WellbeingAnswered,
    WellbeingCheckIn,
)
from safespace.champions.terms import accepted_current_terms
from safespace.notifications.mail import notify


def _audit(
    actor: User | None, role: str, action: AuditAction, object_type: str, code: object
) -> None:
    record(
        actor_code=str(actor.code) if actor else "",
        actor_role=role,
        action=action,
        object_type=object_type,
        object_code=str(code),
    )


def lead_networks(user: User) -> list[Network]:
    """The networks whose champion pool this person manages."""
    return list(policy.networks_where(user, policy.Action.MANAGE_POOL))


def champion_networks(user: User) -> list[Network]:
    """The networks this person is a champion of (their own terms and check-ins)."""
    return list(policy.networks_where(user, policy.Action.CHAMPION_SELF))


# Terms of Reference ----------------------------------------------------------------------


def publish_terms(network: Network, body: str, actor: User) -> TermsOfReference:
    """A new version: every champion is asked to accept again before taking new cases."""
    with transaction.atomic():
        latest = (
            TermsOfReference.objects.select_for_update().filter(network=network).first()
        )  # ordered newest first
        terms = TermsOfReference.objects.create(
            network=network,
            version=(latest.version + 1) if latest else 1,
            body=body,
            published_by=actor,
        )
        _audit(actor, Role.LEAD, AuditAction.TERMS_PUBLISH, "terms", terms.code)
        champions = roles.champions(network).values_list("email", flat=True)
        emails = list(champions)
        transaction.on_commit(
            lambda: notify(emails, "New Terms of Reference are waiting for you to accept")
        )
    return terms


def accept_terms(champion: User, terms: TermsOfReference) -> None:
    with transaction.atomic():
        _, created = TermsAcceptance.objects.get_or_create(terms=terms, champion=champion)
        if created:
            _audit(champion, Role.CHAMPION, AuditAction.TERMS_ACCEPT, "terms", terms.code)


# Profiles and training ---------------------------------------------------------------------


def update_profile(
    champion: User,
    actor: User,
    *,
    capacity: int,
    away_until: datetime.date | None,
    background: str,
) -> None:
    with transaction.atomic():
        ChampionProfile.objects.update_or_create(
            user=champion,
            defaults={"capacity": capacity, "away_until": away_until, "background": background},
        )
        _audit(actor, Role.LEAD, AuditAction.CHAMPION_PROFILE, "champion", champion.code)


def add_training(
    champion: User, actor: User, course: str, day: datetime.date, hours: decimal.Decimal
) -> TrainingRecord:
    with transaction.atomic():
        training = TrainingRecord.objects.create(
            champion=champion, course=course, day=day, hours=hours
        )
        _audit(actor, Role.LEAD, AuditAction.CHAMPION_TRAINING, "champion", champion.code)
    return training


@dataclass(frozen=True)
class PoolRow:
    champion: User
    open_cases: int
    capacity: int
    away_until: datetime.date | None
    background: str
    training_hours: decimal.Decimal
    accepted_terms: bool
    hours_this_month: float
    over_monthly_limit: bool
    hours_in_total: float

    @property
    def active(self) -> bool:
        away = self.away_until is not None and self.away_until >= timezone.localdate()
        return self.accepted_terms and not away


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


POOL_COLUMNS = (
    "code",
    "full_name",
    "directorate__name",
    "champion_profile__capacity",
    "champion_profile__away_until",
    "champion_profile__background",
)


def pool(network: Network) -> list[PoolRow]:
    """Every champion of the network with capacity, availability, training and hours: 5 queries."""
    start = month_start(timezone.localdate())
    champions = list(
        roles.champions(network)
        .select_related("directorate", "champion_profile")
        # What the pool shows of each: hundreds of champions, so not every column of each.
        .only(*POOL_COLUMNS)
        .order_by("full_name")
    )
    # From the network's open cases, not a join of every assignment each champion ever held.
    open_cases = open_cases_of(roles.champions(network).values("pk"), network.pk)
    training = dict(
        # By person, not by membership: a lead who is also a champion holds two.
        TrainingRecord.objects.filter(champion__in=[c.pk for c in champions])
        .values("champion")
        .annotate(total=Sum("hours"))
        .values_list("champion", "total")
    )
    # From the monthly sums the database keeps (ChampionTime), not from every time entry.
    logged = ChampionTime.objects.filter(network=network).order_by()
    minutes = dict(logged.filter(month=start).values_list("champion", "minutes"))
    all_minutes = dict(
        logged.values("champion").annotate(total=Sum("minutes")).values_list("champion", "total")
    )
    accepted = accepted_current_terms(network.pk)
    limit = settings.SAFESPACE_CHAMPION_MONTHLY_HOURS
    rows = []
    for champion in champions:
        profile = getattr(champion, "champion_profile", None)
        hours = (minutes.get(champion.pk) or 0) / 60
        rows.append(
            PoolRow(
                champion=champion,
                open_cases=open_cases.get(champion.pk, 0),
                capacity=profile.capacity if profile else 3,
                away_until=profile.away_until if profile else None,
                background=profile.background if profile else "",
                training_hours=training.get(champion.pk) or decimal.Decimal(0),
                accepted_terms=champion.pk in accepted,
                hours_this_month=hours,
                over_monthly_limit=hours > limit,
                hours_in_total=(all_minutes.get(champion.pk) or 0) / 60,
            )
        )
    return rows


def coverage(network: Network, rows: Iterable[PoolRow]) -> list[tuple[Directorate, int]]:
    """Every directorate with the number of active champions working in it."""
    active: dict[int, int] = {}
    for row in rows:
        if row.active and row.champion.directorate_id is not None:
            active[row.champion.directorate_id] = active.get(row.champion.directorate_id, 0) + 1
    return [(d, active.get(d.pk, 0)) for d in Directorate.objects.order_by("name")]


@dataclass(frozen=True)
class HeavyCase:
    case: Case
    hours: float


def heavy_cases(network: Network) -> list[HeavyCase]:
    """Open cases whose logged time is over the threshold, heaviest first, in one query."""
    threshold = settings.SAFESPACE_CASE_HOURS_THRESHOLD * 60
    # Each open case's own entries, by the index on the case: joined, the database read every
    # time entry of every case to sum those of the open ones (33 ms at 100,000 cases; now 13).
    spent = (
        TimeEntry.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    cases = (
        Case.objects.filter(network=network, stage__in=OPEN_STAGES)
        .annotate(minutes=Subquery(spent))
        .filter(minutes__gt=threshold)
        .order_by("-minutes")
    )
    return [HeavyCase(case=c, hours=c.minutes / 60) for c in cases]


# Recruitment ---------------------------------------------------------------------------


def apply(
    network: Network,
    full_name: str,
    email: str,
    directorate: Directorate | None,
    why: str,
) -> Application:
    with transaction.atomic():
        application = Application.objects.create(
            network=network, full_name=full_name, email=email, directorate=directorate, why=why
        )
        _audit(None, "anonymous", AuditAction.APPLICATION_RECEIVE, "application", application.code)
        leads = list(roles.lead_champions(network).values_list("email", flat=True))
        transaction.on_commit(lambda: notify(leads, "Someone would like to become a champion"))
    return application


class PipelineRefused(Exception):
    pass


def advance(application: Application, status: str, actor: User) -> None:
    with transaction.atomic():
        if status not in PIPELINE_NEXT[application.status]:
            raise PipelineRefused(
                f"An application cannot go from {application.status} to {status}."
            )
        application.status = status
        application.updated = timezone.now()
        application.save(update_fields=["status", "updated"])
        _audit(
            actor, Role.LEAD, AuditAction(f"application.{status}"), "application", application.code
        )


# Monthly review ------------------------------------------------------------------------


def agenda_lines(network: Network) -> list[dict[str, object]]:
    """One pseudonymised line per open case: no narrative, no names, no directorates.

    Reference, themes, stage, days open, hours logged and actions overdue.
    """
    today = timezone.localdate()
    # Subqueries, not joins: joining time entries and actions together would multiply both.
    minutes = (
        TimeEntry.objects.filter(case=OuterRef("pk"))
        .values("case")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    overdue = (
        Action.objects.filter(
            case=OuterRef("pk"),
            status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS],
            due__lt=today,
        )
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cases = (
        Case.objects.filter(network=network, stage__in=OPEN_STAGES)
        .annotate(minutes=Subquery(minutes), overdue=Subquery(overdue))
        .prefetch_related("themes")
        .order_by("created")
    )
    return [
        {
            "reference": case.reference,
            "themes": [t.name for t in case.themes.all()],
            "stage": case.get_stage_display(),
            "days_open": (today - timezone.localdate(case.created)).days,
            "hours": round((case.minutes or 0) / 60, 1),
            "overdue_actions": case.overdue or 0,
        }
        for case in cases
    ]


def schedule_review(network: Network, starts: datetime.datetime, place: str, actor: User) -> Review:
    with transaction.atomic():
        review = Review.objects.create(
            network=network,
            starts=starts,
            place=place,
            agenda=agenda_lines(network),
            created_by=actor,
        )
        _audit(actor, Role.LEAD, AuditAction.REVIEW_SCHEDULE, "review", review.code)
        champions = list(roles.champions(network).values_list("email", flat=True))
        transaction.on_commit(
            lambda: notify(champions, "The champions' monthly review has been scheduled")
        )
    return review


def record_review(review: Review, attendees: Iterable[User], minutes: str, actor: User) -> None:
    with transaction.atomic():
        review.attendees.set(attendees)
        review.minutes = minutes
        review.save(update_fields=["minutes"])
        _audit(actor, Role.LEAD, AuditAction.REVIEW_RECORD, "review", review.code)


# Wellbeing -----------------------------------------------------------------------------


def has_checked_in(champion: User, network: Network) -> bool:
    month = month_start(timezone.localdate())
    return WellbeingAnswered.objects.filter(
        champion=champion, network=network, month=month
    ).exists()


def check_in(champion: User, network: Network, feeling: int, wants_support: bool) -> bool:
    """Record a check-in, once a month; False if this month's was already given."""
    month = month_start(timezone.localdate())
    with transaction.atomic():
        _, created = WellbeingAnswered.objects.get_or_create(
            champion=champion, network=network, month=month
        )
        if not created:
            return False
        WellbeingCheckIn.objects.create(
            network=network, month=month, feeling=feeling, wants_support=wants_support
        )
    return True


# Fewer answers than this and the lead sees only that there were too few to show.
WELLBEING_MINIMUM = 3


@dataclass(frozen=True)
class WellbeingSummary:
    month: datetime.date
    answers: int
    shown: bool
    by_feeling: list[tuple[str, int]]
    wanting_support: int


def wellbeing_summary(network: Network, month: datetime.date) -> WellbeingSummary:
    rows = WellbeingCheckIn.objects.filter(network=network, month=month)
    counts = dict(rows.values("feeling").annotate(n=Count("id")).values_list("feeling", "n"))
    answers = sum(counts.values())
    shown = answers >= WELLBEING_MINIMUM
    return WellbeingSummary(
        month=month,
        answers=answers,
        shown=shown,
        by_feeling=[(w.label, counts.get(w.value, 0)) for w in Wellbeing] if shown else [],
        wanting_support=rows.filter(wants_support=True).count() if shown else 0,
    )
