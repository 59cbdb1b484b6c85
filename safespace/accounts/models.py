"""People, the staff networks they belong to, and the roles they hold in each network."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts import factors


class Directorate(models.Model):
    """A part of the organisation, such as Children's Services."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("directorate")
        verbose_name_plural = _("directorates")

    def __str__(self) -> str:
        return self.name


# Below 3 a "fewer than" figure would be a 1 or a 2: too close to naming someone.
MINIMUM_DISCLOSURE_THRESHOLD = 3
# How long a closed or withdrawn concern is kept: six years unless the network decides
# otherwise, never less than a year (time for a grievance or a tribunal claim to surface) and
# never more than ten.
DEFAULT_RETENTION_MONTHS = 72
MINIMUM_RETENTION_MONTHS = 12
MAXIMUM_RETENTION_MONTHS = 120


class Network(models.Model):
    """A staff network that runs a clinic, for example the Race Equality Network.

    Everything after a concern is raised belongs to the network it was raised with: its
    champions, triage, meetings, actions, insight, reviews and emails.
    """

    # Addresses under /raise/ that a network's own start page (/raise/<slug>/) must not take:
    # the raise form's steps and pages. The raise form adds them when the service starts.
    reserved_slugs: ClassVar[set[str]] = set()

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_(
            "Its start page is /raise/ followed by this. Lower-case letters, numbers and hyphens."
        ),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("For tight spaces, such as REN. Optional."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Where people can write to the network. The service's own address if empty."),
    )
    serves = models.CharField(
        _("who it is for"),
        max_length=200,
        blank=True,
        help_text=_(
            'Shown when someone chooses a network, such as "Staff who have faced racism at work".'
        ),
    )
    start_wording = models.TextField(
        _("start page wording"),
        blank=True,
        help_text=_("The opening paragraph of its start page. A plain default if empty."),
    )
    first_contact_days = models.PositiveSmallIntegerField(
        _("first contact days"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Working days within which a champion should first make contact (1 to 20)."),
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        _("disclosure threshold"),
        default=5,
        validators=[MinValueValidator(MINIMUM_DISCLOSURE_THRESHOLD), MaxValueValidator(50)],
        help_text=_(
            'People without case access see counts below this as "fewer than" it (3 to 50).'
        ),
    )

    retention_months = models.PositiveSmallIntegerField(
        _("retention months"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[
            MinValueValidator(MINIMUM_RETENTION_MONTHS),
            MaxValueValidator(MAXIMUM_RETENTION_MONTHS),
        ],
        help_text=format_lazy(
            _(
                "Months a concern is kept after it is closed or withdrawn; then its key is "
                "destroyed ({least} to {most}; 72 is six years)."
            ),
            least=MINIMUM_RETENTION_MONTHS,
            most=MAXIMUM_RETENTION_MONTHS,
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    retention_months__gte=MINIMUM_RETENTION_MONTHS,
                    retention_months__lte=MAXIMUM_RETENTION_MONTHS,
                ),
                name="network_retention_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(disclosure_threshold__gte=MINIMUM_DISCLOSURE_THRESHOLD),
                name="network_threshold_at_least_3",
            ),
            models.CheckConstraint(
                condition=models.Q(first_contact_days__gte=1, first_contact_days__lte=20),
                name="network_first_contact_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def retention_words(self) -> str:
        """The retention period as a person would say it: "6 years", "18 months"."""
        years, months = divmod(self.retention_months, 12)
        if months:
            count = self.retention_months
            return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": years}

    def start_paragraphs(self) -> list[str]:
        """The start page's own wording, a paragraph for each block between blank lines."""
        blocks = self.start_wording.replace("\r\n", "\n").split("\n\n")
        return [" ".join(block.split()) for block in blocks if block.strip()]

    def clean(self) -> None:
        super().clean()
        if self.slug in self.reserved_slugs:
            raise ValidationError(
                {"slug": f'"{self.slug}" is already an address in the raise form: choose another.'}
            )


class Theme(models.Model):
    """A kind of concern a network hears about, such as pay or dress codes."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="themes", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["network", "position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="theme_unique_per_network")
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        # There is no all-powerful account: "superuser" only means administrator of the
        # configuration, and administrators can never read case content.
        extra.setdefault("is_staff", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff who signs in. Raisers need no account."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    directorate = models.ForeignKey(
        Directorate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        verbose_name=_("directorate"),
    )
    is_active = models.BooleanField(_("is active"), default=True)
    # Lets the administrator into the configuration pages; grants nothing over cases.
    is_staff = models.BooleanField(_("is staff"), default=False)
    # Demo accounts share a published password and two-factor secret; production refuses them.
    is_demo = models.BooleanField(_("is demo"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def roles_in(self, network: Network) -> set[str]:
        return {m.role for m in self.memberships.all() if m.network_id == network.pk}

    def has_role(self, role: str) -> bool:
        return any(m.role == role for m in self.memberships.all())

    def held_memberships(self) -> list[Membership]:
        """The roles this person holds, read once for this object: a request's user is one
        object, so each page reads them once however often it asks."""
        held: list[Membership] | None = self.__dict__.get("_held_memberships")
        if held is None:
            held = list(Membership.objects.filter(user=self))
            self.__dict__["_held_memberships"] = held
        return held

    def strongest_role(self, network_id: int | None = None) -> str:
        """The role they act in, as the audit trail names it: their strongest in the network
        (in any network when None), or "staff" when they hold none."""
        roles = {
            m.role
            for m in self.held_memberships()
            if network_id is None or m.network_id == network_id
        }
        for role in (
            Role.LEAD,
            Role.CHAMPION,
            Role.DIRECTOR,
            Role.MANAGER,
            Role.INSIGHT,
            Role.DPO,
            Role.ADMIN,
        ):
            if role in roles:
                return role.value
        return "staff"


class Role(models.TextChoices):
    CHAMPION = "champion", gettext_noop("Champion")
    LEAD = "lead", gettext_noop("Lead champion")
    DIRECTOR = "director", gettext_noop("Director of Wellbeing")
    MANAGER = "manager", gettext_noop("Senior manager")
    INSIGHT = "insight", gettext_noop("Insight viewer")
    ADMIN = "admin", gettext_noop("Administrator")
    # Sends HR events to the retaliation tripwire, and learns nothing back (safespace/tripwire).
    HR = "hr", gettext_noop("HR import")
    # Answers people's data protection requests: finds a person's named concerns, exports them
    # for a subject access request and erases them on request (safespace/dataprotection).
    DPO = "dpo", gettext_noop("Data protection officer")


class Membership(models.Model):
    """One role one person holds in one network."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["network", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "network", "role"], name="membership_unique")
        ]
        indexes = [
            # "Who holds role R in network N" (lead and champion look-ups).
            models.Index(fields=["network", "role"], name="membership_network_role"),
        ]

    def __str__(self) -> str:
        # Named on the configuration site's pages, where the role is read in their language.
        return f"{self.user} — {gettext(self.get_role_display())}, {self.network}"


class SentForm(models.Model):
    """The one-time token of a form page, kept once the form has been sent (safespace/accounts/once.py).

    The unique token makes a second send of the same page, from a double click or a resend
    after a slow answer, fail to insert, even when both arrive at the same moment.
    """

    token = models.CharField(max_length=32, unique=True)
    # Index: pruning tokens older than a day (once.first_send).
    sent = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"form sent {self.sent:%Y-%m-%d %H:%M}"


class Authenticator(TOTPDevice):
    """An authenticator app, its TOTP secret sealed in the `key` column (accounts/factors.py).

    Saving seals a plain key (`seal_device_keys`, for a bare TOTPDevice too), and the secret is
    opened only here, to check a code or show it once while it is set up.
    """

    class Meta:
        proxy = True

    @property
    def bin_key(self) -> bytes:
        return factors.open_secret(self.key, self.user_id)


class BackupCodes(StaticDevice):
    """A person's backup codes, each kept only as a keyed hash (accounts/factors.py)."""

    class Meta:
        proxy = True

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.token_set.filter(token__in=factors.backup_code_hashes(str(token))).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


@receiver(pre_save, sender=TOTPDevice)
@receiver(pre_save, sender=Authenticator)
def seal_device_keys(sender: type[TOTPDevice], instance: TOTPDevice, **kwargs: Any) -> None:
    """However a device is saved, its secret reaches the database sealed."""
    instance.key = factors.sealed_hex_key(instance.key, instance.user_id)


@receiver(pre_save, sender=StaticToken)
def hash_backup_codes(sender: type[StaticToken], instance: StaticToken, **kwargs: Any) -> None:
    """However a backup code is saved, only its keyed hash reaches the database."""
    if not factors.is_hashed_backup_code(instance.token):
        instance.token = factors.hash_backup_code(instance.token)


class EnrolmentCode(models.Model):
    """A code emailed to someone before they may set up an authenticator (accounts/enrolment.py).

    Only its keyed hash is kept; it works once, for 15 minutes, and for a few tries.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The person's live code, and how many were sent today (enrolment.send_code).
            models.Index(fields=["user", "created"], name="enrolmentcode_user_created"),
        ]

    def __str__(self) -> str:
        return f"enrolment code sent {self.created:%Y-%m-%d %H:%M}"
