"""Sign-in with the organisation's OpenID provider, end to end against a real one on loopback.

Authlib does every check here for real: the discovery document, the provider's keys, the
token endpoint, the ID token's signature, issuer, audience, expiry and nonce, and the state.
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import totp

from safespace.accounts.middleware import SIGNED_IN_AT
from safespace.accounts.models import Authenticator, Role
from safespace.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

REFUSED = "sign_in.provider.refused"


@pytest.fixture
def priya(make_user, network):
    return make_user("priya@example.org", (network, Role.CHAMPION))


def refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith=REFUSED).values_list("action", flat=True)
    )


def test_the_sign_in_page_offers_the_provider_only_when_there_is_one(client, settings, provider):
    assert "Sign in with Example Council account" in client.get("/accounts/login/").text
    settings.SAFESPACE_OIDC_ISSUER = ""
    page = client.get("/accounts/login/").text
    assert "Sign in with" not in page
    assert client.get("/accounts/oidc/start/").status_code == 404


def test_a_known_person_signs_in_then_gives_the_service_its_code(
    client, provider, priya, through_provider
) -> None:
    callback = client.get(through_provider(client))
    assert callback.status_code == 302
    assert callback["Location"] == "/accounts/two-factor/"
    # Signed in, but not past two-factor: the provider's word is not taken for it by default.
    assert client.get("/cases/")["Location"] == "/accounts/two-factor/"
    device = Authenticator.objects.get(user=priya, confirmed=True)
    response = client.post("/accounts/two-factor/", {"token": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == "/accounts/"
    assert client.get("/accounts/").status_code == 200
    assert client.get("/cases/").status_code == 200
    assert AuditEvent.objects.filter(action="sign_in.provider service-factor").count() == 1


def test_the_provider_second_factor_stands_in_when_the_installation_says_so(
    client, provider, priya, settings, through_provider
) -> None:
    settings.SAFESPACE_OIDC_MFA_COUNTS = True
    provider.set(amr=["pwd", "mfa"])
    callback = client.get(through_provider(client, start="/accounts/oidc/start/?next=/cases/"))
    assert callback["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    assert AuditEvent.objects.filter(action="sign_in.provider provider-factor").count() == 1


def test_a_password_only_sign_in_at_the_provider_still_needs_the_code(
    client, provider, priya, settings, through_provider
) -> None:
    settings.SAFESPACE_OIDC_MFA_COUNTS = True
    provider.set(amr=["pwd"])
    assert client.get(through_provider(client))["Location"] == "/accounts/two-factor/"
    assert client.get("/cases/")["Location"] == "/accounts/two-factor/"


def test_the_address_matches_in_any_case(client, provider, priya, through_provider) -> None:
    assert client.get(through_provider(client, "shouting"))["Location"] == "/accounts/two-factor/"


def test_an_unknown_address_is_refused_with_a_page_saying_what_to_do(
    client, provider, priya, through_provider
) -> None:
    response = client.get(through_provider(client, "stranger"))
    assert response.status_code == 403
    assert "No Safe Space account for you yet" in response.text
    assert "Ask your network" in response.text
    assert "_auth_user_id" not in client.session
    assert refusals() == [f"{REFUSED} no-account"]
    # Nothing was made for them.
    assert not type(priya).objects.filter(email="stranger@example.org").exists()


def test_an_inactive_account_is_refused(client, provider, priya, through_provider) -> None:
    priya.is_active = False
    priya.save()
    assert client.get(through_provider(client)).status_code == 403
    assert refusals() == [f"{REFUSED} no-account"]


def test_an_address_the_provider_has_not_verified_is_refused(
    client, provider, priya, through_provider
) -> None:
    response = client.get(through_provider(client, "unchecked"))
    assert response.status_code == 403
    assert refusals() == [f"{REFUSED} unverified"]


def test_without_email_verified_only_the_organisation_domains_are_believed(
    client, provider, priya, settings, through_provider
) -> None:
    """Entra ID sends no email_verified: its sign-in name is believed for the tenant's own
    domains only."""
    settings.SAFESPACE_OIDC_EMAIL_CLAIM = "preferred_username"
    settings.SAFESPACE_OIDC_EMAIL_DOMAINS = []
    assert client.get(through_provider(client, "entra")).status_code == 403
    settings.SAFESPACE_OIDC_EMAIL_DOMAINS = ["example.org"]
    assert client.get(through_provider(client, "entra"))["Location"] == "/accounts/two-factor/"


def test_an_id_token_for_another_audience_is_refused(
    client, provider, priya, through_provider, caplog
) -> None:
    provider.set(audience="some-other-service")
    response = client.get(through_provider(client))
    assert response.status_code == 403
    assert "Invalid claim: 'aud'" in caplog.text
    assert "You could not be signed in" in response.text
    assert "_auth_user_id" not in client.session
    assert refusals() == [f"{REFUSED} token"]


def test_an_expired_id_token_is_refused(client, provider, priya, through_provider, caplog) -> None:
    provider.set(expired=True)
    response = client.get(through_provider(client))
    assert response.status_code == 403
    assert "The token is expired" in caplog.text
    assert "_auth_user_id" not in client.session
    assert refusals() == [f"{REFUSED} token"]


def test_a_replayed_state_is_refused(client, provider, priya, through_provider, caplog) -> None:
    callback = through_provider(client)
    assert client.get(callback).status_code == 302
    # The same answer again, in the same browser and in another one that saw the address.
    again = client.get(callback)
    assert again.status_code == 403
    assert "already been used" in again.text
    other = type(client)()
    assert other.get(callback).status_code == 403
    assert "mismatching_state" in caplog.text
    assert "_auth_user_id" not in other.session
    assert refusals() == [f"{REFUSED} state", f"{REFUSED} state"]


def test_a_provider_session_is_limited_like_any_other(
    client, provider, priya, settings, through_provider
) -> None:
    settings.SAFESPACE_OIDC_MFA_COUNTS = True
    provider.set(amr=["mfa"])
    client.get(through_provider(client))
    assert client.get("/cases/").status_code == 200
    session = Session.objects.filter(session_key=client.session.session_key)
    # Idle for thirty minutes: the database forgets the session.
    session.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/cases/")["Location"] == "/accounts/login/?next=/cases/"

    client.get(through_provider(client))
    assert client.get("/cases/").status_code == 200
    # Twelve hours after signing in, however active.
    stored = client.session
    stored[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    stored.save()
    assert client.get("/cases/")["Location"] == "/accounts/login/?next=/cases/"


def test_signing_out_ends_the_provider_session_too(
    client, provider, priya, settings, through_provider, provider_sign_out, browser
) -> None:
    settings.SAFESPACE_OIDC_MFA_COUNTS = True
    provider.set(amr=["mfa"])
    client.get(through_provider(client))
    # While the provider's session lasts, it sends the browser straight back.
    started = client.get("/accounts/oidc/start/")
    straight_back = browser.get(started["Location"], allow_redirects=False)
    assert straight_back.headers["Location"].startswith("http://testserver/accounts/oidc/callback/")

    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    ending = response["Location"]
    assert ending.startswith(f"{provider.issuer}/session/end")
    assert "id_token_hint=" in ending
    assert client.get("/cases/").status_code == 302

    landing = client.get(provider_sign_out(ending))
    assert landing.status_code == 200
    assert "You have signed out" in landing.text
    # The provider asks who they are again.
    started = client.get("/accounts/oidc/start/")
    asked = browser.get(started["Location"], allow_redirects=True)
    assert 'name="prompt" value="login"' in asked.text


def test_a_password_session_signs_out_here_only(client, provider, priya, signed_in) -> None:
    signed_in(priya)
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 200
    assert "You have signed out" in response.text
