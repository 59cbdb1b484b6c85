"""Meetings, minutes and action plans: each change, its audit event and its emails together."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from safespace import policy
from safespace.accounts import roles
from safespace.accounts.models import User
from safespace.actions import ics
from safespace.actions.models import Action, ActionStatus, ActionUpdate, Meeting
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, Sharing
from safespace.cases.services.sealed import NAME, RAISER, by_key, case_row
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from safespace.notifications import mail
from safespace.notifications.mail import notify

MINUTES = "meeting.minutes"
COMMENT = "meeting.raiser_comment"
DESCRIPTION = "action.description"
UPDATE = AuditAction.ACTION_UPDATE
DISPUTE = AuditAction.ACTION_DISPUTE

# Staff emails are sent in English (docs/translation.md); their words are marked all the same.
INVITE_BODY = gettext_lazy(
    "You are invited to a Safe Space meeting. The attached invitation adds it to your "
    "calendar.\n\nSign in to Safe Space to see when and where it is, who will be there and "
    "what the person who raised the concern agreed to share with you: %(link)s\n"
)
INVITE_CHAMPION_BODY = gettext_lazy(
    "You are invited to a Safe Space meeting. The attached invitation adds it to your "
    "calendar.\n\nSign in to Safe Space to see it on the case: %(link)s\n"
)
CANCEL_BODY = gettext_lazy(
    "A Safe Space meeting you were invited to has been cancelled.\n\n"
    "Sign in to Safe Space: %(link)s\n"
)


class NotYet(Exception):
    """A step taken before the one it depends on, such as a plan before a meeting is held."""


def _seal(case: Case, field: str, text: str, row: crypto.Row) -> bytes | None:
    return crypto.seal(case.code, field, text, row) if text else None


def _open(case: Case, field: str, blob: bytes | memoryview | None, row: crypto.Row) -> str:
    return crypto.unseal(case.code, field, bytes(blob), row) if blob else ""


def _row(coded: Meeting | Action) -> crypto.Row:
    return (coded.code,)


@dataclass(frozen=True)
class Attendees:
    """Who a meeting invites: its senior managers, the case's champions, the Director."""

    managers: list[User]
    champions: list[User]
    directors: list[User]


def attendees(meeting: Meeting) -> Attendees:
    case = meeting.case
    directors: list[User] = []
    if meeting.director_attends:
        directors = list(roles.directors(case.network_id).distinct().order_by("full_name"))
    return Attendees(
        managers=sorted(meeting.managers.all(), key=lambda m: m.full_name),
        champions=list(
            User.objects.filter(assignments__case=case, assignments__ended_at__isnull=True)
            .distinct()
            .order_by("full_name")
        ),
        directors=directors,
    )


def _invitees(meeting: Meeting) -> list[tuple[str, bool]]:
    """Who gets the calendar invitation, and whether they follow it to the attendee's page.

    Champions read the meeting on the case; senior managers and the Director have a page of
    their own that shows only what the raiser agreed to share with them.
    """
    invited = attendees(meeting)
    champions = {u.email for u in invited.champions}
    others = {u.email for u in invited.managers + invited.directors} - champions
    return sorted([(e, False) for e in champions] + [(e, True) for e in others])


def _invitations(meeting: Meeting, *, cancel: bool = False) -> list[Callable[[], None]]:
    """The invitation as the meeting stands now, one send per invitee, made after the commit."""
    invitees = _invitees(meeting)
    attachment: mail.Attachment = (
        "safe-space-meeting.ics",
        ics.invitation(meeting, [address for address, _ in invitees], cancel=cancel),
        f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}",
    )
    template = "meeting-cancellation" if cancel else "meeting-invitation"
    sends: list[Callable[[], None]] = []
    for address, own_page in invitees:
        with translation.override(settings.LANGUAGE_CODE):
            if cancel:
                body = CANCEL_BODY % {"link": mail.link()}
            elif own_page:
                body = INVITE_BODY % {"link": attendee_link(meeting)}
            else:
                body = INVITE_CHAMPION_BODY % {"link": mail.link()}
        sends.append(
            partial(mail.send, address, template, mail.SUBJECT, body, attachments=[attachment])
        )
    return sends


