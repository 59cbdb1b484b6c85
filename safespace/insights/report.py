"""The evaluation report: one network's period, in the shape of the pilot's write-up, as a PDF.

Context, the problem, what was done, cases by theme, outcomes, hours, then the learning
points, what went well and next steps that the lead champion writes (ReportNarrative). Every
figure comes from `figures` through `disclosure`, exact only for the network's lead. The PDF
is tagged (PDF/UA-1), so a screen reader reads its headings and tables as the page's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop, ngettext

from safespace.accounts.models import Network, Role, User
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record
from safespace.champions.services import coverage, pool
from safespace.insights import figures
from safespace.insights.disclosure import NO_DATA, publish
from safespace.insights.ftsu import alone
from safespace.insights.models import ReportNarrative
from safespace.insights.tables import Figure, Published
from safespace.lib import pdf

# What the report says when the lead leaves a section empty. About the service, never a case.
# In English here, and translated as the report is built.
CONTEXT = gettext_noop(
    "The %(network)s runs the Safe Space Clinic: a confidential route for staff who experience "
    "racism or other inequality at work and want to be heard without being forced into a "
    "formal grievance. Volunteer Safe Space Champions from other directorates listen, arrange "
    "a meeting with the senior managers who can act, turn each meeting into an action plan, "
    "follow it through, and watch that the person who spoke up suffers no detriment afterwards."
)
PROBLEM = gettext_noop(
    "Staff who experience inequality at work are often afraid to raise it formally, and some "
    "who have done so found themselves facing a capability or probation process soon after. "
    "Senior managers had no idea these issues existed. The clinic gives people an informal, "
    "confidential route, and gives the organisation evidence of what is happening without "
    "identifying anyone."
)
WHAT_WAS_DONE = gettext_noop(
    "People raised concerns through the online form, by phone or in conversation with a "
    "champion, named or anonymously. The lead champion gave each concern to a champion from a "
    "different directorate, who listened and agreed with the person what they wanted: to be "
    "heard, an informal resolution, a meeting with senior management, mediation, or a "
    "signpost to a formal process. Meetings ended in action plans with named owners and due "
    "dates, followed up until done."
)
NOT_WRITTEN = gettext_noop("The lead champion has not written this section for this period yet.")

NARRATIVE_FIELDS = (
    "context",
    "problem",
    "what_was_done",
    "learning_points",
    "went_well",
    "next_steps",
)


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    # Written by the lead; otherwise the report prints standard words, or says plainly that
    # the lead has not written this section for the period yet (NOT_WRITTEN).
    by_lead: bool


@dataclass(frozen=True)
class Report:
    network: Network
    start: datetime.date
    end: datetime.date
    exact: bool
    narrative: ReportNarrative | None
    context: Section
    problem: Section
    what_was_done: Section
    learning_points: Section
    went_well: Section
    next_steps: Section
    glance: tuple[tuple[str, Figure], ...]
    glance_note: str
    # What the figures say in words, each sentence drawn from the figures beside it.
    findings: tuple[str, ...]
    # Directorates where no active champion works: the only places the report asks to recruit.
    without_champions: tuple[str, ...]
    by_month: Published
    by_channel: Published
    by_theme: Published
    by_outcome: Published
    felt_heard: Published
    speak_up_again: Published
    hours: Published
    produced: datetime.datetime
    # The network's disclosure threshold: a hidden count is from 1 to one less than this.
    threshold: int = 5

    @property
    def threshold_below(self) -> int:
        return self.threshold - 1

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def title(self) -> str:
        return gettext("Safe Space Clinic evaluation report: %(network)s, %(period)s") % {
            "network": self.network.name,
            "period": self.label,
        }

    @property
    def lead_sections(self) -> tuple[Section, ...]:
        return (self.learning_points, self.went_well, self.next_steps)

    def filename(self) -> str:
        return f"evaluation-report-{slugify(self.network.name)}-{slugify(self.label)}.pdf"


def period_label(start: datetime.date, end: datetime.date) -> str:
    """'April to September 2026', 'October 2025 to March 2026', or 'June 2026'."""
    words = {
        "first": MONTHS[start.month],
        "first_year": start.year,
        "last": MONTHS[end.month],
        "last_year": end.year,
    }
    if (start.year, start.month) == (end.year, end.month):
        return f"{words['last']} {end.year}"
    if start.year == end.year:
        return gettext("%(first)s to %(last)s %(last_year)s") % words
    return gettext("%(first)s %(first_year)s to %(last)s %(last_year)s") % words


def narrative_for(
    network: Network, start: datetime.date, end: datetime.date
) -> ReportNarrative | None:
    found = ReportNarrative.objects.filter(network=network, start=start, end=end)
    return found.select_related("written_by").first()


def _section(heading: str, written: str, fallback: str) -> Section:
    if written.strip():
        return Section(heading, written, by_lead=True)
    return Section(heading, fallback, by_lead=False)


def in_words(names: list[str]) -> str:
    """'Housing', 'Housing and Place', 'Housing, Place and Resources'."""
    if len(names) == 1:
        return names[0]
    return gettext("%(others)s and %(last)s") % {
        "others": ", ".join(names[:-1]),
        "last": names[-1],
    }


def first_contact_finding(figure: Figure, in_time: int, made: int, *, days: int) -> str:
    """The first-contact figure in words that never say more than the figure does.

    "Every" only when every concern that has had first contact had it in time; a share only as
    the figure shows it; when the figure is withheld, nothing that would give it back.
    """
    words = {"days": days, "share": figure.text}
    if figure.text == gettext(NO_DATA):
        return gettext("No concern raised in the period has had first contact yet.")
    if figure.withheld:
        return gettext(
            "How many concerns had first contact within the target is withheld: too few "
            "concerns are behind it to give it without risk of identifying someone."
        )
    if in_time == made:
        return (
            ngettext(
                "Every concern that has had first contact had it within %(days)s working day, "
                "the target.",
                "Every concern that has had first contact had it within %(days)s working days, "
                "the target.",
                days,
            )
            % words
        )
    if in_time == 0:
        return (
            ngettext(
                "No concern that has had first contact had it within %(days)s working day, "
                "the target.",
                "No concern that has had first contact had it within %(days)s working days, "
                "the target.",
                days,
            )
            % words
        )
    if figure.value == 100:
        return (
            ngettext(
                "Nearly every concern that has had first contact had it within %(days)s working "
                "day, the target; a few waited longer.",
                "Nearly every concern that has had first contact had it within %(days)s working "
                "days, the target; a few waited longer.",
                days,
            )
            % words
        )
    if figure.value == 0:
        return (
            ngettext(
                "Almost no concern that has had first contact had it within %(days)s working day, "
                "the target.",
                "Almost no concern that has had first contact had it within %(days)s working days, "
                "the target.",
                days,
            )
            % words
        )
    return (
        ngettext(
            "%(share)s of the concerns that have had first contact had it within %(days)s working "
            "day, the target; the rest waited longer.",
            "%(share)s of the concerns that have had first contact had it within %(days)s working "
            "days, the target; the rest waited longer.",
            days,
        )
        % words
    )


def champion_finding(without: list[str], directorates: int) -> str | None:
    """Where to recruit: only the directorates in which no active champion works."""
    if not directorates:
        return None
    if not without:
        return gettext("At least one active champion works in every directorate.")
    return gettext(
        "No active champion works in %(directorates)s: recruiting there would widen the "
        "pool that concerns are given to."
    ) % {"directorates": in_words(without)}


def build(network: Network, start: datetime.date, end: datetime.date, *, exact: bool) -> Report:
    """Every figure and section of the report, each figure through disclosure control."""
    scope = figures.Scope(networks=(network,), start=start, end=end)
    narrative = narrative_for(network, start, end)
    written = {name: getattr(narrative, name) if narrative else "" for name in NARRATIVE_FIELDS}
    month_counts, outcome_counts = figures.by_month(scope), figures.by_outcome(scope)
    hours_counts = figures.champion_hours(scope)
    threshold = scope.threshold
    hours = publish(hours_counts, exact=exact, threshold=threshold)
    contact = figures.first_contact(scope)
    rates = figures.key_figures(scope, exact=exact, hours=hours_counts, contact=contact)
    first_contact = dict(rates.rows)[gettext("First contact within target")][0]
    directorates = coverage(network, pool(network))
    without = [directorate.name for directorate, active in directorates if active == 0]
    findings = (
        first_contact_finding(first_contact, *contact, days=network.first_contact_days),
        champion_finding(without, len(directorates)),
    )
    raised, closed = gettext("Concerns raised"), gettext("Concerns closed")
    glance = (
        # Every table of the period's concerns shares these totals, so they are hidden only
        # when small, even where one of those tables is withheld whole.
        (raised, alone("raised", raised, month_counts.total, exact, threshold)),
        (closed, alone("closed", closed, outcome_counts.total, exact, threshold)),
        (gettext("Hours champions gave"), hours.rows[0][1][0]),
        *((label, cells[0]) for label, cells in rates.rows),
    )
    name = network.name
    return Report(
        network=network,
        start=start,
        end=end,
        exact=exact,
        narrative=narrative,
        context=_section(
            gettext("Context"), written["context"], gettext(CONTEXT) % {"network": name}
        ),
        problem=_section(gettext("The problem"), written["problem"], gettext(PROBLEM)),
        what_was_done=_section(
            gettext("What was done"), written["what_was_done"], gettext(WHAT_WAS_DONE)
        ),
        learning_points=_section(
            gettext("Learning points"), written["learning_points"], gettext(NOT_WRITTEN)
        ),
        went_well=_section(gettext("What went well"), written["went_well"], gettext(NOT_WRITTEN)),
        next_steps=_section(gettext("Next steps"), written["next_steps"], gettext(NOT_WRITTEN)),
        glance=glance,
        glance_note=rates.description,
        findings=tuple(finding for finding in findings if finding),
        without_champions=tuple(without),
        by_month=publish(month_counts, exact=exact, threshold=threshold),
        by_channel=publish(figures.by_channel(scope), exact=exact, threshold=threshold),
        by_theme=publish(figures.by_theme(scope), exact=exact, threshold=threshold),
        by_outcome=publish(outcome_counts, exact=exact, threshold=threshold),
        felt_heard=publish(figures.felt_heard(scope), exact=exact, threshold=threshold),
        speak_up_again=publish(figures.speak_up_again(scope), exact=exact, threshold=threshold),
        hours=hours,
        produced=timezone.now(),
        threshold=threshold,
    )


def render_pdf(report: Report) -> bytes:
    """The report as a tagged PDF (PDF/UA-1), drawn offline (safespace/lib/pdf.py)."""
    return pdf.render_pdf("insights/pdf/report.html", {"report": report})


def save_narrative(
    network: Network,
    start: datetime.date,
    end: datetime.date,
    texts: dict[str, Any],
    author: User,
) -> ReportNarrative:
    """Write or rewrite the lead's sections for a period, with an audit event."""
    with transaction.atomic():
        narrative, created = ReportNarrative.objects.select_for_update().get_or_create(
            network=network, start=start, end=end, defaults={"written_by": author}
        )
        for name in NARRATIVE_FIELDS:
            setattr(narrative, name, texts.get(name, "").strip())
        narrative.written_by = author
        narrative.written_at = timezone.now()
        narrative.save()
        record(
            actor_code=str(author.code),
            actor_role=Role.LEAD.value,
            action=AuditAction.REPORT_NARRATIVE_WRITE
            if created
            else AuditAction.REPORT_NARRATIVE_CHANGE,
            object_type="report_narrative",
            object_code=str(narrative.code),
        )
    return narrative
