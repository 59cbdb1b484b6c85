"""Rotating SECRET_KEY, a routine Django task, breaks nothing that Safe Space finds by a keyed hash.

Receipts still open their concerns, held concerns are still released by a match, a raiser still
sees the concerns they raised, backup and emailed codes still work, and the sent-email records
and /track/ counters still count: each of those hashes has its own key (safespace/lib/keyed.py,
docs/decisions/0008-purpose-keys.md), none of them SECRET_KEY.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory
from django_otp.plugins.otp_static.models import StaticToken

from safespace.accounts import enrolment
from safespace.accounts.models import BackupCodes, Directorate, Network, User
from safespace.cases.models import Case, Stage
from safespace.cases.services import create, lookup
from safespace.concerns import ratelimit
from safespace.directory.models import StaffMember
from safespace.notifications import mail as safespace_mail

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

CODE = "0123456789ABCDEF"
PASSPHRASE = "violet harbour trellis"
ROTATED = "a-new-secret-key-after-routine-rotation-" + "r" * 30


@pytest.fixture
def rotate(settings: Any) -> Callable[[], None]:
    """Rotate SECRET_KEY the way Django documents it: a new value, the old one gone."""

    def rotate() -> None:
        assert settings.SECRET_KEY != ROTATED
        settings.SECRET_KEY = ROTATED
        settings.SECRET_KEY_FALLBACKS = []

    return rotate


@pytest.fixture
def boss(db: None) -> StaffMember:
    housing = Directorate.objects.create(name="Housing")
    return StaffMember.objects.create(
        employee_number="E1",
        full_name="Pat Boss",
        email="pat@example.org",
        directorate=housing,
        service="Repairs",
    )


def raise_concern(network: Network, **extra: Any) -> Case:
    case = create.create_case(
        create.NewConcern(network=network, narrative="It keeps happening.", **extra)
    )
    case.refresh_from_db()
    return case


def test_a_receipt_still_opens_its_concern(network, rotate) -> None:
    case = raise_concern(network, receipt=CODE, passphrase=PASSPHRASE)
    rotate()
    assert lookup.find_by_receipt(CODE, PASSPHRASE) == case


@pytest.mark.parametrize("named", ["person", "team"])
def test_a_held_concern_is_still_released_by_a_match(network, boss, rotate, named) -> None:
    if named == "person":
        held = raise_concern(network, named_staff=boss.pk, hold=True)
    else:
        held = raise_concern(network, named_team=(boss.directorate_id, "REPAIRS"), hold=True)
    assert held.stage == Stage.HELD
    rotate()
    raise_concern(network, named_staff=boss.pk)
    held.refresh_from_db()
    assert held.stage == Stage.NEW


def test_a_raiser_still_sees_the_concerns_they_raised(network, make_user, rotate) -> None:
    account = make_user("raiser@example.org")
    case = raise_concern(network, raiser=account)
    rotate()
    case.refresh_from_db()
    assert case.raised_by(account)


def test_a_backup_code_still_signs_in(make_user, rotate) -> None:
    user = make_user("someone@example.org")
    device = BackupCodes.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")
    rotate()
    assert BackupCodes.objects.get(pk=device.pk).verify_token("abcd 2345")


def test_an_emailed_code_still_works(make_user, rotate) -> None:
    user = make_user("someone@example.org", two_factor=False)
    assert enrolment.send_code(user)
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert match is not None
    rotate()
    assert enrolment.check_code(user, match.group(1)) == enrolment.Checked.RIGHT


def test_the_sent_email_records_still_answer_for_an_address(rotate) -> None:
    safespace_mail.send("someone@example.org", "test-template", "Safe Space", "Hello.")
    rotate()
    out = StringIO()
    call_command("sent_emails", "someone@example.org", stdout=out)
    assert "1 emails sent to that address" in out.getvalue()


def test_track_counters_still_count(rotate) -> None:
    request = RequestFactory().post("/track/", REMOTE_ADDR="203.0.113.9")
    for _ in range(ratelimit.PER_RECEIPT):
        ratelimit.count(request, receipt=CODE)
    rotate()
    assert ratelimit.blocked(request, receipt=CODE)
    # The address's own counter carried on too: the tries counted before the rotation and
    # those after add up to the address's limit.
    other = RequestFactory().post("/track/", REMOTE_ADDR="203.0.113.9")
    for _ in range(ratelimit.PER_ADDRESS - ratelimit.PER_RECEIPT):
        ratelimit.count(other, receipt="")
    assert ratelimit.blocked(other, receipt="")


def test_a_raiser_signed_in_after_rotation_sees_their_concern(
    network, make_user, rotate, signed_in: Callable[[User], Client]
) -> None:
    account = make_user("raiser@example.org")
    case = raise_concern(network, raiser=account)
    rotate()
    page = signed_in(account).get("/accounts/").content.decode()
    assert "Concerns you raised" in page
    assert f"/accounts/concerns/{case.code}/" in page


def test_rotating_the_master_key_breaks_none_of_them_either(
    network, boss, make_user, settings
) -> None:
    """The hash keys come from neither SECRET_KEY nor the master key: a full master-key
    rotation (new key first, `rotate_master_key`, old key removed) leaves them all working."""
    old = "old-1:" + base64.b64encode(b"o" * 32).decode()
    new = "new-1:" + base64.b64encode(b"n" * 32).decode()
    settings.SAFESPACE_MASTER_KEY = old
    account = make_user("raiser@example.org")
    mine = raise_concern(network, raiser=account, receipt=CODE, passphrase=PASSPHRASE)
    held = raise_concern(network, named_staff=boss.pk, hold=True)
    device = BackupCodes.objects.create(user=account, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")

    settings.SAFESPACE_MASTER_KEY = f"{new},{old}"
    call_command("rotate_master_key", stdout=StringIO())
    settings.SAFESPACE_MASTER_KEY = new

    assert lookup.find_by_receipt(CODE, PASSPHRASE) == mine
    assert mine.raised_by(account)
    assert BackupCodes.objects.get(pk=device.pk).verify_token("abcd2345")
    raise_concern(network, named_staff=boss.pk)
    held.refresh_from_db()
    assert held.stage == Stage.NEW