def attendee_link(meeting: Meeting) -> str:
    """The invited senior manager's or Director's own page for the meeting.

    Its address carries only the meeting's code, which the calendar entry's UID carries anyway.
    """
    return mail.link() + reverse("actions:meeting", kwargs={"meeting": meeting.code}).lstrip("/")


def _send_after_commit(sends: list[Callable[[], None]]) -> None:
    transaction.on_commit(lambda: [send() for send in sends])


def schedule_meeting(
    case: Case,
    actor: User,
    *,
    starts: datetime.datetime,
    minutes_long: int,
    place: str,
    managers: Iterable[User],
    raiser_attends: bool,
    director_attends: bool,
) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.create(
            case=case,
            organiser=actor,
            starts=starts,
            minutes_long=minutes_long,
            place=place,
            raiser_attends=raiser_attends,
            director_attends=director_attends,
        )
        meeting.managers.set(list(managers))
        audit_case(actor, AuditAction.MEETING_SCHEDULE, case)
        _send_after_commit(_invitations(meeting))
    return meeting


def reschedule(
    meeting: Meeting, actor: User, *, starts: datetime.datetime, minutes_long: int, place: str
) -> None:
    with transaction.atomic():
        meeting.starts, meeting.minutes_long, meeting.place = starts, minutes_long, place
        meeting.sequence += 1
        meeting.save(update_fields=["starts", "minutes_long", "place", "sequence"])
        audit_case(actor, AuditAction.MEETING_RESCHEDULE, meeting.case)
        _send_after_commit(_invitations(meeting))


def cancel(meeting: Meeting, actor: User) -> None:
    with transaction.atomic():
        meeting.cancelled = timezone.now()
        meeting.sequence += 1
        meeting.save(update_fields=["cancelled", "sequence"])
        audit_case(actor, AuditAction.MEETING_CANCEL, meeting.case)
        _send_after_commit(_invitations(meeting, cancel=True))


def record_minutes(meeting: Meeting, actor: User, text: str, shared_with_raiser: bool) -> None:
    if meeting.cancelled is not None:
        raise NotYet("A cancelled meeting has no minutes.")
    with transaction.atomic():
        meeting.minutes = _seal(meeting.case, MINUTES, text, _row(meeting))
        meeting.minutes_recorded = timezone.now()
        meeting.minutes_shared_with_raiser = shared_with_raiser
        meeting.save(update_fields=["minutes", "minutes_recorded", "minutes_shared_with_raiser"])
        audit_case(actor, AuditAction.MINUTES_RECORD, meeting.case)


@dataclass(frozen=True)
class ShownMeeting:
    meeting: Meeting
    minutes: str
    raiser_comment: str


def read_meetings(
    case: Case, user: User | None, *, raiser_view: bool = False, role: str | None = None
) -> list[ShownMeeting]:
    """The case's meetings with their minutes opened; the raiser only gets shared minutes."""
    meetings = list(case.meetings.prefetch_related("managers"))
    if any(m.minutes for m in meetings):
        who = role or (RAISER if raiser_view else None)
        audit_case(user, AuditAction.MINUTES_READ, case, role=who)
    return [
        ShownMeeting(
            meeting=m,
            minutes=_open(case, MINUTES, m.minutes, _row(m))
            if (m.minutes_shared_with_raiser or not raiser_view)
            else "",
            raiser_comment=_open(case, COMMENT, m.raiser_comment, _row(m)),
        )
        for m in meetings
    ]


def respond_to_minutes(meeting: Meeting, *, agree: bool, comment: str) -> None:
    """The raiser agrees with the minutes, or says what they would add."""
    with transaction.atomic():
        meeting.raiser_agreed = timezone.now() if agree else None
        meeting.raiser_comment = _seal(meeting.case, COMMENT, comment, _row(meeting))
        meeting.save(update_fields=["raiser_agreed", "raiser_comment"])
        audit_case(None, AuditAction.MINUTES_RESPOND, meeting.case, role=RAISER)
        champions = list(
            meeting.case.assignments.filter(ended_at__isnull=True).values_list(
                "champion__email", flat=True
            )
        )
        transaction.on_commit(
            lambda: notify(champions, gettext_lazy("There is a reply to meeting minutes"))
        )


