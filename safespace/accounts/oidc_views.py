"""The pages of sign-in with the organisation's OpenID provider (see accounts/oidc.py)."""

from __future__ import annotations

import logging
import time
from typing import Any

import joserfc.errors
import requests
from authlib.integrations.base_client import OAuthError
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from safespace.accounts import oidc
from safespace.accounts.middleware import SIGNED_IN_AT
from safespace.accounts.models import User
from safespace.accounts.views import NEXT
from safespace.lib.confidential import confidential

logger = logging.getLogger(__name__)

# What went wrong, as the audit trail and the log name it.
NO_ACCOUNT = "no-account"
UNVERIFIED = "unverified"
REFUSED_TOKEN = "token"  # noqa: S105 (a reason, not a secret)
STALE_STATE = "state"
PROVIDER_SAID_NO = "provider"
BACKEND = "safespace.accounts.backends.EmailBackend"


def _provider_or_404() -> oidc.Provider:
    provider = oidc.configured()
    if provider is None:
        raise Http404
    return provider


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Send the person to the provider, with a fresh state and nonce kept in this session."""
    provider = _provider_or_404()
    next_url = request.GET.get("next", "")
    if next_url:
        request.session[NEXT] = next_url
    callback = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    try:
        return oidc.client(provider).authorize_redirect(request, callback)
    except (requests.RequestException, ValueError) as error:
        logger.warning("The identity provider's discovery document could not be read: %s", error)
        return _refused(request, PROVIDER_SAID_NO, status=503)


@confidential
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Check the provider's answer, find the account by its verified address, and sign in."""
    provider = _provider_or_404()
    claims = _checked_claims(request, provider)
    if isinstance(claims, HttpResponse):
        return claims
    email = oidc.verified_email(claims)
    if not email:
        return _refused(request, UNVERIFIED)
    user = oidc.account_for(email)
    if user is None:
        return _refused(request, NO_ACCOUNT)
    return _sign_in(request, user, claims)


def _checked_claims(request: HttpRequest, provider: oidc.Provider) -> Any:
    """The ID token's claims once Authlib has checked it and the state, or the refusal page."""
    try:
        token = oidc.client(provider).authorize_access_token(
            request, claims_options=oidc.claims_options(provider)
        )
    except OAuthError as error:
        # A state this session did not make or has already spent ("mismatching_state"), or the
        # provider's own refusal (the person cancelled, or may not use the service).
        reason = STALE_STATE if error.error == "mismatching_state" else PROVIDER_SAID_NO
        logger.info("Provider sign-in refused: %s", error.error)
        return _refused(request, reason)
    except joserfc.errors.JoseError as error:
        logger.info("Provider sign-in refused, the ID token failed a check: %s", error)
        return _refused(request, REFUSED_TOKEN)
    except requests.RequestException as error:
        logger.warning("The identity provider did not answer: %s", error)
        return _refused(request, PROVIDER_SAID_NO, status=503)
    if not token.get("userinfo") or "id_token" not in token:
        # Authlib checks an ID token only when there is one: without it nothing is proved.
        return _refused(request, REFUSED_TOKEN)
    request.session[oidc.ID_TOKEN] = token["id_token"]
    try:
        return oidc.with_userinfo(provider, token)
    except requests.RequestException as error:
        logger.warning("The identity provider's userinfo did not answer: %s", error)
        return _refused(request, PROVIDER_SAID_NO, status=503)


def _sign_in(request: HttpRequest, user: User, claims: Any) -> HttpResponse:
    id_token = request.session.get(oidc.ID_TOKEN)
    next_url = request.session.get(NEXT, "")
    login(request, user, backend=BACKEND)  # also gives the session a new key
    request.session[SIGNED_IN_AT] = time.time()
    request.session[oidc.ID_TOKEN] = id_token
    if next_url:
        request.session[NEXT] = next_url
    provider_factor = oidc.provider_factor_counts(claims)
    oidc.audit_sign_in(user, provider_factor)
    if not provider_factor:
        return redirect("accounts:two_factor")
    request.session[oidc.PROVIDER_FACTOR] = str(user.code)
    return redirect(_next_url(request))


def _next_url(request: HttpRequest) -> str:
    target = str(request.session.pop(NEXT, ""))
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("staff:home")


def _refused(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    oidc.audit_refusal(reason)
    context = {"reason": reason, "provider": oidc.configured()}
    return render(request, "accounts/oidc_refused.html", context, status=status)


@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    """Where the provider sends someone back after ending its session too."""
    _provider_or_404()
    return render(request, "accounts/signed_out.html")
