"""Setting up a second factor needs a code emailed to the account, and its secrets stay sealed."""

import datetime
import importlib
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts import enrolment, factors
from safespace.accounts.models import Authenticator, BackupCodes, EnrolmentCode, Role
from safespace.audit.models import AuditEvent
from tests.helpers import PASSWORD, emailed_code, sign_in


@pytest.fixture
def admin(make_user, network):
    return make_user("admin@example.org", (network, Role.ADMIN))


@pytest.fixture
def champion(make_user, network):
    return make_user("champion@example.org", (network, Role.CHAMPION))


def reset_by_administrator(admin, owner) -> None:
    """The administrator's reset: deleting the authenticator on the configuration site."""
    device = TOTPDevice.objects.get(user=owner)
    client = sign_in(Client(), admin)
    response = client.post(
        f"/configuration/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=owner).exists()


def password_only(user) -> Client:
    client = Client()
    client.post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    return client


def test_after_a_reset_the_password_alone_cannot_set_up_an_authenticator(admin, champion):
    reset_by_administrator(admin, champion)
    mail.outbox.clear()
    client = password_only(champion)

    assert client.get("/accounts/two-factor/")["Location"] == "/accounts/two-factor/set-up/"
    assert client.get("/accounts/two-factor/set-up/")["Location"] == "/accounts/two-factor/email/"
    guess = client.post("/accounts/two-factor/set-up/", {"token": "123456"})
    assert guess["Location"] == "/accounts/two-factor/email/"

    # No secret was made or shown before the emailed code, and nothing is confirmed.
    assert not TOTPDevice.objects.filter(user=champion).exists()
    page = client.get("/accounts/two-factor/email/").content.decode()
    assert "<svg" not in page
    assert "c•••••••@example.org" in page
    assert [m.to for m in mail.outbox] == [[champion.email]]
    assert client.get("/cases/")["Location"] == "/accounts/two-factor/"


def test_the_emailed_code_lets_the_owner_set_up_and_is_kept_only_hashed(make_user, network):
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    client = password_only(user)
    client.get("/accounts/two-factor/email/")
    code = emailed_code()
    stored = EnrolmentCode.objects.get(user=user)
    assert code not in stored.code_hash
    assert stored.expires - stored.created == datetime.timedelta(minutes=15)

    response = client.post("/accounts/two-factor/email/", {"code": code})
    assert response["Location"] == "/accounts/two-factor/set-up/"
    assert "<svg" in client.get("/accounts/two-factor/set-up/").content.decode()


def test_a_wrong_code_is_refused_and_five_wrong_ones_end_the_code(make_user, network):
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    client = password_only(user)
    client.get("/accounts/two-factor/email/")
    right = emailed_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/two-factor/email/", {"code": wrong})
    assert response.status_code == 200
    assert "Enter the 6-digit code from the email we sent you" in response.content.decode()
    for _ in range(4):
        client.post("/accounts/two-factor/email/", {"code": wrong})

    response = client.post("/accounts/two-factor/email/", {"code": right})
    assert "That code has expired or been used" in response.content.decode()
    assert client.get("/accounts/two-factor/set-up/")["Location"] == "/accounts/two-factor/email/"


def test_an_expired_code_is_refused(make_user, network):
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    client = password_only(user)
    client.get("/accounts/two-factor/email/")
    EnrolmentCode.objects.filter(user=user).update(
        expires=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.post("/accounts/two-factor/email/", {"code": emailed_code()})

    assert "That code has expired or been used" in response.content.decode()
    assert client.get("/accounts/two-factor/set-up/")["Location"] == "/accounts/two-factor/email/"


def test_a_code_works_once(make_user, network):
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    first = password_only(user)
    first.get("/accounts/two-factor/email/")
    code = emailed_code()
    assert first.post("/accounts/two-factor/email/", {"code": code}).status_code == 302

    # Someone else who has the password and saw the code, in another browser.
    second = password_only(user)
    EnrolmentCode.objects.filter(user=user).update(
        created=timezone.now() - datetime.timedelta(minutes=2)
    )
    response = second.post("/accounts/two-factor/email/", {"code": code})
    assert response.status_code == 200
    assert second.get("/accounts/two-factor/set-up/")["Location"] == "/accounts/two-factor/email/"


def test_a_new_code_is_sent_at_most_once_a_minute_and_ends_the_one_before(make_user, network):
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    client = password_only(user)
    client.get("/accounts/two-factor/email/")
    old = emailed_code()

    too_soon = client.post("/accounts/two-factor/email/", {"send": "yes"})
    assert "We cannot send another code yet" in too_soon.content.decode()
    assert len(mail.outbox) == 1

    EnrolmentCode.objects.filter(user=user).update(
        created=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert client.post("/accounts/two-factor/email/", {"send": "yes"}).status_code == 302
    assert len(mail.outbox) == 2
    if emailed_code() != old:
        refused = client.post("/accounts/two-factor/email/", {"code": old})
        assert "Enter the 6-digit code from the email we sent you" in refused.content.decode()
    assert client.post("/accounts/two-factor/email/", {"code": emailed_code()}).status_code == 302


def test_no_more_than_five_codes_are_sent_a_day(make_user, network):
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    client = password_only(user)
    for _ in range(5):
        assert enrolment.send_code(user)
        # Each an hour ago: the once-a-minute wait is over, the day's count is not.
        EnrolmentCode.objects.filter(user=user).update(
            created=timezone.now() - datetime.timedelta(hours=1)
        )
    assert not enrolment.send_code(user)
    page = client.post("/accounts/two-factor/email/", {"send": "yes"}).content.decode()
    assert "We cannot send another code yet" in page
    assert len(mail.outbox) == 5


def test_no_code_is_kept_longer_than_a_day(make_user, network):
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    other = make_user("other@example.org", (network, Role.CHAMPION), two_factor=False)
    enrolment.send_code(other)
    EnrolmentCode.objects.update(created=timezone.now() - datetime.timedelta(days=1, seconds=1))

    enrolment.send_code(user)

    assert list(EnrolmentCode.objects.values_list("user", flat=True)) == [user.pk]


def test_the_owner_is_emailed_and_the_trail_records_set_up_and_removal(admin, make_user, network):
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    client = password_only(user)
    client.get("/accounts/two-factor/email/")
    client.post("/accounts/two-factor/email/", {"code": emailed_code()})
    client.get("/accounts/two-factor/set-up/")
    device = Authenticator.objects.get(user=user)
    mail.outbox.clear()

    client.post("/accounts/two-factor/set-up/", {"token": f"{totp(device.bin_key):06d}"})

    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "An authenticator app was set up" in mail.outbox[0].body
    mail.outbox.clear()
    reset_by_administrator(admin, user)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "authenticator app for signing in to your Safe Space account was removed" in (
        mail.outbox[0].body
    )
    events = AuditEvent.objects.filter(object_type="account", object_code=str(user.code))
    assert [(e.action, e.actor_code, e.actor_role) for e in events] == [
        ("two_factor.enrol", str(user.code), "staff"),
        ("two_factor.remove", str(admin.code), "admin"),
    ]


def test_removing_backup_codes_tells_the_owner_too(admin, champion):
    device = BackupCodes.objects.create(user=champion, name="Backup codes")
    client = sign_in(Client(), admin)
    mail.outbox.clear()

    client.post(f"/configuration/otp_static/staticdevice/{device.pk}/delete/", {"post": "yes"})

    assert [m.to for m in mail.outbox] == [[champion.email]]
    assert "backup codes for signing in to your Safe Space account were removed" in (
        mail.outbox[0].body
    )


def _raw(sql: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return str(cursor.fetchone()[0])


def test_the_database_holds_no_plain_totp_secret_and_the_sealed_one_still_verifies(champion):
    device = Authenticator.objects.get(user=champion)
    secret = device.bin_key
    raw = _raw("SELECT key FROM otp_totp_totpdevice WHERE id = %s", device.pk)

    assert raw.startswith(factors.SEALED)
    assert secret.hex() not in raw.lower()
    assert len(raw) <= 80
    assert device.verify_token(f"{totp(secret):06d}")


def test_a_sealed_secret_does_not_open_on_another_account_nor_a_planted_plain_one(
    champion, make_user, network
):
    other = make_user("other@example.org", (network, Role.CHAMPION))
    mine = TOTPDevice.objects.get(user=champion)
    TOTPDevice.objects.filter(user=other).update(key=mine.key)
    with pytest.raises(factors.SecretUnreadable):
        _ = Authenticator.objects.get(user=other).bin_key
    TOTPDevice.objects.filter(user=other).update(key="00" * 20)
    with pytest.raises(factors.SecretUnreadable):
        _ = Authenticator.objects.get(user=other).bin_key


def test_backup_codes_are_kept_only_as_keyed_hashes_and_still_work(champion):
    device = StaticDevice.objects.create(user=champion, name="Backup codes")
    token = device.token_set.create(token="abcd2345")
    raw = _raw("SELECT token FROM otp_static_statictoken WHERE id = %s", token.pk)

    assert raw == factors.hash_backup_code("abcd2345")
    assert "abcd2345" not in raw
    backup = BackupCodes.objects.get(pk=device.pk)
    assert backup.verify_token("ABCD 2345")
    assert not backup.verify_token("abcd2345")


def test_the_upgrade_seals_secrets_and_hashes_codes_already_stored(champion):
    secret = bytes(range(20))
    device = TOTPDevice.objects.get(user=champion)
    static = StaticDevice.objects.create(user=champion, name="Backup codes")
    token = static.token_set.create(token="rewritten-below")
    # As the rows were before: written past the save that now seals them.
    TOTPDevice.objects.filter(pk=device.pk).update(key=secret.hex())
    StaticToken.objects.filter(pk=token.pk).update(token="wxyz2345")

    upgrade = importlib.import_module("safespace.accounts.migrations.0004_sealed_second_factors")
    upgrade.seal_existing(apps, None)
    upgrade.seal_existing(apps, None)  # running it again changes nothing

    raw_key = _raw("SELECT key FROM otp_totp_totpdevice WHERE id = %s", device.pk)
    assert factors.is_sealed(raw_key) and secret.hex() not in raw_key
    assert Authenticator.objects.get(pk=device.pk).verify_token(f"{totp(secret):06d}")
    raw_token = _raw("SELECT token FROM otp_static_statictoken WHERE id = %s", token.pk)
    assert raw_token == factors.hash_backup_code("wxyz2345")
    assert BackupCodes.objects.get(pk=static.pk).verify_token("wxyz2345")


def test_secrets_sealed_under_an_old_master_key_open_and_are_resealed(champion, settings):
    device = Authenticator.objects.get(user=champion)
    secret = device.bin_key
    old = settings.SAFESPACE_MASTER_KEY
    settings.SAFESPACE_MASTER_KEY = "new:" + "A" * 43 + "=," + old

    assert Authenticator.objects.get(pk=device.pk).bin_key == secret
    out = StringIO()
    call_command("rotate_master_key", stdout=out)
    assert "Re-sealed 1 authenticator secrets under key new" in out.getvalue()
    settings.SAFESPACE_MASTER_KEY = "new:" + "A" * 43 + "="
    assert Authenticator.objects.get(pk=device.pk).bin_key == secret


def form_fields(page: str) -> dict[str, str]:
    """Every field of a configuration-site change form, as the page drew it."""
    fields = {
        name: value
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
        if not name.startswith("_")
    }
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    if re.search(r'name="is_active"[^>]*checked', page):
        fields["is_active"] = "on"
    return fields


def test_an_address_changed_by_an_administrator_is_told_to_the_old_one(admin, champion):
    client = sign_in(Client(), admin)
    path = f"/configuration/accounts/user/{champion.pk}/change/"
    fields = form_fields(client.get(path).content.decode())
    mail.outbox.clear()

    response = client.post(path, {**fields, "email": "someone.else@example.net"})

    assert response.status_code == 302, response.content.decode()[:2000]
    champion.refresh_from_db()
    assert champion.email == "someone.else@example.net"
    told = {message.to[0]: str(message.body) for message in mail.outbox}
    assert set(told) == {"champion@example.org", "someone.else@example.net"}
    assert "from champion@example.org to someone.else@example.net" in told["champion@example.org"]
    assert "tell your administrator now" in told["champion@example.org"]
    event = AuditEvent.objects.filter(action="account.email_change").get()
    assert event.object_code == str(champion.code) and event.actor_code == str(admin.code)
    # Saving without changing the address tells nobody.
    mail.outbox.clear()
    client.post(path, {**form_fields(client.get(path).content.decode()), "full_name": "Champ"})
    assert mail.outbox == []
