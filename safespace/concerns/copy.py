"""A copy of everything held about a concern, as its raiser would read it (their right of access).

It holds what their own page shows them, as data a program can read: their words and how to
reach them, the themes, their messages and the notes shared with them, the meetings and the
actions they may see, the closing, each sharing choice they made and the list of who opened the
concern. Every part is read through the same audited reads as their page. The raiser downloads
it from their own page; the data protection officer exports the same copy to answer a subject
access request, each read recorded under their own role.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from safespace.accounts.models import User
from safespace.accounts.roles import is_lead
from safespace.actions import services as meetings
from safespace.aftercare import services as aftercare
from safespace.audit.casework import role_for
from safespace.cases.models import Case
from safespace.cases.services import reads as case_reads
from safespace.cases.services import sealed as case_sealed
from safespace.concerns.access import access_list


def iso(moment: Any) -> str | None:
    """A time or day as data: 2026-12-04T13:55:42+00:00."""
    return moment.isoformat() if moment is not None else None


def readable(moment: Any) -> str | None:
    """A time or day as a person reads it: 4 December 2026, 13:55."""
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        return date_format(timezone.localtime(moment), "j F Y, H:i")
    return date_format(moment, "j F Y")


def conversation(
    case: Case, reader: User | None = None, role: str = case_sealed.RAISER
) -> list[tuple[str, case_reads.ShownMessage]]:
    """The messages with who sent each, by role: the lead champion is not "your champion"."""
    authors = {(m.sent, m.from_raiser): m.author for m in case.messages.select_related("author")}
    acted: dict[int, str] = {}

    def sender(message: case_reads.ShownMessage) -> str:
        if message.from_raiser:
            return _("You")
        author = authors.get((message.sent, message.from_raiser))
        if author is None:
            return _("Your champion")
        if author.pk not in acted:
            acted[author.pk] = role_for(author, case)
        return _("Your lead champion") if is_lead(acted[author.pk]) else _("Your champion")

    return [(sender(m), m) for m in case_reads.read_messages(case, reader, role=role)]


def everything_held(
    case: Case,
    when: Callable[[Any], str | None] = iso,
    *,
    reader: User | None = None,
    role: str = case_sealed.RAISER,
) -> dict[str, Any]:
    """What their concern holds about them and what was done, as plain data, each time
    written by `when`. The reads are recorded as the raiser's unless a `reader` and their
    `role` are given."""
    _when = when
    content = case_reads.read_content(case, reader, role=role)
    return {
        "reference": case.reference,
        "network": case.network.name,
        "raised": _when(case.created),
        "stage": case.get_stage_display(),
        "anonymous": case.anonymous,
        "what_happened": content.narrative,
        "your_name": content.raiser_name,
        "how_to_contact_you": content.contact_details,
        "champion_preferences": content.preferences,
        "themes": [theme.name for theme in case.themes.all()],
        "sharing": {
            "director_of_wellbeing": case.get_share_with_director_display(),
            "senior_managers": case.get_share_with_manager_display(),
            "changes": [
                {
                    "with": change.get_with_whom_display(),
                    "level": change.get_level_display(),
                    "when": _when(change.changed),
                }
                for change in case.consent_changes.all()
            ],
        },
        "messages": [
            {"from": sender, "sent": _when(message.sent), "text": message.body}
            for sender, message in conversation(case, reader, role)
        ],
        "notes_shared_with_you": [
            {"written": _when(note.created), "text": note.body}
            for note in case_reads.read_notes(case, reader, raiser_view=True, role=role)
        ],
        "meetings": [
            {
                "starts": _when(shown.meeting.starts),
                "place": shown.meeting.place,
                "cancelled": _when(shown.meeting.cancelled),
                "minutes": shown.minutes,
                "your_comment": shown.raiser_comment,
            }
            for shown in meetings.read_meetings(case, reader, raiser_view=True, role=role)
        ],
        "actions": [
            {
                "what": shown.description,
                "due": _when(shown.action.due),
                "status": shown.action.get_status_display(),
                "updates": [
                    {"when": _when(update.at), "status": update.status, "note": update.note}
                    for update in shown.updates
                ],
                "your_dispute": shown.dispute,
            }
            for shown in meetings.read_actions(case, reader, raiser_view=True, role=role)
        ],
        "closing": [
            {
                "closed": _when(closure.closed_at),
                "outcome": closure.outcome,
                "summary": closure.summary,
                "reopened": _when(closure.reopened_at),
            }
            for closure in aftercare.read_closures(case, reader, raiser_view=True, role=role)
        ],
        "who_opened_your_concern": [
            {"who": who, "what": what, "when": _when(when)} for who, what, when in access_list(case)
        ],
        "copied": _when(timezone.now()),
    }
