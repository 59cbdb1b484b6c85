"""The demo lead's writing for the evaluation report, so the demo PDF reads like the real one.

Written for the period the report page offers first (the six months to the end of this
month), so it is there when someone tries the report. Invented, and about no case.
"""

from __future__ import annotations

from django.utils import timezone

from safespace.accounts.models import Network, Role, User
from safespace.insights import report
from safespace.insights.report_forms import PeriodForm

WRITTEN = {
    "learning_points": (
        "People came to the clinic when they had heard from a colleague that it was safe, "
        "far more than from the intranet page. Word of mouth matters most.\n\n"
        "Managers responded best when a champion from another directorate was in the room and "
        "the meeting ended with written actions, owners and dates.\n\n"
        "Several people were worried about a capability or probation process starting after "
        "they spoke up. The check-ins after closing, and the HR alert for those who asked for "
        "it, gave them and us some reassurance."
    ),
    # No figure is claimed here: words written once would outlive the figures they describe.
    # The report says what its figures show itself ("What the figures say", report.build).
    "went_well": (
        "Champions supported each other at the monthly review, and the time log gave them "
        "evidence for facility time for the first time."
    ),
    "next_steps": (
        "Keep recruiting champions, so that the pool stays wide enough for nobody to carry "
        "too many concerns at once.\n\n"
        "Review the Terms of Reference with the Director of Wellbeing.\n\n"
        "Share this report with the Corporate Leadership Team and ask each director to follow "
        "up the overdue actions in their directorate."
    ),
}


def seed(network: Network) -> None:
    """Write the demo narrative once; running again leaves it (and the audit trail) alone."""
    start, end = PeriodForm.default(timezone.localdate())
    if report.narrative_for(network, start, end) is not None:
        return
    lead = User.objects.filter(memberships__network=network, memberships__role=Role.LEAD).first()
    if lead is None:
        return
    report.save_narrative(network, start, end, WRITTEN, lead)
