"""Setting up and removing a second factor: an emailed code first, the owner told after.

A password alone must not be enough to claim an account whose authenticator an administrator
has reset (or that never had one): whoever sets one up first proves they read the account's
email by typing a code sent there. Each code is kept only as a keyed hash, works once, for 15
minutes and 5 tries; a new one can be sent once a minute, at most 5 a day. Whenever an
authenticator is set up or removed, the account's owner is emailed and the audit trail records
it, so a change they did not make does not go unseen.
"""

from __future__ import annotations

import datetime
import enum
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts import factors
from safespace.accounts.models import EnrolmentCode, Role, User
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record
from safespace.notifications import mail

LIFETIME = datetime.timedelta(minutes=15)
TRIES = 5
RESEND_AFTER = datetime.timedelta(minutes=1)
PER_DAY = 5
DIGITS = 6

CODE_TEMPLATE = "two-factor-code"
ENROLLED_TEMPLATE = "two-factor-set-up"
REMOVED_TEMPLATE = "two-factor-removed"

# Emails to staff are in the service's own language, whoever's request sends them; the words
# are in the catalogue all the same.
CODE_BODY = gettext_noop(
    "Your code to set up two-factor sign-in for Safe Space is {code}.\n\n"
    "It works once, for 15 minutes. If you did not just sign in to Safe Space, do not share "
    "this code with anyone, and tell your administrator.\n"
)
ENROLLED_BODY = gettext_noop(
    "An authenticator app was set up for signing in to your Safe Space account on {when}.\n\n"
    "If this was you, there is nothing to do. If it was not, tell your administrator now.\n"
)
REMOVED_BODY = gettext_noop(
    "The authenticator app for signing in to your Safe Space account was removed on {when}. If "
    "it was your authenticator app, you will be asked to set one up again the next time you "
    "sign in.\n\n"
    "If you did not ask for this, tell your administrator now.\n"
)
REMOVED_CODES_BODY = gettext_noop(
    "The backup codes for signing in to your Safe Space account were removed on {when}. If it "
    "was your authenticator app, you will be asked to set one up again the next time you sign "
    "in.\n\n"
    "If you did not ask for this, tell your administrator now.\n"
)
ADDRESS_TEMPLATE = "email-address-changed"
ADDRESS_BODY = gettext_noop(
    "The email address of your Safe Space account was changed on {when}, from {old} to {new}. "
    "Codes to set up two-factor sign-in now go to the new address.\n\n"
    "If you did not ask for this, tell your administrator now.\n"
)
AUTHENTICATOR = "authenticator app"
BACKUP_CODES = "backup codes"


class Checked(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    # No code is live: never sent, expired, used, or out of tries.
    NONE = "none"


def _staff(words: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(words)


def _when() -> str:
    now = timezone.localtime()
    return f"{now.day} {now:%B %Y at %H:%M}"


def _live(user: User) -> EnrolmentCode | None:
    return (
        EnrolmentCode.objects.filter(
            user=user, used__isnull=True, expires__gt=timezone.now(), tries__lt=TRIES
        )
        .order_by("-created")
        .first()
    )


def has_live_code(user: User) -> bool:
    return _live(user) is not None


def seconds_before_resend(user: User) -> int:
    """How long before another code may be sent; 0 when one may be sent now."""
    now = timezone.now()
    sent = EnrolmentCode.objects.filter(user=user, created__gt=now - datetime.timedelta(days=1))
    times = sorted(sent.values_list("created", flat=True))
    if len(times) >= PER_DAY:
        return max(1, int((times[-PER_DAY] + datetime.timedelta(days=1) - now).total_seconds()))
    if times and times[-1] + RESEND_AFTER > now:
        return max(1, int((times[-1] + RESEND_AFTER - now).total_seconds()))
    return 0


def send_code(user: User) -> bool:
    """Email a new code, ending any earlier one; False when it is too soon to send another."""
    with transaction.atomic():
        # One sender at a time per person, so two tabs cannot both pass the limits.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if seconds_before_resend(user):
            return False
        now = timezone.now()
        # Codes older than the day's count are no use to anyone: none is kept longer.
        EnrolmentCode.objects.filter(created__lt=now - datetime.timedelta(days=1)).delete()
        EnrolmentCode.objects.filter(user=user, used__isnull=True).update(tries=TRIES)
        code = f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"
        EnrolmentCode.objects.create(
            user=user,
            code_hash=factors.hash_email_code(str(user.code), code),
            created=now,
            expires=now + LIFETIME,
        )
    mail.send(user.email, CODE_TEMPLATE, mail.SUBJECT, _staff(CODE_BODY).format(code=code))
    return True


def check_code(user: User, typed: str) -> Checked:
    """Spend the live code if `typed` is it; a wrong try counts against it."""
    with transaction.atomic():
        live = (
            EnrolmentCode.objects.select_for_update()
            .filter(user=user, used__isnull=True, expires__gt=timezone.now(), tries__lt=TRIES)
            .order_by("-created")
            .first()
        )
        if live is None:
            return Checked.NONE
        expected = factors.email_code_hashes(str(user.code), typed)
        if any(secrets.compare_digest(form, live.code_hash) for form in expected):
            live.used = timezone.now()
            live.save(update_fields=["used"])
            return Checked.RIGHT
        live.tries += 1
        live.save(update_fields=["tries"])
        return Checked.WRONG


def _audit(actor: User, role: str, action: AuditAction, owner: User) -> None:
    record(
        actor_code=str(actor.code),
        actor_role=role,
        action=action,
        object_type="account",
        object_code=str(owner.code),
    )


def enrolled(user: User) -> None:
    """Record and tell the owner that an authenticator was set up ."""
    _audit(user, "staff", AuditAction.TWO_FACTOR_ENROL, user)
    body = _staff(ENROLLED_BODY).format(when=_when())
    mail.send(user.email, ENROLLED_TEMPLATE, mail.SUBJECT, body)


def removed(owner: User, by: Any, what: str = AUTHENTICATOR) -> None:
    """Record and tell the owner that their authenticator (or backup codes) was removed by `by`."""
    actor = by if isinstance(by, User) else owner
    role = Role.ADMIN.value if actor != owner else "staff"
    _audit(actor, role, AuditAction.TWO_FACTOR_REMOVE, owner)
    words = REMOVED_CODES_BODY if what == BACKUP_CODES else REMOVED_BODY
    body = _staff(words).format(when=_when())
    mail.send(owner.email, REMOVED_TEMPLATE, mail.SUBJECT, body)


def address_changed(owner: User, old: str, by: Any) -> None:
    """Record and tell both addresses that the account's email address changed.

    The emailed set-up code goes to the account's address, so whoever could change it could
    receive the code: the old address is told, so its owner can act before anyone enrols.
    """
    actor = by if isinstance(by, User) else owner
    role = Role.ADMIN.value if actor != owner else "staff"
    _audit(actor, role, AuditAction.EMAIL_CHANGE, owner)
    body = _staff(ADDRESS_BODY).format(when=_when(), old=old, new=owner.email)
    for address in (old, owner.email):
        mail.send(address, ADDRESS_TEMPLATE, mail.SUBJECT, body)


def reseal_authenticators() -> int:
    """Seal every authenticator secret again under the current master key, after a rotation.

    Safe to run twice: each pass opens what any listed key sealed and seals it under the first.
    """
    count = 0
    with transaction.atomic():
        for pk, user_id, key in TOTPDevice.objects.select_for_update().values_list(
            "pk", "user_id", "key"
        ):
            TOTPDevice.objects.filter(pk=pk).update(key=factors.reseal(key, user_id))
            count += 1
    return count
