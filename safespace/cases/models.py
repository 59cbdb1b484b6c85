"""A concern raised through the clinic, the raiser's consent choices, and its champions."""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop

from safespace.accounts.models import Directorate, Network, Theme, User
from safespace.cases.raisers import link_for
from safespace.lib.fields import EncryptedField

# No 0/O, 1/I/L: references are read aloud on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    return "SS-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class Stage(models.TextChoices):
    # The raiser asked that nobody read it until someone else names the same person or team.
    HELD = "held", gettext_noop("Held until someone else speaks up")
    NEW = "new", gettext_noop("New")
    ASSIGNED = "assigned", gettext_noop("Champion assigned")
    LISTENING = "listening", gettext_noop("Listening")
    DECIDING = "deciding", gettext_noop("Deciding together")
    MEETING = "meeting", gettext_noop("Meeting")
    ACTION_PLAN = "action_plan", gettext_noop("Action plan")
    CLOSED = "closed", gettext_noop("Closed")
    WATCHING = "watching", gettext_noop("Watching for detriment")
    WITHDRAWN = "withdrawn", gettext_noop("Withdrawn")


OPEN_STAGES = [
    Stage.NEW,
    Stage.ASSIGNED,
    Stage.LISTENING,
    Stage.DECIDING,
    Stage.MEETING,
    Stage.ACTION_PLAN,
]


class Sharing(models.TextChoices):
    """How far the raiser lets their concern go beyond the assigned champions."""

    NAMED = "named", gettext_noop("Yes, with my name")
    ANONYMOUS = "anonymous", gettext_noop("Yes, without my name")
    NONE = "none", gettext_noop("No, not at all")


class Want(models.TextChoices):
    HEARD = "heard", gettext_noop("To be heard")
    INFORMAL = "informal", gettext_noop("An informal resolution")
    MEETING = "meeting", gettext_noop("A meeting with senior management")
    MEDIATION = "mediation", gettext_noop("Mediation")
    NOT_SURE = "not_sure", gettext_noop("I'm not sure yet")


class ContactMethod(models.TextChoices):
    SERVICE = "service", gettext_noop("Only through Safe Space")
    EMAIL = "email", gettext_noop("By personal email")
    PHONE = "phone", gettext_noop("By phone")
    IN_PERSON = "in_person", gettext_noop("In person")


class Channel(models.TextChoices):
    ONLINE = "online", gettext_noop("Online form")
    PHONE = "phone", gettext_noop("Phone call with a champion")
    CONVERSATION = "conversation", gettext_noop("Conversation with a champion")


