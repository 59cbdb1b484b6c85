"""Chasing action plans: reminders to owners, escalation to the Director and the lead.

Each person gets at most one email a day, a digest that says only that there is something to
see. It is due when they own an open action due in exactly 7 days or due today, or, for each
network's Director(s) of Wellbeing and lead champion(s), when an open action of that network is
14 or more days overdue. Escalation repeats: such an action is in every day's digest for as
long as it stays open, so one missed email cannot bury it. Owners are not chased once an action
is overdue: that is what escalation is for. Actions of withdrawn concerns are never chased.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy

from safespace.accounts import roles
from safespace.actions.models import Action, ActionStatus
from safespace.cases.models import Stage
from safespace.notifications import mail
from safespace.notifications.models import DigestSent

logger = logging.getLogger(__name__)

REMINDER_DAYS = 7
ESCALATION_DAYS = 14
TEMPLATE = "digest"
# Sent in English, as every staff email is; marked for the catalogue all the same.
BODY = gettext_lazy(
    "There is something for you to see in Safe Space.\n\nSign in to see it: %(link)s\n"
)


@dataclass
class Digest:
    """Why one person hears from Safe Space today. The email itself says none of it."""

    recipient: str
    due_soon: list[Action] = field(default_factory=list)
    due_today: list[Action] = field(default_factory=list)
    escalated: list[Action] = field(default_factory=list)


class DigestsNotSent(Exception):
    """Some digests failed to send; running again the same day sends just those."""


def _chased() -> QuerySet[Action]:
    return Action.objects.filter(
        status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]
    ).exclude(case__stage=Stage.WITHDRAWN)


def digests(today: datetime.date) -> dict[str, Digest]:
    """Everyone with a digest due on `today`, by email: three queries however many actions."""
    found: dict[str, Digest] = {}

    def digest(email: str) -> Digest:
        if email not in found:
            found[email] = Digest(email)
        return found[email]

    soon = today + datetime.timedelta(days=REMINDER_DAYS)
    reminders = (
        _chased()
        .filter(due__in=[soon, today], owner__is_active=True)
        .select_related("owner")
        .only("code", "due", "case_id", "owner__email")
    )
    for action in reminders:
        owners = digest(action.owner.email)
        (owners.due_soon if action.due == soon else owners.due_today).append(action)

    overdue = list(
        _chased()
        .filter(due__lte=today - datetime.timedelta(days=ESCALATION_DAYS))
        .select_related("case")
        .only("code", "due", "owner_id", "case__network")
    )
    if overdue:
        watchers: defaultdict[int, set[str]] = defaultdict(set)
        # Each network's Director(s) of Wellbeing and lead champion(s).
        escalate_to = roles.memberships_in(
            {action.case.network_id for action in overdue}, directors=True, leads=True
        )
        for network_id, email in escalate_to.values_list("network_id", "user__email"):
            watchers[network_id].add(email)
        for action in overdue:
            for email in sorted(watchers[action.case.network_id]):
                digest(email).escalated.append(action)
    return found


def send_digests(today: datetime.date) -> int:
    """Send `today`'s digests; anyone who has had one today is skipped, so reruns send nothing.

    Each digest is claimed (a unique row for the person and the day) before it is sent, so two
    workers at once cannot both send it; a failed send gives its claim back for the next run.
    """
    due = {mail.recipient_key(email): email for email in digests(today)}
    # A claim made earlier today may hold an address in its form from before it had its own key.
    forms = {form: key for key, email in due.items() for form in mail.recipient_keys(email)}
    claims = DigestSent.objects.filter(day=today, recipient__in=list(forms))
    had = {forms[recipient] for recipient in claims.values_list("recipient", flat=True)}
    sent = failed = 0
    for key, email in sorted(due.items(), key=lambda item: item[1]):
        if key in had:
            continue
        _, claimed = DigestSent.objects.get_or_create(recipient=key, day=today)
        if not claimed:
            continue
        try:
            with translation.override(settings.LANGUAGE_CODE):
                body = BODY % {"link": mail.link()}
            mail.send(email, TEMPLATE, mail.SUBJECT, body)
        except Exception as error:
            DigestSent.objects.filter(recipient=key, day=today).delete()
            # The error's text may hold the address: name only its kind.
            logger.error("A daily digest could not be sent (%s)", type(error).__name__)
            failed += 1
        else:
            sent += 1
    if failed:
        raise DigestsNotSent(f"{failed} of {failed + sent} daily digests could not be sent.")
    return sent
