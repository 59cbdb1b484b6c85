"""Closing, reopening, feedback and detriment check-ins: each with its audit event."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safespace.accounts import roles
from safespace.accounts.models import User
from safespace.actions import services as plans
from safespace.actions.models import ActionStatus
from safespace.aftercare.models import (
    CheckIn,
    Closure,
    Detriment,
    FeedbackAnswer,
    FeedbackGiven,
    Outcome,
)
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, ContactMethod, Sharing, Stage
from safespace.cases.services import sealed as case_sealed
from safespace.cases.services import stages
from safespace.keystore import crypto
from safespace.lib.dates import add_months
from safespace.notifications.mail import notify

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SUMMARY = "closure.summary"
REOPEN = "closure.reopen_reason"
FEEDBACK = "feedback.anything_else"
DETAILS = "check_in.details"


def _seal(case: Case, field: str, text: str, row: crypto.Row) -> bytes | None:
    return crypto.seal(case.code, field, text, row) if text else None


def _open(case: Case, field: str, blob: bytes | memoryview | None, row: crypto.Row) -> str:
    return crypto.unseal(case.code, field, bytes(blob), row) if blob else ""


def _tell_raiser(case: Case, subject: StrOrPromise) -> bool:
    """A notification with no content, only if the raiser chose to be reached by email."""
    if case.contact_method != ContactMethod.EMAIL or not case.contact_details:
        return False
    address = _open(case, case_sealed.CONTACT, case.contact_details, case_sealed.case_row(case))
    transaction.on_commit(lambda: notify([address], subject, language=case.language))
    return True


def close(case: Case, actor: User, *, outcome: str, formal_process: str, summary: str) -> Closure:
    """Close with an outcome and a summary for the raiser; the check-ins are scheduled."""
    with transaction.atomic():
        stages.move(case, Stage.CLOSED)
        closure = Closure.objects.create(
            case=case, outcome=outcome, formal_process=formal_process, closed_by=actor
        )
        if summary:
            # Sealed once saved: a closure is bound to its own key (case_sealed.by_key).
            closure.summary = _seal(case, SUMMARY, summary, case_sealed.by_key(closure))
            closure.save(update_fields=["summary"])
        today = timezone.localdate()
        CheckIn.objects.bulk_create(
            CheckIn(case=case, closure=closure, months_after=m, due=add_months(today, m))
            for m in settings.SAFESPACE_CHECKIN_MONTHS
        )
        audit_case(actor, AuditAction.CASE_CLOSE, case)
        _tell_raiser(case, _("There is news about your concern"))
    return closure


def withdraw(case: Case) -> Closure:
    """The raiser withdraws: the case closes as "withdrawn by the raiser", so the outcome
    counts include it. No check-ins: they chose that nothing more should happen."""
    with transaction.atomic():
        stages.withdraw(case)
        return Closure.objects.create(
            case=case, outcome=Outcome.WITHDRAWN, closed_at=case.withdrawn_at or timezone.now()
        )


def reopen(case: Case, actor: User, reason: str) -> None:
    """Open a closed case again; its later check-ins are no longer asked."""
    with transaction.atomic():
        closure = case.closures.filter(reopened_at__isnull=True).last()
        stages.move(case, Stage.LISTENING)
        if closure is not None:
            closure.reopened_at = timezone.now()
            closure.reopen_reason = _seal(case, REOPEN, reason, case_sealed.by_key(closure))
            closure.save(update_fields=["reopened_at", "reopen_reason"])
            closure.check_ins.filter(answered_at__isnull=True).delete()
        audit_case(actor, AuditAction.CASE_REOPEN, case)


@dataclass(frozen=True)
class ShownClosure:
    outcome: str
    formal_process: str
    summary: str
    closed_at: datetime.datetime
    reopened_at: datetime.datetime | None
    reopen_reason: str


def read_closures(
    case: Case, user: User | None, *, raiser_view: bool = False, role: str | None = None
) -> list[ShownClosure]:
    found = list(case.closures.all())
    if found:
        who = role or (case_sealed.RAISER if raiser_view else None)
        audit_case(user, AuditAction.CLOSURE_READ, case, role=who)
    return [
        ShownClosure(
            outcome=c.get_outcome_display(),
            formal_process=c.formal_process,
            summary=_open(case, SUMMARY, c.summary, case_sealed.by_key(c)),
            closed_at=c.closed_at,
            reopened_at=c.reopened_at,
            reopen_reason=""
            if raiser_view
            else _open(case, REOPEN, c.reopen_reason, case_sealed.by_key(c)),
        )
        for c in found
    ]


@dataclass(frozen=True)
class ShownCheckIn:
    months_after: int
    due: datetime.date
    answered_at: datetime.datetime | None
    happened: list[str]
    details: str


def read_check_ins(case: Case, user: User | None) -> list[ShownCheckIn]:
    """Check-ins and what the raiser reported, for the staff who may see the casework."""
    found = list(case.check_ins.all())
    if any(c.details for c in found):
        audit_case(user, AuditAction.CHECK_INS_READ, case)
    return [
        ShownCheckIn(
            months_after=c.months_after,
            due=c.due,
            answered_at=c.answered_at,
            happened=[Detriment(h).label for h in c.happened],
            details=_open(case, DETAILS, c.details, case_sealed.by_key(c)),
        )
        for c in found
    ]


def may_give_feedback(case: Case) -> bool:
    """After a closing; not after withdrawing, when "did you feel heard?" may not apply."""
    return case.closures.exclude(outcome=Outcome.WITHDRAWN).exists() and not hasattr(
        case, "feedback_given"
    )


def give_feedback(case: Case, *, felt_heard: int, speak_up_again: str, anything_else: str) -> None:
    """The scores go where nothing links them to the case; the words stay sealed with it."""
    with transaction.atomic():
        given = FeedbackGiven.objects.create(case=case)
        if anything_else:
            given.anything_else = _seal(case, FEEDBACK, anything_else, case_sealed.by_key(given))
            given.save(update_fields=["anything_else"])
        FeedbackAnswer.objects.create(
            network_id=case.network_id,
            month=timezone.localdate().replace(day=1),
            felt_heard=felt_heard,
            speak_up_again=speak_up_again,
        )
        audit_case(None, AuditAction.FEEDBACK_GIVE, case, role=case_sealed.RAISER)


def due_check_in(case: Case) -> CheckIn | None:
    """The check-in the raiser is asked now: the earliest that is due and unanswered."""
    return (
        case.check_ins.filter(answered_at__isnull=True, due__lte=timezone.localdate())
        .order_by("due")
        .first()
    )


def answer_check_in(check_in: CheckIn, happened: list[str], details: str) -> None:
    """Any yes is a detriment report for the lead and, if the raiser agreed, the Director."""
    case = check_in.case
    with transaction.atomic():
        check_in.answered_at = timezone.now()
        check_in.happened = [Detriment(h).value for h in happened]
        check_in.details = _seal(case, DETAILS, details, case_sealed.by_key(check_in))
        check_in.save(update_fields=["answered_at", "happened", "details"])
        audit_case(None, AuditAction.CHECK_IN_ANSWER, case, role=case_sealed.RAISER)
        if happened:
            shared = case.share_with_director != Sharing.NONE
            told = list(
                roles.people_in(case.network_id, leads=True, directors=shared)
                .values_list("email", flat=True)
                .distinct()
            )
            transaction.on_commit(
                lambda: notify(told, "Someone who spoke up has reported something since")
            )


def send_due_check_in_notices(today: datetime.date | None = None) -> int:
    """Tell raisers who can be reached by email that a check-in is waiting (no content).

    Each check-in is considered once: it is marked in the same transaction as its notice is
    queued, so a rerun tells nobody twice, and one missed on its day (the worker was down) is
    caught up the next time this runs.
    """
    today = today or timezone.localdate()
    due = CheckIn.objects.filter(
        answered_at__isnull=True, notified_at__isnull=True, due__lte=today
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            check_in = (
                CheckIn.objects.select_for_update(of=("self",))
                .select_related("case")
                .filter(pk=pk, notified_at__isnull=True)
                .first()
            )
            if check_in is None:
                continue  # another run took it a moment ago
            check_in.notified_at = timezone.now()
            check_in.save(update_fields=["notified_at"])
            try:
                sent += _tell_raiser(check_in.case, _("Safe Space would like to check in with you"))
            except crypto.KeyDestroyed:
                # Shredded since it was due, before shredding forgot pending check-ins: there
                # is nobody to tell, and the others due still are.
                continue
    return sent


def forget_shredded(sender: object, case: Case, **kwargs: object) -> None:
    """A shredded concern is asked nothing more: its pending check-ins go (answered ones stay,
    anonymous, for the figures). The formal process it was referred to, kept as plain text
    rather than sealed, goes too; the outcome stays for the figures."""
    CheckIn.objects.filter(case=case, answered_at__isnull=True).delete()
    Closure.objects.filter(case=case).update(formal_process="")


def still_open(case: Case, reader: User) -> list[str]:
    """What closing would leave open, one plain line each: actions not finished, disputed by
    the raiser or done but not yet confirmed, and meetings still to come."""
    lines = []
    for shown in plans.read_actions(case, reader):
        action = shown.action
        owner = action.owner.full_name
        words = {"action": shown.description, "owner": owner}
        if action.disputed_at:
            lines.append(
                gettext(
                    "“%(action)s” (%(owner)s): the person who raised it does not think this is done"
                )
                % words
            )
        elif action.status == ActionStatus.NOT_STARTED:
            lines.append(gettext("“%(action)s” (%(owner)s): not started") % words)
        elif action.status == ActionStatus.IN_PROGRESS:
            lines.append(gettext("“%(action)s” (%(owner)s): in progress") % words)
        elif action.status == ActionStatus.DONE and action.confirmed_at is None:
            lines.append(gettext("“%(action)s” (%(owner)s): done, not yet confirmed") % words)
    now = timezone.now()
    for meeting in case.meetings.filter(cancelled__isnull=True, starts__gt=now).order_by("starts"):
        when = timezone.localtime(meeting.starts)
        lines.append(
            gettext("A meeting on %(day)s at %(time)s, still to happen")
            % {"day": date_format(when, "j F Y"), "time": date_format(when, "H:i")}
        )
    return lines
