"""Coming back to a concern (/track/) with its receipt code and passphrase, and leaving."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safespace.cases.models import Case
from safespace.cases.services import lookup
from safespace.concerns import drafts, ratelimit
from safespace.concerns.forms import TrackForm
from safespace.lib import receipts
from safespace.lib.confidential import confidential
from safespace.policy import SESSION_ENDED, enter_case

TRACK_FAILED = _("Enter a receipt code and passphrase that match. Check them and try again")


@confidential
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST if request.method == "POST" else None)
    ended = request.session.pop(SESSION_ENDED, "") if request.method == "GET" else ""
    if request.method == "POST":
        wait = ratelimit.blocked(request)
        if wait:
            return render(
                request, "concerns/track.html", {"form": TrackForm(), "wait": wait}, status=429
            )
        if form.is_valid():
            code = receipts.parse_code(form.cleaned_data["receipt"]) or ""
            wait = ratelimit.blocked(request, receipt=code)
            if wait:
                context = {"form": TrackForm(), "wait": wait}
                return render(request, "concerns/track.html", context, status=429)
            # A malformed code costs the same work as a wrong one: timing reveals nothing.
            case = lookup.find_by_receipt(code, form.cleaned_data["passphrase"])
            if case is not None:
                # Their emails follow the language they came back in.
                language = translation.get_language() or ""
                Case.objects.filter(pk=case.pk).exclude(language=language).update(language=language)
                enter_case(request, case)
                return redirect("concerns:case")
            ratelimit.count(request, receipt=code)
            form.add_error("receipt", TRACK_FAILED)
    context = {"form": form, "ended": ended, "lost_post": ended == "post"}
    return render(request, "concerns/track.html", context)


@require_GET
def exit_page(request: HttpRequest) -> HttpResponse:
    """ "Exit this page": end the raiser's session and their draft, then go somewhere neutral.

    A link, so it works without JavaScript and at once; whoever sits down at this browser next
    finds the sign-in page at /track/ and an empty form at /raise/, not the story.
    """
    drafts.forget(request)
    request.session.flush()
    response = redirect(settings.SAFESPACE_EXIT_URL)
    response.delete_cookie(drafts.COOKIE, samesite="Strict")
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    response = render(request, "concerns/left.html")
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
