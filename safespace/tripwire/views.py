"""HR sends events in (an upload page and an API); the raiser can stop being watched."""

from __future__ import annotations

import json
from typing import cast

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from safespace.accounts import once
from safespace.accounts.models import User
from safespace.cases.models import Case
from safespace.policy import Action, raiser_page, token_can
from safespace.tripwire import importer, services, tokens
from safespace.tripwire.forms import HREventFileForm

# Enough to fix a file from; a wrong column can make every line fail.
ERRORS_SHOWN = 100
# One request's worth; a bigger export is sent in several.
API_MAX_ROWS = 5000
API_MAX_BYTES = 2 * 1024 * 1024


@once.outside_transaction  # the import writes in slices of its own
@require_http_methods(["GET", "POST"])
def import_events(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = HREventFileForm(request.POST, request.FILES)
    else:
        form = HREventFileForm()
    result = None
    if request.method == "POST" and form.is_valid():
        result = importer.import_csv(form.cleaned_data["file"], actor=cast(User, request.user))
        if not result.problems:
            messages.success(request, importer.summary(result))
            return redirect("tripwire:import")
        if result.accepted:
            once.spend(request)  # the good rows are in: the same send again adds nothing
        problems = len(result.problems)
        for problem in result.problems[:ERRORS_SHOWN]:
            form.add_error(None, problem)
        if problems > ERRORS_SHOWN:
            form.add_error(None, f"And {problems - ERRORS_SHOWN} more problems")
        form.add_error(
            "file",
            "Fix the rows listed and upload a file of only those rows"
            if result.accepted
            else "Nothing was imported. Fix the file and upload it again",
        )
    return render(
        request,
        "tripwire/import.html",
        {"form": form, "result": result, "summary": importer.summary(result) if result else ""},
    )


def _refuse(status: int, error: str) -> JsonResponse:
    response = JsonResponse({"error": error}, status=status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="safespace"'
    return response


@csrf_exempt  # a machine's call with a bearer token: no cookie, so nothing to forge
@require_POST
def api_import(request: HttpRequest) -> HttpResponse:
    """POST {"rows": [{"employee_number": …, "event": …, "date": …}, …]} with a bearer token.

    The answer is the same whether or not any row is about someone who spoke up: how many
    rows were accepted, and the problems with the others.
    """
    holder = tokens.bearer(request)
    if holder is None:
        return _refuse(401, "Send a valid API token: Authorization: Bearer <token>")
    if not token_can(holder, Action.IMPORT_HR_EVENTS):
        return _refuse(403, "This token's holder may not import HR events")
    too_big = _refuse(413, f"Send at most {API_MAX_BYTES // (1024 * 1024)} MB in one request")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > API_MAX_BYTES:
        return too_big  # said before reading a byte of it
    try:
        raw = request.body
    except RequestDataTooBig:
        return too_big
    if len(raw) > API_MAX_BYTES:
        return too_big
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: brackets nested thousands deep are not a list of rows either.
        return _refuse(400, 'Send JSON: {"rows": [{"employee_number", "event", "date"}, …]}')
    rows = body.get("rows") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        return _refuse(400, 'Send JSON: {"rows": [{"employee_number", "event", "date"}, …]}')
    if len(rows) > API_MAX_ROWS:
        return _refuse(413, f"Send at most {API_MAX_ROWS} rows in one request")
    result = importer.import_records(rows, actor=holder)
    return JsonResponse(
        {
            "accepted": result.accepted,
            "problems": result.problems,
            "summary": importer.summary(result),
        }
    )


@require_POST
@raiser_page
def stop_watching(request: HttpRequest, case: Case) -> HttpResponse:
    services.stop_watching(case)
    messages.success(request, "We will no longer watch for an HR process starting against you")
    return redirect("concerns:case")
