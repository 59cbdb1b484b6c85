"""Hashes stored before each had its own key (keyed from SECRET_KEY) keep working (decision 0008).

Each test stores a value the way the service did before, with the formula written out here,
not taken from the code under test, and shows it is still found: re-keyed on the spot where
the secret is known only then (a receipt), by the migration where it is in the databases (a
raiser's link, a pattern mark), or accepted as it is where it is spent once (a backup code).
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import uuid
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticToken

from safespace.accounts import enrolment, factors
from safespace.accounts.models import BackupCodes, Directorate, EnrolmentCode, Network
from safespace.cases import patterns
from safespace.cases.models import Case, NamedMark, Stage
from safespace.cases.services import create, lookup
from safespace.directory.models import StaffMember
from safespace.lib import receipts
from safespace.notifications.models import SentEmail

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

CODE = "0123456789ABCDEF"
PASSPHRASE = "violet harbour trellis"
OLD_SECRET = "the-secret-key-these-values-were-made-under-" + "o" * 30

migration = importlib.import_module("safespace.cases.migrations.0011_purpose_keys")


def old_receipt_lookup(code: str) -> str:
    key = hashlib.sha256(b"safespace-receipt-lookup:" + OLD_SECRET.encode()).digest()
    return hmac.new(key, code.encode("ascii"), hashlib.sha256).hexdigest()


def old_link(account_code: uuid.UUID) -> str:
    key = hashlib.sha256(b"safespace-raiser-link:" + OLD_SECRET.encode()).digest()
    return hmac.new(key, account_code.bytes, hashlib.sha256).hexdigest()


def old_salted(salt: str, value: str) -> str:
    return salted_hmac(salt, value, secret=OLD_SECRET, algorithm="sha256").hexdigest()


@pytest.fixture
def old_secret(settings: Any) -> Any:
    settings.SECRET_KEY = OLD_SECRET
    settings.SECRET_KEY_FALLBACKS = []
    return settings


def raise_concern(network: Network, **extra: Any) -> Case:
    case = create.create_case(
        create.NewConcern(network=network, narrative="It keeps happening.", **extra)
    )
    case.refresh_from_db()
    return case


def test_an_old_receipt_look_up_opens_its_concern_and_is_re_keyed(network, old_secret) -> None:
    case = raise_concern(network, receipt=CODE, passphrase=PASSPHRASE)
    Case.objects.filter(pk=case.pk).update(receipt_lookup=old_receipt_lookup(CODE))

    assert lookup.find_by_receipt(CODE, PASSPHRASE) == case

    case.refresh_from_db()
    assert case.receipt_lookup == receipts.lookup_key(CODE) != old_receipt_lookup(CODE)
    # From now on SECRET_KEY plays no part: a rotation does not lose it.
    old_secret.SECRET_KEY = "rotated-" + "r" * 60
    assert lookup.find_by_receipt(CODE, PASSPHRASE) == case


def test_a_rotation_that_keeps_the_old_key_as_a_fallback_still_finds_old_look_ups(
    network, old_secret
) -> None:
    case = raise_concern(network, receipt=CODE, passphrase=PASSPHRASE)
    Case.objects.filter(pk=case.pk).update(receipt_lookup=old_receipt_lookup(CODE))
    old_secret.SECRET_KEY = "rotated-" + "r" * 60
    old_secret.SECRET_KEY_FALLBACKS = [OLD_SECRET]

    assert lookup.find_by_receipt(CODE, PASSPHRASE) == case
    assert Case.objects.get(pk=case.pk).receipt_lookup == receipts.lookup_key(CODE)


def test_a_wrong_passphrase_or_unknown_code_changes_no_look_up(network, old_secret) -> None:
    case = raise_concern(network, receipt=CODE, passphrase=PASSPHRASE)
    Case.objects.filter(pk=case.pk).update(receipt_lookup=old_receipt_lookup(CODE))

    assert lookup.find_by_receipt("ZZZZZZZZZZZZZZZZ", PASSPHRASE) is None
    assert lookup.find_by_receipt("", PASSPHRASE) is None
    assert Case.objects.get(pk=case.pk).receipt_lookup == old_receipt_lookup(CODE)


def test_the_migration_re_keys_raisers_links_and_pattern_marks(
    network, make_user, old_secret
) -> None:
    housing = Directorate.objects.create(name="Housing")
    boss = StaffMember.objects.create(
        employee_number="E1",
        full_name="Pat Boss",
        email="pat@example.org",
        directorate=housing,
        service="Repairs",
    )
    account = make_user("raiser@example.org")
    mine = raise_concern(network, raiser=account)
    held = raise_concern(network, named_staff=boss.pk, hold=True)
    Case.objects.filter(pk=mine.pk).update(raiser_link=old_link(account.code))
    NamedMark.objects.filter(case=held, mark=patterns.person_mark(boss.pk)).update(
        mark=old_salted("safespace.cases.patterns", f"person:{boss.pk}")
    )
    NamedMark.objects.filter(case=held, mark=patterns.team_mark(housing.pk, "Repairs")).update(
        mark=old_salted("safespace.cases.patterns", f"team:{housing.pk}:repairs")
    )
    mine.refresh_from_db()
    assert not mine.raised_by(account)

    migration.rekey(apps, None)

    mine.refresh_from_db()
    assert mine.raised_by(account)
    assert set(held.named_marks.values_list("mark", flat=True)) == {
        patterns.person_mark(boss.pk),
        patterns.team_mark(housing.pk, "repairs"),
    }
    # And they no longer need SECRET_KEY: a match after a rotation releases the held concern.
    old_secret.SECRET_KEY = "rotated-" + "r" * 60
    assert mine.raised_by(account)
    raise_concern(network, named_staff=boss.pk)
    held.refresh_from_db()
    assert held.stage == Stage.NEW

    # Going back gives the old forms again.
    old_secret.SECRET_KEY = OLD_SECRET
    migration.unkey(apps, None)
    assert Case.objects.get(pk=mine.pk).raiser_link == old_link(account.code)


def test_an_old_backup_code_still_signs_in_once(make_user, old_secret) -> None:
    user = make_user("someone@example.org")
    device = BackupCodes.objects.create(user=user, name="Backup codes", confirmed=True)
    token = StaticToken.objects.create(device=device, token="abcd2345")
    old = old_salted("safespace.accounts.backup-code", "abcd2345")[:16]
    StaticToken.objects.filter(pk=token.pk).update(token=old)
    assert old != factors.hash_backup_code("abcd2345")

    assert BackupCodes.objects.get(pk=device.pk).verify_token("ABCD 2345")
    assert not BackupCodes.objects.get(pk=device.pk).verify_token("abcd2345")


def test_an_old_emailed_code_still_works(make_user, old_secret) -> None:
    user = make_user("someone@example.org", two_factor=False)
    assert enrolment.send_code(user)
    EnrolmentCode.objects.filter(user=user).update(
        code_hash=old_salted("safespace.accounts.email-code", f"{user.code}:123456")
    )
    assert enrolment.check_code(user, "123455") == enrolment.Checked.WRONG
    assert enrolment.check_code(user, "123456") == enrolment.Checked.RIGHT


def test_old_sent_email_records_still_answer_for_an_address(old_secret) -> None:
    SentEmail.objects.create(
        recipient=old_salted("safespace.lib.mail.recipient", "someone@example.org"),
        template="before",
    )
    out = StringIO()
    call_command("sent_emails", " Someone@Example.org", stdout=out)
    assert "before" in out.getvalue()
    assert "1 emails sent to that address" in out.getvalue()
