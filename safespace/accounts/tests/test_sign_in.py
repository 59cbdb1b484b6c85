import datetime
import re

import pytest
from axes.helpers import get_cool_off
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts.factors import hash_backup_code
from safespace.accounts.models import Authenticator, Role
from tests.helpers import PASSWORD, emailed_code

SAME_MESSAGE = "Enter a correct email address and password"


@pytest.fixture
def champion(make_user, network):
    return make_user("champion@example.org", (network, Role.CHAMPION))


def code_for(user) -> str:
    device = Authenticator.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def test_signed_out_staff_pages_redirect_to_sign_in(client: Client, db: None) -> None:
    for path in ["/cases/", "/actions/", "/insights/", "/accounts/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path


def test_it_shows_the_sign_in_form(client: Client, db: None) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'autocomplete="username"' in response.content


def test_an_unknown_email_and_a_wrong_password_get_the_same_message(client, champion) -> None:
    unknown = client.post("/accounts/login/", {"email": "nobody@example.org", "password": "x" * 12})
    wrong = client.post("/accounts/login/", {"email": champion.email, "password": "x" * 12})
    for response in (unknown, wrong):
        assert response.status_code == 200
        body = response.content.decode()
        assert "There is a problem" in body
        assert SAME_MESSAGE in body
        assert '<span class="govuk-visually-hidden">Error:</span>' in body

    def without_email(response) -> str:
        body = response.content.decode().split("csrfmiddlewaretoken")[0]
        return body.replace("nobody@example.org", "").replace(champion.email, "")

    assert without_email(unknown) == without_email(wrong)


def test_empty_fields_get_gov_uk_error_messages(client, db) -> None:
    body = client.post("/accounts/login/", {"email": "", "password": ""}).content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body
    assert 'href="#id_email"' in body


def test_a_password_alone_does_not_open_staff_pages(client, champion) -> None:
    response = client.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/two-factor/"
    assert client.get("/cases/")["Location"] == "/accounts/two-factor/"


def test_password_then_code_signs_in_and_goes_where_they_were_going(client, champion) -> None:
    client.post("/accounts/login/?next=/cases/", {"email": champion.email, "password": PASSWORD})
    response = client.post("/accounts/two-factor/", {"token": code_for(champion)})
    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200


def test_a_wrong_code_is_refused(client, champion) -> None:
    client.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    response = client.post("/accounts/two-factor/", {"token": "000000"})
    assert "Enter a correct security code" in response.content.decode()
    assert client.get("/cases/").status_code == 302


def test_sign_in_gives_the_session_a_new_key(client, champion) -> None:
    client.get("/accounts/login/")
    client.cookies["safespace_session"] = "attacker-chosen"
    client.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    assert client.cookies["safespace_session"].value != "attacker-chosen"


@pytest.mark.parametrize("second_factor", ["authenticator", "backup code"])
def test_passing_the_second_factor_gives_the_session_another_new_key(
    client, champion, second_factor
) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.create(user=champion, name="Backup codes").token_set.create(
        token="abcd2345"
    )
    client.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    after_password = client.cookies["safespace_session"].value
    token = code_for(champion) if second_factor == "authenticator" else "abcd2345"
    assert client.post("/accounts/two-factor/", {"token": token}).status_code == 302
    assert client.cookies["safespace_session"].value != after_password
    assert client.get("/cases/").status_code == 200
    # The key seen between the two steps opens nothing now.
    stale = Client()
    stale.cookies["safespace_session"] = after_password
    assert stale.get("/cases/").status_code == 302


def test_email_is_matched_whatever_its_case(client, champion) -> None:
    response = client.post(
        "/accounts/login/", {"email": "Champion@Example.ORG", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_first_sign_in_enrols_an_authenticator_and_gives_backup_codes(
    client, make_user, network
) -> None:
    user = make_user("new@example.org", (network, Role.CHAMPION), two_factor=False)
    client.post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    response = client.get("/accounts/two-factor/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/email/"
    response = client.post("/accounts/two-factor/email/", {"code": emailed_code()}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/set-up/"
    body = response.content.decode()
    assert "<svg" in body
    device = Authenticator.objects.get(user=user)
    assert not device.confirmed
    response = client.post("/accounts/two-factor/set-up/", {"token": f"{totp(device.bin_key):06d}"})
    assert "Save your backup codes" in response.content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    # Kept only as keyed hashes, each of which one shown code makes.
    kept = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert kept == {hash_backup_code(code) for code in codes}
    assert client.get("/cases/").status_code == 200


def test_a_backup_code_works_once(client, champion) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice

    device = StaticDevice.objects.create(user=champion, name="Backup codes")
    device.token_set.create(token="abcd2345")
    for expected in (302, 200):
        client.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
        response = client.post("/accounts/two-factor/", {"token": "abcd 2345"})
        assert response.status_code == expected
        client.post("/accounts/sign-out/")


def test_five_failures_pause_sign_in_for_that_account(client, champion) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"email": champion.email, "password": "wrong-password-1"})
    response = client.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign in is paused" in response.content.decode()


def test_five_failures_behind_the_proxy_do_not_lock_out_a_colleague_behind_it(
    champion, settings
) -> None:
    settings.SAFESPACE_TRUSTED_PROXIES = 1
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    owner = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(5):
        attacker.post("/accounts/login/", {"email": champion.email, "password": "wrong-pass-1"})
    assert (
        attacker.post(
            "/accounts/login/", {"email": champion.email, "password": PASSWORD}
        ).status_code
        == 429
    )
    response = owner.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/two-factor/"


def test_with_no_proxy_configured_a_forged_forwarded_address_changes_nothing(
    champion, settings
) -> None:
    settings.SAFESPACE_TRUSTED_PROXIES = 0
    for n in range(5):
        Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(
            "/accounts/login/", {"email": champion.email, "password": "wrong-pass-1"}
        )
    forged = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.200")
    response = forged.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    assert response.status_code == 429


def test_sign_in_opens_again_once_the_fifteen_minute_pause_is_over(
    client, champion, monkeypatch
) -> None:
    if not isinstance(caches["default"], DatabaseCache):
        pytest.skip("moves the clock of the database cache, where the counters are kept")
    cool_off = get_cool_off()
    assert cool_off == datetime.timedelta(minutes=15)
    for _ in range(5):
        client.post("/accounts/login/", {"email": champion.email, "password": "wrong-password-1"})
    right = {"email": champion.email, "password": PASSWORD}
    assert client.post("/accounts/login/", right).status_code == 429

    def later(by: datetime.timedelta) -> None:
        now = timezone.now()
        monkeypatch.setattr("django.core.cache.backends.db.tz_now", lambda: now + by)

    later(cool_off - datetime.timedelta(minutes=1))
    assert client.post("/accounts/login/", right).status_code == 429
    later(cool_off + datetime.timedelta(seconds=5))
    response = client.post("/accounts/login/", right)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"


def test_a_session_idle_for_thirty_minutes_is_sent_to_sign_in(
    client, champion, signed_in, settings
) -> None:
    signed_in(champion)
    assert client.get("/cases/").status_code == 200
    session = Session.objects.filter(session_key=client.session.session_key)

    def idle_for(idle: datetime.timedelta) -> None:
        # The database keeps each session until its last request plus SESSION_COOKIE_AGE.
        last_request = timezone.now() - idle
        age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        session.update(expire_date=last_request + age)

    idle_for(datetime.timedelta(minutes=29))
    assert client.get("/cases/").status_code == 200
    renewed = session.get().expire_date - timezone.now()
    assert renewed > datetime.timedelta(minutes=29), "each request restarts the idle clock"
    idle_for(datetime.timedelta(minutes=30, seconds=1))
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cases/"


def test_sign_out_clears_the_session_and_the_browser(client, champion, signed_in) -> None:
    signed_in(champion)
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 200
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert client.get("/cases/").status_code == 302


def test_sign_out_refuses_get(client, db) -> None:
    assert client.get("/accounts/sign-out/").status_code == 405


def test_a_session_ends_after_twelve_hours_however_active(
    client, champion, signed_in, settings
) -> None:
    signed_in(champion)
    session = client.session
    session["signed_in_at"] = session["signed_in_at"] - 12 * 60 * 60 - 1
    session.save()
    assert client.get("/cases/").status_code == 302


def test_the_session_cookie_expires_after_thirty_idle_minutes(settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_HTTPONLY


def test_demo_accounts_cannot_sign_in_in_production(client, champion, settings) -> None:
    champion.is_demo = True
    champion.save()
    settings.PRODUCTION = True
    response = client.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    assert response.status_code == 200
    assert SAME_MESSAGE in response.content.decode()


def test_a_right_code_during_the_back_off_is_told_to_wait_not_that_it_is_wrong(
    client, champion
) -> None:
    client.post("/accounts/login/", {"email": champion.email, "password": PASSWORD})
    right = code_for(champion)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    client.post("/accounts/two-factor/", {"token": wrong})
    client.post("/accounts/two-factor/", {"token": wrong})

    page = client.post("/accounts/two-factor/", {"token": right}).content.decode()

    assert "then try again" in page
    assert "Wait 2 seconds" in page or "Wait 1 second," in page
    assert "Enter a correct security code" not in page
    TOTPDevice.objects.filter(user=champion).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.post("/accounts/two-factor/", {"token": right})["Location"] == "/accounts/"