def add_action(
    meeting: Meeting,
    actor: User,
    *,
    description: str,
    owner: User,
    due: datetime.date,
    shared_with_raiser: bool,
) -> Action:
    """An action in the meeting's plan. A plan only follows a meeting that has been held."""
    if not meeting.held:
        raise NotYet("Record the meeting before its action plan.")
    case = meeting.case
    with transaction.atomic():
        action = Action(
            meeting=meeting, case=case, owner=owner, due=due, shared_with_raiser=shared_with_raiser
        )
        action.description = _seal(case, DESCRIPTION, description, _row(action))
        action.save()
        audit_case(actor, AuditAction.ACTION_ADD, case)
        transaction.on_commit(
            lambda: notify([owner.email], gettext_lazy("An action has been given to you"))
        )
    return action


@dataclass(frozen=True)
class ShownUpdate:
    status: str
    note: str
    at: datetime.datetime
    by_owner: bool


@dataclass(frozen=True)
class ShownAction:
    action: Action
    description: str
    updates: list[ShownUpdate]
    dispute: str


def read_actions(
    case: Case,
    user: User | None,
    *,
    raiser_view: bool = False,
    owner: User | None = None,
    role: str | None = None,
) -> list[ShownAction]:
    """Open a case's actions (all of them, the raiser's shared ones, or one owner's)."""
    actions = case.actions.select_related("owner", "case").prefetch_related("updates")
    if raiser_view:
        actions = actions.filter(shared_with_raiser=True)
    if owner is not None:
        actions = actions.filter(owner=owner)
    found = list(actions)
    if found:
        audit_case(
            user, AuditAction.ACTIONS_READ, case, role=role or (RAISER if raiser_view else None)
        )
    return [shown(a) for a in found]


def shown(action: Action) -> ShownAction:
    """One action opened. The caller has written the audit event for reading its case."""
    case = action.case
    return ShownAction(
        action=action,
        description=_open(case, DESCRIPTION, action.description, _row(action)),
        updates=[
            ShownUpdate(
                status=u.get_status_display(),
                note=_open(case, UPDATE, u.note, by_key(u)),
                at=u.at,
                by_owner=u.author_id == action.owner_id,
            )
            for u in action.updates.all()
        ],
        dispute=_open(case, DISPUTE, action.dispute, _row(action)),
    )


@dataclass(frozen=True)
class ManagerContext:
    """What an action's owner may know of the concern behind it: only what the raiser allowed."""

    reference: str
    themes: list[str]
    raiser_name: str


def manager_context(case: Case) -> ManagerContext:
    return shared_context(case, case.share_with_manager)


def shared_context(case: Case, sharing: str) -> ManagerContext:
    """What someone outside the case may know of it at the level the raiser chose for them."""
    if sharing == Sharing.NONE:
        return ManagerContext(reference="", themes=[], raiser_name="")
    named = sharing == Sharing.NAMED
    return ManagerContext(
        reference=case.reference,
        themes=[t.name for t in case.themes.all()],
        raiser_name=_open(case, NAME, case.raiser_name, case_row(case)) if named else "",
    )


MEETING_READ = AuditAction.MEETING_READ
# From sharing nothing to sharing with the name: someone invited in two roles gets the wider.
_WIDER = [Sharing.NONE, Sharing.ANONYMOUS, Sharing.NAMED]


