"""Sign-in with the organisation's OpenID provider (Entra ID or any standard one), by Authlib.

The provider only says who someone is: an existing, active account is found by a verified
email address and none is ever made, and roles stay in the service. Authlib checks the ID
token (its signature against the provider's published keys, issuer, audience, expiry and the
nonce) and the state, which it keeps in the session and spends once. Whether the provider's
own second factor stands in for the service's code is the installation's choice
(SAFESPACE_OIDC_MFA_COUNTS); see docs/decisions/0009-oidc-sign-in.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import requests
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record_many

logger = logging.getLogger(__name__)

# The session keys: the ID token kept for the provider's sign-out, and the mark that the
# provider's second factor stood in for the service's code.
ID_TOKEN = "oidc_id_token"  # noqa: S105 (a session key, not a secret)
PROVIDER_FACTOR = "oidc_provider_factor"
SCOPE = "openid email profile"
# How long the service waits for the provider's discovery, keys and token answers.
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    name: str


def configured() -> Provider | None:
    """The provider this installation signs staff in with, or None when it has none."""
    if not settings.SAFESPACE_OIDC_ISSUER:
        return None
    return Provider(
        issuer=settings.SAFESPACE_OIDC_ISSUER,
        client_id=settings.SAFESPACE_OIDC_CLIENT_ID,
        client_secret=settings.SAFESPACE_OIDC_CLIENT_SECRET,
        name=settings.SAFESPACE_OIDC_PROVIDER_NAME,
    )


@lru_cache(maxsize=4)
def client(provider: Provider) -> DjangoOAuth2App:
    """Authlib's client for the provider; it fetches the discovery document and keys once."""
    registry = OAuth()
    registry.register(
        name="provider",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT_SECONDS,
        },
    )
    app: DjangoOAuth2App = registry.create_client("provider")
    return app


def claims_options(provider: Provider) -> dict[str, Any]:
    """What the ID token must say. Authlib checks the audience only when told to, and given
    options replace its own issuer check, so both are named here."""
    return {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
    }


def with_userinfo(provider: Provider, token: Mapping[str, Any]) -> dict[str, Any]:
    """The checked ID token's claims, with the userinfo endpoint's when the address is not in
    the token (a standard provider may keep the email scope's claims there). The userinfo
    answer counts only for the same subject, and never overrides what the token says."""
    claims = dict(token["userinfo"])
    if settings.SAFESPACE_OIDC_EMAIL_CLAIM in claims:
        return claims
    extra = dict(client(provider).userinfo(token=dict(token)))
    if extra.get("sub") != claims.get("sub"):
        return claims
    return {**extra, **claims}


def verified_email(claims: Mapping[str, Any]) -> str:
    """The address the provider vouches for, lower-cased, or "" when it does not vouch for one.

    A provider that says whether it verified the address must say true (`email_verified`, or
    Entra ID's `xms_edov`, "the domain's owner verified it"). One that says nothing, as Entra
    ID often does, is believed only for the domains the organisation owns there
    (SAFESPACE_OIDC_EMAIL_DOMAINS): anyone can type any address into a guest account's
    profile, but not one at a domain the tenant has verified.
    """
    value = claims.get(settings.SAFESPACE_OIDC_EMAIL_CLAIM)
    if not isinstance(value, str) or "@" not in value:
        return ""
    email = value.strip().lower()
    if "email_verified" in claims:
        return email if claims["email_verified"] is True else ""
    if claims.get("xms_edov") is True:
        return email
    domain = email.rpartition("@")[2]
    return email if domain in settings.SAFESPACE_OIDC_EMAIL_DOMAINS else ""


def account_for(email: str) -> User | None:
    """The one active account with this address (any case); never a new one."""
    if not email:
        return None
    matches = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
    if len(matches) != 1:
        return None
    user = matches[0]
    if settings.PRODUCTION and getattr(user, "is_demo", False):
        return None
    return user


def provider_factor_counts(claims: Mapping[str, Any]) -> bool:
    """Whether this sign-in's second factor was the provider's and the installation accepts it."""
    amr = claims.get("amr")
    return bool(settings.SAFESPACE_OIDC_MFA_COUNTS and isinstance(amr, list) and "mfa" in amr)


def audit_sign_in(user: User, provider_factor: bool) -> None:
    detail = "provider-factor" if provider_factor else "service-factor"
    record_many(
        actor_code=str(user.code),
        actor_role="staff",
        action=AuditAction.PROVIDER_SIGN_IN,
        object_type="account",
        object_codes=[str(user.code)],
        detail=detail,
    )


def audit_refusal(reason: str, user: User | None = None) -> None:
    """Record a refused sign-in: why, and whose account when one was found. The address the
    provider gave is not kept: it may belong to someone with no business here."""
    code = str(user.code) if user else ""
    record_many(
        actor_code=code,
        actor_role="staff" if user else "unknown",
        action=AuditAction.PROVIDER_SIGN_IN_REFUSED,
        object_type="account" if user else "sign_in",
        object_codes=[code or "provider"],
        detail=reason,
    )


def end_session_url(request: HttpRequest) -> str:
    """Where to send someone signing out so the provider's session ends too ("" when the
    session did not come from the provider, or the provider offers no sign-out)."""
    provider = configured()
    id_token = request.session.get(ID_TOKEN)
    if provider is None or not id_token:
        return ""
    app = client(provider)
    try:
        if not app.load_server_metadata().get("end_session_endpoint"):
            return ""
        landing = request.build_absolute_uri(reverse("accounts:oidc_signed_out"))
        return str(
            app.create_logout_url(post_logout_redirect_uri=landing, id_token_hint=id_token)["url"]
        )
    except requests.RequestException as error:
        logger.warning("The identity provider's sign-out could not be found: %s", error)
        return ""


class ProviderFactorMiddleware:
    """After django-otp's middleware: a session whose provider's second factor was accepted
    counts as past two-factor, as one that typed the service's code does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Like the session limits, the health check never looks at who is signed in.
        if request.path == reverse("public:healthz"):
            return self.get_response(request)
        user = request.user
        if (
            request.session.get(PROVIDER_FACTOR)
            and user.is_authenticated
            and request.session[PROVIDER_FACTOR] == str(getattr(user, "code", ""))
        ):
            user.is_verified = lambda: True  # type: ignore[attr-defined]
        return self.get_response(request)