class Case(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="cases")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NEW)
    themes = models.ManyToManyField(Theme, blank=True, related_name="cases")
    directorates_concerned = models.ManyToManyField(Directorate, blank=True, related_name="+")
    raiser_directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A named raiser who signs in with a staff account: a keyed link to it, never the account
    # itself (safespace/cases/raisers.py); empty for anonymous raisers and everyone else.
    raiser_link = models.CharField(max_length=64, blank=True, default="", db_default="")
    anonymous = models.BooleanField(default=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    want = models.CharField(max_length=20, choices=Want.choices, default=Want.NOT_SURE)
    contact_method = models.CharField(
        max_length=20, choices=ContactMethod.choices, default=ContactMethod.SERVICE
    )
    narrative = EncryptedField()
    contact_details = EncryptedField()
    raiser_name = EncryptedField()
    champion_preferences = EncryptedField()
    # Staff directory ids of the people the concern is about, picked by the lead for the
    # conflict checks. Sealed: who a concern names is as sensitive as what it says.
    people_named = EncryptedField()
    avoid_directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How an anonymous raiser gets back in: see safespace/lib/receipts.py.
    receipt_lookup = models.CharField(max_length=64, unique=True, null=True, blank=True)
    receipt_hash = models.CharField(max_length=200, blank=True)
    passphrase_hash = models.CharField(max_length=200, blank=True)
    # One per submitted form, so a double submit cannot create a second case.
    submission = models.UUIDField(unique=True, null=True, blank=True)
    first_contact_due = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    share_with_director = models.CharField(
        max_length=10, choices=Sharing.choices, default=Sharing.NONE
    )
    share_with_manager = models.CharField(
        max_length=10, choices=Sharing.choices, default=Sharing.NONE
    )
    # The raiser agreed to be watched for an HR process starting against them (the
    # retaliation tripwire, safespace/tripwire). Their employee number is kept only as a keyed
    # hash (HMAC under SAFESPACE_HR_HASH_KEY), never as typed; withdrawing clears both. While
    # the concern is held the watch waits (the key is kept, hr_watch is off), so no alert can
    # point anyone at it; releasing it turns the watch on and looks back to the day it was raised.
    hr_watch = models.BooleanField(default=False)
    hr_watch_key = models.CharField(max_length=64, blank=True)
    # The language the raiser reads the service in (settings.LANGUAGES), as chosen when they
    # raised it or last came back: the emails they are sent are in it. Empty: the default.
    language = models.CharField(max_length=10, blank=True, default="", db_default="")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        # Named where the configuration site lists what deleting a network would delete.
        verbose_name = gettext_lazy("case")
        verbose_name_plural = gettext_lazy("cases")
        ordering = ["-created"]
        indexes = [
            # The lead's triage list and the champions' review: open cases of one network.
            models.Index(fields=["network", "stage", "created"], name="case_network_stage"),
            # How many open cases each champion holds (cases.assignment.open_cases_of): the
            # few open cases, read index-only and matched to the current assignments, rather
            # than every case each champion ever held.
            models.Index(
                fields=["id"], condition=models.Q(stage__in=OPEN_STAGES), name="case_open"
            ),
            # A lead's and the Director's /cases/, newest first: read in this order until a
            # page is found, instead of sorting every case they may list (0.3 s for the
            # Director's first page at 100,000 cases).
            models.Index(fields=["created", "id"], name="case_created"),
            # Counting the cases shared with the Director for their /cases/ (two in three of a
            # network's): read index-only, 6 ms at 100,000 cases instead of 23.
            models.Index(
                fields=["network", "stage"],
                condition=~models.Q(share_with_director=Sharing.NONE),
                name="case_shared_with_director",
            ),
            # The tripwire: the cases whose raiser an imported HR event is about.
            models.Index(fields=["hr_watch_key"], name="case_hr_watch_key"),
            # "Concerns you raised" on a person's own page (accounts.views.home).
            models.Index(fields=["raiser_link"], name="case_raiser_link"),
        ]

    def __str__(self) -> str:
        return self.reference

    def raised_by(self, user: User | None) -> bool:
        """Whether `user` raised this concern under their name while signed in."""
        return (
            bool(self.raiser_link) and user is not None and self.raiser_link == link_for(user.code)
        )

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class Assignment(models.Model):
    """A champion working on a case. Ending an assignment keeps it, for the timeline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    champion = models.ForeignKey(User, on_delete=models.PROTECT, related_name="assignments")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Why the lead chose someone the suggestions did not put first, or why the champion declined.
    # Both can name people ("I know the manager"), so they are sealed like any case content.
    override_reason = EncryptedField()
    decline_reason = EncryptedField()

    class Meta:
        ordering = ["assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "champion"],
                condition=models.Q(ended_at__isnull=True),
                name="assignment_one_active_per_champion",
            )
        ]
        indexes = [
            # A champion's case list: their current assignments.
            models.Index(fields=["champion", "ended_at"], name="assignment_champion_active"),
        ]

    def __str__(self) -> str:
        return f"{self.champion} on {self.case}"


class Message(models.Model):
    """A secure message between the raiser and their champions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    from_raiser = models.BooleanField()
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    body = EncryptedField()
    sent = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent"]
        indexes = [
            # The conversation on a case page, oldest first.
            models.Index(fields=["case", "sent"], name="message_case_sent"),
        ]

    def __str__(self) -> str:
        return f"message on {self.case} at {self.sent:%Y-%m-%d %H:%M}"


class ConsentChange(models.Model):
    """Each time the raiser changes what may be shared, and with whom."""

    class With(models.TextChoices):
        DIRECTOR = "director", gettext_noop("the Director of Wellbeing")
        MANAGER = "manager", gettext_noop("the senior manager concerned")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consent_changes")
    with_whom = models.CharField(max_length=10, choices=With.choices)
    level = models.CharField(max_length=10, choices=Sharing.choices)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed"]

    def __str__(self) -> str:
        return f"{self.case}: {self.with_whom} {self.level}"


class ChampionProfile(models.Model):
    """What a lead needs to know to give a champion a case: capacity and availability."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="champion_profile")
    capacity = models.PositiveSmallIntegerField(default=3)
    away_until = models.DateField(null=True, blank=True)
    # Shown to raisers who ask for a champion of a particular background, in the champion's words.
    background = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.user} (capacity {self.capacity})"


class Note(models.Model):
    """A champion's note on a case: shared with the raiser, or for champions only."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    body = EncryptedField()
    shared_with_raiser = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        indexes = [
            # A case page's notes, oldest first.
            models.Index(fields=["case", "created"], name="note_case_created"),
        ]

    def __str__(self) -> str:
        return f"note on {self.case}"


class NoteVersion(models.Model):
    """What a note said before each edit, so nothing written is silently lost."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="versions")
    body = EncryptedField()
    shared_with_raiser = models.BooleanField()
    replaced = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["replaced"]

    def __str__(self) -> str:
        return f"earlier version of {self.note}"


class Activity(models.TextChoices):
    LISTENING = "listening", gettext_noop("Listening")
    PREPARING = "preparing", gettext_noop("Preparing")
    MEETING = "meeting", gettext_noop("Meeting")
    FOLLOW_UP = "follow_up", gettext_noop("Follow-up")
    ADMIN = "admin", gettext_noop("Admin")


class TimeEntry(models.Model):
    """Time a champion gave to a case: the evidence for facility time."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="time_entries")
    champion = models.ForeignKey(User, on_delete=models.PROTECT, related_name="time_entries")
    day = models.DateField()
    minutes = models.PositiveIntegerField()
    activity = models.CharField(max_length=20, choices=Activity.choices)
    logged = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-logged"]
        indexes = [
            # Totals per case on the case page, and per champion on the workload view.
            models.Index(fields=["case", "day"], name="time_case_day"),
            models.Index(fields=["champion", "day"], name="time_champion_day"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.case}"


class ChampionTime(models.Model):
    """The minutes each champion logged in a month on the concerns of a network: what the
    champion pool and workload pages show as hours this month and in total, without adding up
    every time entry the network ever had (73 ms at 100,000 cases, and growing).

    Kept by the database itself: triggers on the time entries (safespace/cases/time_triggers.py)
    add and take away minutes in the same statement as any insert, change or delete, however
    it is made. A month whose time was all taken away keeps its row at 0.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    champion = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # its first day
    minutes = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "champion", "month"], name="championtime_one_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min in {self.month:%B %Y}"


class NamedMark(models.Model):
    """A keyed hash of a person, or their team, that a concern names.

    Concerns naming the same person or team can be matched without anyone, a database dump
    included, learning who it is: the names themselves stay sealed in Case.people_named.
    Marks the raiser's own naming left are kept apart from the lead's picks: the lead changing
    their picks never erases what the raiser said, and a held concern waits for its raiser's
    marks alone.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="named_marks")
    mark = models.CharField(max_length=64)
    by_raiser = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # The pattern check: other concerns carrying the same mark.
            models.Index(fields=["mark"], name="namedmark_mark"),
        ]

    def __str__(self) -> str:
        return f"a mark on {self.case}"


class Attention(models.TextChoices):
    """What flags a case on the lists until someone working it says they have seen it."""

    DISPUTE = "dispute", gettext_noop("Action disputed")
    DETRIMENT = "detriment", gettext_noop("Detriment reported")
    # Its kind and date, beside HR's own records, name the raiser: shown only to those who
    # may read HR alerts (safespace/policy.py).
    HR_ALERT = "hr_alert", gettext_noop("HR process noticed")


class Acknowledgement(models.Model):
    """Someone working a case saw what flagged it. Kept, so who saw what and when stays known.

    `upto` is the newest event of its kind the person had in front of them: anything later
    flags the case again, even one that arrived while they were reading.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="acknowledgements")
    kind = models.CharField(max_length=20, choices=Attention.choices)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    upto = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        indexes = [
            # The case lists' flags: the newest acknowledgement of each kind on each case.
            models.Index(fields=["case", "kind", "upto"], name="acknowledgement_case_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case} acknowledged"