def invited_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings this person is invited to as a senior manager or as the Director.

    The same two rows of the policy that open each meeting's page (invited_manager and
    invited_director), asked of every meeting at once. A held case has none to show.
    """
    return Meeting.objects.filter(
        policy.meetings_where(user, policy.Action.ATTEND_MEETING)
    ).distinct()


@dataclass(frozen=True)
class YourMeetings:
    coming: list[Meeting]
    earlier: list[Meeting]


def your_meetings(user: User, limit: int = 50) -> YourMeetings:
    """The meetings someone is invited to: what is coming first, then the latest of the rest.

    Only when, where and whether cancelled, so listing them reads nothing of any case. A
    meeting whose case was shredded is gone.
    """
    mine = invited_meetings(user).select_related("case")
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    coming = list(mine.filter(starts__gte=today).order_by("starts")[:limit])
    earlier = list(mine.filter(starts__lt=today).order_by("-starts")[:limit])
    live = set(
        CaseKey.objects.using(KEYS)
        .filter(case_code__in={m.case.code for m in coming + earlier})
        .values_list("case_code", flat=True)
    )
    return YourMeetings(
        coming=[m for m in coming if m.case.code in live],
        earlier=[m for m in earlier if m.case.code in live],
    )


def invited_as(meeting: Meeting, user: User) -> tuple[str, str]:
    """The role someone attends in, and how much the raiser shares with it, at its widest."""
    found = policy.attending_as(user, meeting)
    if not found:
        raise NotYet("Only someone the meeting invites may see it as an attendee.")
    return max(found, key=lambda f: _WIDER.index(Sharing(f[1])))


@dataclass(frozen=True)
class AttendeeMeeting:
    """A meeting as an invited senior manager or Director sees it: never the concern itself."""

    meeting: Meeting
    role: str
    about: ManagerContext
    attendees: Attendees
    actions: list[ShownAction]


def read_as_attendee(meeting: Meeting, user: User) -> AttendeeMeeting:
    """Open a meeting for someone it invites, writing the read to the raiser's access list."""
    role, sharing = invited_as(meeting, user)
    case = meeting.case
    with transaction.atomic():
        audit_case(user, MEETING_READ, case, role=role)
        owned = list(meeting.actions.filter(owner=user).select_related("owner", "case"))
        if owned:
            audit_case(user, AuditAction.ACTIONS_READ, case, role=role)
        return AttendeeMeeting(
            meeting=meeting,
            role=role,
            about=shared_context(case, sharing),
            attendees=attendees(meeting),
            actions=[shown(a) for a in owned],
        )


def update_action(action: Action, author: User, status: str, note: str, role: str) -> None:
    """Progress and evidence from the owner (or a champion). "Done" waits for the champion."""
    case = action.case
    with transaction.atomic():
        update = ActionUpdate.objects.create(action=action, author=author, status=status)
        if note:
            update.note = _seal(case, UPDATE, note, by_key(update))
            update.save(update_fields=["note"])
        action.status = status
        action.done_at = timezone.now() if status == ActionStatus.DONE else None
        action.confirmed_at = action.confirmed_by = None
        action.save(update_fields=["status", "done_at", "confirmed_at", "confirmed_by"])
        audit_case(author, AuditAction.ACTION_UPDATE, case, role=role)
        if status == ActionStatus.DONE:
            champions = list(
                case.assignments.filter(ended_at__isnull=True).values_list(
                    "champion__email", flat=True
                )
            )
            transaction.on_commit(
                lambda: notify(champions, gettext_lazy("An action is ready to confirm"))
            )


def confirm_done(action: Action, champion: User) -> None:
    if action.status != ActionStatus.DONE:
        raise NotYet("Only an action its owner marked done can be confirmed.")
    with transaction.atomic():
        action.confirmed_by = champion
        action.confirmed_at = timezone.now()
        action.disputed_at = None
        action.save(update_fields=["confirmed_by", "confirmed_at", "disputed_at"])
        audit_case(champion, AuditAction.ACTION_CONFIRM, action.case)


def dispute(action: Action, words: str) -> None:
    """The raiser says "I don't think this is done": the champions are told to look again."""
    case = action.case
    with transaction.atomic():
        action.disputed_at = timezone.now()
        action.dispute = _seal(case, DISPUTE, words, _row(action))
        action.save(update_fields=["disputed_at", "dispute"])
        audit_case(None, AuditAction.ACTION_DISPUTE, case, role=RAISER)
        champions = list(
            case.assignments.filter(ended_at__isnull=True).values_list("champion__email", flat=True)
        )
        transaction.on_commit(
            lambda: notify(
                champions,
                gettext_lazy("The person who raised a concern has questioned an action"),
            )
        )


def forget_shredded(sender: object, case: Case, **kwargs: object) -> None:
    """Where a shredded concern's meetings were held goes with it: the place is kept as plain
    text, not sealed under the concern's key, so destroying the key would leave it readable."""
    Meeting.objects.filter(case=case).update(place="")
