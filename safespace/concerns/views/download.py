"""A copy of everything held about a raiser's concern, for them to keep (their right of access).

It holds what their own page shows them, as data a program can read: their words and how to
reach them, the themes, their messages and the notes shared with them, the meetings and the
actions they may see, the closing, each sharing choice they made and the list of who opened the
concern. Every part is read through the same audited reads as their page, and the download
itself is recorded.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from safespace.actions import services as meetings
from safespace.aftercare import services as aftercare
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case
from safespace.cases.services import reads as case_reads
from safespace.cases.services import sealed as case_sealed
from safespace.concerns.access import access_list
from safespace.concerns.views.raiser_page import conversation
from safespace.lib import pdf
from safespace.lib.confidential import confidential
from safespace.policy import raiser_page


def iso(moment: Any) -> str | None:
    """A time or day as data: 2026-12-04T13:55:42+00:00."""
    return moment.isoformat() if moment is not None else None


def readable(moment: Any) -> str | None:
    """A time or day as a person reads it: 4 December 2026, 13:55."""
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"
    return f"{moment:%-d %B %Y}"


def everything_held(case: Case, when: Callable[[Any], str | None] = iso) -> dict[str, Any]:
    """What their concern holds about them and what was done, as plain data, each time
    written by `when`."""
    _when = when
    content = case_reads.read_content(case, None, role=case_sealed.RAISER)
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
            for sender, message in conversation(case)
        ],
        "notes_shared_with_you": [
            {"written": _when(note.created), "text": note.body}
            for note in case_reads.read_notes(case, None, raiser_view=True)
        ],
        "meetings": [
            {
                "starts": _when(shown.meeting.starts),
                "place": shown.meeting.place,
                "cancelled": _when(shown.meeting.cancelled),
                "minutes": shown.minutes,
                "your_comment": shown.raiser_comment,
            }
            for shown in meetings.read_meetings(case, None, raiser_view=True)
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
            for shown in meetings.read_actions(case, None, raiser_view=True)
        ],
        "closing": [
            {
                "closed": _when(closure.closed_at),
                "outcome": closure.outcome,
                "summary": closure.summary,
                "reopened": _when(closure.reopened_at),
            }
            for closure in aftercare.read_closures(case, None, raiser_view=True)
        ],
        "who_opened_your_concern": [
            {"who": who, "what": what, "when": _when(when)} for who, what, when in access_list(case)
        ],
        "copied": _when(timezone.now()),
    }


def _attachment(response: HttpResponse, case: Case, kind: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="safe-space-{case.reference}.{kind}"'
    return response


@confidential
@require_GET
@raiser_page
def download_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    """The same copy as a document a person can read and print."""
    held = everything_held(case, when=readable)
    audit_case(None, AuditAction.CASE_COPY_READ, case, role=case_sealed.RAISER)
    document = pdf.render_pdf("concerns/pdf/copy.html", {"held": held})
    return _attachment(HttpResponse(document, content_type="application/pdf"), case, "pdf")


@confidential
@require_GET
@raiser_page
def download(request: HttpRequest, case: Case) -> HttpResponse:
    held = everything_held(case)
    audit_case(None, AuditAction.CASE_COPY_READ, case, role=case_sealed.RAISER)
    response = JsonResponse(held, json_dumps_params={"indent": 2, "ensure_ascii": False})
    return _attachment(response, case, "json")
