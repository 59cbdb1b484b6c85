"""Staff sign-in with a password and a second factor, and sign-out."""

from __future__ import annotations

import base64
import math
import time
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticToken

from safespace.accounts import enrolment, oidc
from safespace.accounts.forms import EmailCodeForm, SignInForm, TokenForm
from safespace.accounts.middleware import SIGNED_IN_AT
from safespace.accounts.models import Authenticator, BackupCodes, User
from safespace.lib.confidential import confidential

NEXT = "after_sign_in"
BAD_DETAILS = _("Enter a correct email address and password")
BAD_TOKEN = _("Enter a correct security code")
BACKUP_CODES = 10
# The account whose emailed code this session typed, and when: setting up needs it.
EMAIL_CHECKED = "two_factor_email_checked"
EMAIL_CHECK_LASTS = 30 * 60
NO_CODE = _("That code has expired or been used. Send a new code and enter it")
BAD_EMAIL_CODE = _("Enter the 6-digit code from the email we sent you")


def _next_url(request: HttpRequest) -> str:
    target = request.session.pop(NEXT, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return str(target)
    return str(settings.LOGIN_REDIRECT_URL)


@confidential
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get("next", "")
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        if user is None:
            # One message whether the email is unknown or the password wrong.
            form.add_error("email", BAD_DETAILS)
        else:
            login(request, user)  # also gives the session a new key
            request.session[SIGNED_IN_AT] = time.time()
            if next_url:
                request.session[NEXT] = next_url
            return redirect("accounts:two_factor")
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


def _signed_in_user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _pass_second_factor(request: HttpRequest, device: Any) -> None:
    """Mark the session as past both factors under a new key: a session id seen before the code
    (over a shoulder, in a log) must not become a fully signed-in one."""
    otp_login(request, device)
    request.session.cycle_key()


@confidential
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    if user is None:
        return redirect("accounts:login")
    if not Authenticator.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        wait = _seconds_to_wait(user)
        device = None if wait else _match(user, form.cleaned_data["token"])
        if wait:
            # A right code during the back-off is refused too; saying "incorrect" would be
            # untrue, and would send the person hunting for a mistake they did not make.
            message = ngettext(
                "Wait %(wait)s second, then try again",
                "Wait %(wait)s seconds, then try again",
                wait,
            )
            form.add_error("token", message % {"wait": wait})
        elif device is None:
            form.add_error("token", BAD_TOKEN)
        else:
            _pass_second_factor(request, device)
            return redirect(_next_url(request))
    return render(request, "accounts/two_factor.html", {"form": form})


def _match(user: User, token: str) -> Device | None:
    """The device this code belongs to, if any: the authenticator, then the backup codes.

    Each device is locked while it checks, so one code cannot be spent twice at once.
    """
    with transaction.atomic():
        for model in (Authenticator, BackupCodes):
            for device in model.objects.select_for_update().filter(user=user, confirmed=True):
                if device.verify_token(token):
                    return device
    return None


def _seconds_to_wait(user: User) -> int:
    """How long the app's back-off after wrong codes still has to run, rounded up; 0 if none."""
    waits = [
        math.ceil((data["locked_until"] - timezone.now()).total_seconds())
        for device in Authenticator.objects.filter(user=user, confirmed=True)
        for allowed, data in [device.verify_is_allowed()]
        if not allowed and data and data.get("locked_until")
    ]
    return max([0, *waits])


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    # Drop the XML declaration so the SVG can sit inside the page.
    return svg[svg.index("<svg") :]


@confidential
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    if user is None:
        return redirect("accounts:login")
    if Authenticator.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two_factor")
    if not _email_checked(request, user):
        return redirect("accounts:two_factor_email")
    device, _ = Authenticator.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = _enrol(user, device)
            request.session.pop(EMAIL_CHECKED, None)
            _pass_second_factor(request, device)
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next_url": _next_url(request)},
            )
        form.add_error("token", BAD_TOKEN)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _enrol(user: User, device: Authenticator) -> list[str]:
    """Confirm the authenticator, give new backup codes (shown once, kept hashed), and tell."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        static, _ = BackupCodes.objects.get_or_create(user=user, name="Backup codes")
        static.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        for code in codes:
            # One at a time, so each is hashed on its way in (accounts.models.hash_backup_codes).
            StaticToken.objects.create(device=static, token=code)
        enrolment.enrolled(user)
    return codes


def _email_checked(request: HttpRequest, user: User) -> bool:
    checked = request.session.get(EMAIL_CHECKED)
    return (
        isinstance(checked, list)
        and len(checked) == 2
        and checked[0] == str(user.code)
        and time.time() - float(checked[1]) < EMAIL_CHECK_LASTS
    )


def _masked(email: str) -> str:
    """Enough of the address to recognise it, not enough to learn it over a shoulder."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}{'•' * max(1, len(name) - 1)}@{domain}"


@confidential
@require_http_methods(["GET", "POST"])
def two_factor_email(request: HttpRequest) -> HttpResponse:
    """Before setting up an authenticator, type the code emailed to the account's address."""
    user = _signed_in_user(request)
    if user is None:
        return redirect("accounts:login")
    if Authenticator.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two_factor")
    if _email_checked(request, user):
        return redirect("accounts:two_factor_setup")
    sending = request.method == "POST" and "send" in request.POST
    form = EmailCodeForm(request.POST if request.method == "POST" and not sending else None)
    wait = 0
    if sending or (request.method == "GET" and not enrolment.has_live_code(user)):
        wait = enrolment.seconds_before_resend(user)
        if not wait and enrolment.send_code(user) and sending:
            return redirect("accounts:two_factor_email")
    if form.is_bound and form.is_valid():
        checked = enrolment.check_code(user, form.cleaned_data["code"])
        if checked is enrolment.Checked.RIGHT:
            request.session[EMAIL_CHECKED] = [str(user.code), time.time()]
            return redirect("accounts:two_factor_setup")
        form.add_error("code", NO_CODE if checked is enrolment.Checked.NONE else BAD_EMAIL_CODE)
    context = {"form": form, "email": _masked(user.email), "wait_minutes": math.ceil(wait / 60)}
    return render(request, "accounts/two_factor_email.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    # A session from the organisation's provider ends there too (accounts/oidc.py).
    provider_sign_out = oidc.end_session_url(request)
    logout(request)
    if provider_sign_out:
        response: HttpResponse = redirect(provider_sign_out)
    else:
        response = render(request, "accounts/signed_out.html")
    # Ask the browser to forget everything this site stored, in case the computer is shared.
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
