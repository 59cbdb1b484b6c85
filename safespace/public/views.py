"""The pages anyone can read: what the clinic is, privacy, accessibility, and health."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from safespace.accounts.models import Network
from safespace.lib.context_processors import service
from safespace.public.context_processors import network


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "controller": settings.SAFESPACE_CONTROLLER,
        "dpo_contact": settings.SAFESPACE_DPO_CONTACT,
        "lawful_basis": settings.SAFESPACE_LAWFUL_BASIS,
        "special_category_condition": settings.SAFESPACE_SPECIAL_CATEGORY_CONDITION,
        "networks": Network.objects.order_by("name"),
    }
    return render(request, "public/privacy.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request, "public/accessibility.html", {"tested_on": settings.SAFESPACE_ACCESSIBILITY_TESTED}
    )


@require_GET
def language(request: HttpRequest, language: str) -> HttpResponse:
    """The language switcher's link: remember the choice in the language cookie and go back.

    A link rather than a form, so it works without JavaScript and needs no form token; it
    changes nothing but how the pages read. `next` is the page the link was on, and only an
    address of this service is followed.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("public:home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",  # settings.LANGUAGE_COOKIE_SAMESITE, as a type the checker knows
    )
    return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    # A probe has no session, and loading one would need the database that may be down.
    # Without request.session, SessionMiddleware leaves the response alone as well.
    del request.session
    status = {}
    healthy = True
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            status[alias] = "ok"
        except DatabaseError:
            status[alias] = "unavailable"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "databases": status},
        status=200 if healthy else 503,
    )


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # As for a 500, without context processors: a refused Host header would be asked for again.
    context = {**service(request), **network(request)}
    return HttpResponse(loader.render_to_string("400.html", context), status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form came back without its token, most often because it was open for hours."""
    return render(request, "403.html", {"csrf_failed": True}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: they would load the session and the signed-in user, and the
    # database that holds them may be the very thing that failed.
    # The networks' names come from memory, or plain words if they were never read.
    context = {**service(request), **network(request)}
    return HttpResponse(loader.render_to_string("500.html", context), status=500)
