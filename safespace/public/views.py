"""The pages anyone can read: what the clinic is, privacy, accessibility, and health."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


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
        "retention": settings.SAFESPACE_RETENTION,
    }
    return render(request, "public/privacy.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request, "public/accessibility.html", {"tested_on": settings.SAFESPACE_ACCESSIBILITY_TESTED}
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
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


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
