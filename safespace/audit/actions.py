"""Every action the audit trail records, by name, with the words people read about it.

An event's `action` is one of these values (an insight read adds the period after a space). The
raiser's "Who has opened your concern" reads `TO_RAISER`; the case history staff see reads
`TO_STAFF`, which leaves out reads (they are on the raiser's list) and what staff do not need.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AuditAction(StrEnum):
    # A concern, from raising to shredding.
    CASE_CREATE = "case.create"
    CASE_READ = "case.read"
    CASE_ASSIGN = "case.assign"
    CASE_DECLINE = "case.decline"
    CASE_WITHDRAW = "case.withdraw"
    CASE_HOLD = "case.hold"
    CASE_RELEASE_MATCH = "case.release.match"
    CASE_RELEASE_RAISER = "case.release.raiser"
    CASE_DISCARD = "case.discard"
    CASE_CLOSE = "case.close"
    CASE_REOPEN = "case.reopen"
    CASE_SHRED = "case.shred"
    # The raiser keeping a copy of everything held about their concern.
    CASE_COPY_READ = "case.copy.read"
    # Erased at once at the request of its raiser (their right to erasure).
    CASE_ERASE = "case.erase"
    # The lead champion keeping a concern past its retention period, until a date.
    CASE_RETENTION_HOLD = "case.retention_hold"
    # The data protection officer answering a person's request: a search found the concern by
    # their name or email, and a copy was made to answer their subject access request.
    CASE_FOUND_READ = "case.found.read"
    CASE_SUBJECT_ACCESS_READ = "case.subject_access.read"
    STAGE_HELD = "stage.held"
    STAGE_NEW = "stage.new"
    STAGE_ASSIGNED = "stage.assigned"
    STAGE_LISTENING = "stage.listening"
    STAGE_DECIDING = "stage.deciding"
    STAGE_MEETING = "stage.meeting"
    STAGE_ACTION_PLAN = "stage.action_plan"
    STAGE_CLOSED = "stage.closed"
    STAGE_WATCHING = "stage.watching"
    STAGE_WITHDRAWN = "stage.withdrawn"
    # Reading parts of a concern.
    MESSAGES_READ = "messages.read"
    NOTES_READ = "notes.read"
    PEOPLE_READ = "people.read"
    PREFERENCES_READ = "preferences.read"
    ASSIGNMENTS_READ = "assignments.read"
    ACTIONS_READ = "actions.read"
    MEETING_READ = "meeting.read"
    MINUTES_READ = "minutes.read"
    CLOSURE_READ = "closure.read"
    CHECK_INS_READ = "check_ins.read"
    HR_ALERTS_READ = "hr_alerts.read"
    # Working a concern.
    MESSAGE_SEND = "message.send"
    NOTE_ADD = "note.add"
    NOTE_EDIT = "note.edit"
    TIME_LOG = "time.log"
    THEMES_CHANGE = "themes.change"
    PEOPLE_CHANGE = "people.change"
    CONSENT_CHANGE = "consent.change"
    MEETING_SCHEDULE = "meeting.schedule"
    MEETING_RESCHEDULE = "meeting.reschedule"
    MEETING_CANCEL = "meeting.cancel"
    MINUTES_RECORD = "minutes.record"
    MINUTES_RESPOND = "minutes.respond"
    ACTION_ADD = "action.add"
    ACTION_UPDATE = "action.update"
    ACTION_CONFIRM = "action.confirm"
    ACTION_DISPUTE = "action.dispute"
    FEEDBACK_GIVE = "feedback.give"
    CHECK_IN_ANSWER = "check_in.answer"
    TRIPWIRE_ALERT = "tripwire.alert"
    TRIPWIRE_STOP = "tripwire.stop"
    ACKNOWLEDGE_DISPUTE = "attention.acknowledge.dispute"
    ACKNOWLEDGE_DETRIMENT = "attention.acknowledge.detriment"
    ACKNOWLEDGE_HR_ALERT = "attention.acknowledge.hr_alert"
    # Accounts.
    TWO_FACTOR_ENROL = "two_factor.enrol"
    TWO_FACTOR_REMOVE = "two_factor.remove"
    EMAIL_CHANGE = "account.email_change"
    PROVIDER_SIGN_IN = "sign_in.provider"
    PROVIDER_SIGN_IN_REFUSED = "sign_in.provider.refused"
    # Champions and their network.
    TERMS_PUBLISH = "terms.publish"
    TERMS_ACCEPT = "terms.accept"
    CHAMPION_PROFILE = "champion.profile"
    CHAMPION_TRAINING = "champion.training"
    APPLICATION_RECEIVE = "application.receive"
    APPLICATION_APPROVED = "application.approved"
    APPLICATION_TRAINED = "application.trained"
    APPLICATION_ACTIVE = "application.active"
    APPLICATION_NOT_TAKEN_FORWARD = "application.not_taken_forward"
    REVIEW_SCHEDULE = "review.schedule"
    REVIEW_RECORD = "review.record"
    # Imports and insight.
    DIRECTORY_IMPORT = "directory.import"
    HR_EVENTS_IMPORT = "hr_events.import"
    INSIGHTS_READ = "insights.read"
    INSIGHTS_CSV = "insights.csv"
    INSIGHTS_XLSX = "insights.xlsx"
    INSIGHTS_REPORT = "insights.report"
    INSIGHTS_FTSU = "insights.ftsu"
    INSIGHTS_FTSU_CSV = "insights.ftsu.csv"
    INSIGHTS_FTSU_XLSX = "insights.ftsu.xlsx"
    REPORT_NARRATIVE_WRITE = "report.narrative.write"
    REPORT_NARRATIVE_CHANGE = "report.narrative.change"
    # The data protection officer's search for a person's concerns; its reason is kept beside
    # it (safespace/dataprotection/models.py).
    PERSON_SEARCH = "dataprotection.search"
    # The API for the organisation's systems: a token made or revoked on the configuration
    # site, and every call made with one (its method, address and answer after a space).
    API_TOKEN_CREATE = "api_token.create"  # noqa: S105 -- an audit action, not a secret
    API_TOKEN_REVOKE = "api_token.revoke"  # noqa: S105 -- an audit action, not a secret
    API_CALL = "api.call"

    @classmethod
    def of(cls, recorded: str) -> AuditAction:
        """The action of a recorded event (an insight read carries its period after a space)."""
        return cls(recorded.partition(" ")[0])


A = AuditAction

# What the person who raised a concern reads about each action taken on it, after the role
# ("Your champion", "A lead champion", a senior manager's name...).
TO_RAISER: dict[str, StrOrPromise] = {
    A.CASE_CREATE: _("raised the concern"),
    A.CASE_READ: _("read your concern"),
    A.CASE_ASSIGN: _("assigned a champion"),
    A.CASE_DECLINE: _("handed your concern back to be reassigned"),
    A.CASE_WITHDRAW: _("withdrew the concern"),
    A.CASE_HOLD: _("held the concern until someone else raises the same person or team"),
    A.CASE_RELEASE_MATCH: _(
        "released your concern to the lead champion: someone else raised a concern about the "
        "same person or team"
    ),
    A.CASE_RELEASE_RAISER: _("released the concern to the lead champion"),
    A.CASE_DISCARD: _("discarded the held concern before anyone read it"),
    A.CASE_CLOSE: _("closed the concern"),
    A.CASE_REOPEN: _("reopened the concern"),
    A.CASE_SHRED: _("destroyed the concern's key, so nothing of it can be read again"),
    A.MESSAGES_READ: _("read your messages"),
    A.CASE_COPY_READ: _("downloaded a copy of everything held about the concern"),
    A.CASE_ERASE: _("asked for the concern to be erased"),
    A.CASE_RETENTION_HOLD: _("kept the concern for longer than usual, until a date, with a reason"),
    A.CASE_FOUND_READ: _("found your concern by your name or email, to answer a request about it"),
    A.CASE_SUBJECT_ACCESS_READ: _(
        "made a copy of your concern to answer a request for the data held about you"
    ),
    A.NOTES_READ: _("read the notes on your concern"),
    A.PEOPLE_READ: _("saw the people named in your concern"),
    A.PREFERENCES_READ: _("read what you asked for in a champion"),
    A.ASSIGNMENTS_READ: _("saw who your champions are"),
    A.ACTIONS_READ: _("saw the actions on your plan they may see"),
    # An invited senior manager or the Director on their own page for the meeting: when,
    # where, who, and only what the raiser agreed to share with them.
    A.MEETING_READ: _("saw the meeting details"),
    A.MINUTES_READ: _("read the minutes of a meeting"),
    A.CLOSURE_READ: _("read how your concern was closed"),
    A.CHECK_INS_READ: _("read your answers to the check-ins after closing"),
    A.HR_ALERTS_READ: _("saw that an HR process had started"),
    A.MESSAGE_SEND: _("sent a message"),
    A.NOTE_ADD: _("added a note"),
    A.NOTE_EDIT: _("changed a note"),
    A.TIME_LOG: _("recorded time spent on your concern"),
    A.THEMES_CHANGE: _("changed what your concern is recorded as being about"),
    A.PEOPLE_CHANGE: _("changed who your concern is recorded as naming"),
    A.CONSENT_CHANGE: _("changed who may see your concern"),
    A.MEETING_SCHEDULE: _("arranged a meeting"),
    A.MEETING_RESCHEDULE: _("changed when or where a meeting is"),
    A.MEETING_CANCEL: _("cancelled a meeting"),
    A.MINUTES_RECORD: _("recorded the minutes of a meeting"),
    A.MINUTES_RESPOND: _("commented on the minutes of a meeting"),
    A.ACTION_ADD: _("added an action to the plan"),
    A.ACTION_UPDATE: _("recorded progress on an action"),
    A.ACTION_CONFIRM: _("confirmed that an action is done"),
    A.ACTION_DISPUTE: _("said that an action is not done"),
    A.FEEDBACK_GIVE: _("gave feedback after the concern closed"),
    A.CHECK_IN_ANSWER: _("answered a check-in after the concern closed"),
    A.TRIPWIRE_ALERT: _("noticed an HR process had started, and told your champion and the lead"),
    A.TRIPWIRE_STOP: _("stopped watching for an HR process starting against you"),
    A.ACKNOWLEDGE_DISPUTE: _("saw that you do not think an action is done"),
    A.ACKNOWLEDGE_DETRIMENT: _("saw what you said has happened since you spoke up"),
    A.ACKNOWLEDGE_HR_ALERT: _("saw that an HR process had started"),
}

# A stage's words carry its name as the case record labels it (a test holds them together).
STAGE_NAMES: dict[AuditAction, StrOrPromise] = {
    A.STAGE_HELD: _("Held until someone else speaks up"),
    A.STAGE_NEW: _("New"),
    A.STAGE_ASSIGNED: _("Champion assigned"),
    A.STAGE_LISTENING: _("Listening"),
    A.STAGE_DECIDING: _("Deciding together"),
    A.STAGE_MEETING: _("Meeting"),
    A.STAGE_ACTION_PLAN: _("Action plan"),
    A.STAGE_CLOSED: _("Closed"),
    A.STAGE_WATCHING: _("Watching for detriment"),
    A.STAGE_WITHDRAWN: _("Withdrawn"),
}
TO_RAISER.update(
    {
        a: format_lazy(_("moved your concern to “{name}”"), name=name)
        for a, name in STAGE_NAMES.items()
    }
)

# What the staff who work a case read on its history. Reads are left out (they are on the
# raiser's list), and so is what the history does not need.
TO_STAFF: dict[str, str] = {
    A.CASE_CREATE: "raised the concern",
    A.CASE_ASSIGN: "assigned a champion",
    A.CASE_DECLINE: "handed the case back to be reassigned",
    A.CASE_WITHDRAW: "withdrew the concern",
    A.CASE_HOLD: "asked to hold the concern until someone else raises the same person",
    A.CASE_RELEASE_MATCH: (
        "released the held concern: another concern named the same person or team"
    ),
    A.CASE_RELEASE_RAISER: "released their held concern",
    A.MESSAGE_SEND: "sent a message",
    A.NOTE_ADD: "added a note",
    A.NOTE_EDIT: "changed a note",
    A.TIME_LOG: "recorded time",
    A.THEMES_CHANGE: "refined the themes",
    A.CASE_CLOSE: "closed the case",
    A.CASE_REOPEN: "reopened the case",
    A.CASE_RETENTION_HOLD: "kept the case past its retention period",
    A.FEEDBACK_GIVE: "gave feedback",
    A.CHECK_IN_ANSWER: "answered a check-in",
    A.PEOPLE_CHANGE: "changed who the concern names, for conflict checks",
    A.CONSENT_CHANGE: "changed who may see the concern",
    A.TRIPWIRE_ALERT: "noticed an HR process starting against the person who raised it",
    A.TRIPWIRE_STOP: "stopped the watch for an HR process starting against them",
    A.ACKNOWLEDGE_DISPUTE: "acknowledged that an action is disputed",
    A.ACKNOWLEDGE_DETRIMENT: "acknowledged the detriment reported",
    A.ACKNOWLEDGE_HR_ALERT: "acknowledged the HR process noticed",
}
TO_STAFF.update({a: f"moved the case to “{name}”" for a, name in STAGE_NAMES.items()})

# What is recorded about something other than a concern: an account, a champion, the
# network's terms, an import or a read of the insight pages. The raiser never reads these.
NOT_ABOUT_A_CASE = frozenset(
    {
        A.TWO_FACTOR_ENROL,
        A.TWO_FACTOR_REMOVE,
        A.EMAIL_CHANGE,
        A.PROVIDER_SIGN_IN,
        A.PROVIDER_SIGN_IN_REFUSED,
        A.TERMS_PUBLISH,
        A.TERMS_ACCEPT,
        A.CHAMPION_PROFILE,
        A.CHAMPION_TRAINING,
        A.APPLICATION_RECEIVE,
        A.APPLICATION_APPROVED,
        A.APPLICATION_TRAINED,
        A.APPLICATION_ACTIVE,
        A.APPLICATION_NOT_TAKEN_FORWARD,
        A.REVIEW_SCHEDULE,
        A.REVIEW_RECORD,
        A.DIRECTORY_IMPORT,
        A.HR_EVENTS_IMPORT,
        A.INSIGHTS_READ,
        A.INSIGHTS_CSV,
        A.INSIGHTS_XLSX,
        A.INSIGHTS_REPORT,
        A.INSIGHTS_FTSU,
        A.INSIGHTS_FTSU_CSV,
        A.INSIGHTS_FTSU_XLSX,
        A.REPORT_NARRATIVE_WRITE,
        A.REPORT_NARRATIVE_CHANGE,
        A.PERSON_SEARCH,
        A.API_TOKEN_CREATE,
        A.API_TOKEN_REVOKE,
        A.API_CALL,
    }
)
