"""HR sends events in (an upload page and an API); the raiser can stop being watched."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from safespace.accounts import once
from safespace.cases.models import Case
from safespace.lib.csvfile import upload_page
from safespace.policy import Action, raiser_page, token_can
from safespace.tripwire import importer, services, tokens
from safespace.tripwire.forms import HREventFileForm

# One request's worth; a bigger export is sent in several.
API_MAX_ROWS = 5000
API_MAX_BYTES = 2 * 1024 * 1024


@once.outside_transaction  # the import writes in slices of its own
@require_http_methods(["GET", "POST"])
def import_events(request: HttpRequest) -> HttpResponse:
    return upload_page(
        request,
        importer.CSV,
        HREventFileForm,
        "tripwire/import.html",
        "tripwire:import",
        spend=once.spend,
    )


# This address gave way to /api/v1/hr-events (safespace/api): it keeps working, and every
# answer says so, in the header RFC 9745 names and in the JSON, for whoever reads either.
DEPRECATED_ON = datetime.datetime(2026, 12, 4, tzinfo=datetime.UTC)
DEPRECATED = (
    "This address is deprecated: send HR events to {successor} with a token an administrator "
    "makes on the configuration site"
)


def deprecated(
    view: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        response = view(request)
        successor = reverse("api:hr_events")
        response.headers["Deprecation"] = f"@{int(DEPRECATED_ON.timestamp())}"
        response.headers["Link"] = f'<{successor}>; rel="successor-version"'
        if isinstance(response, JsonResponse):
            body = json.loads(response.content)
            body["deprecated"] = DEPRECATED.format(successor=successor)
            response.content = json.dumps(body).encode()
        return response

    return wrapped


def _refuse(status: int, error: str) -> JsonResponse:
    response = JsonResponse({"error": error}, status=status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="safespace"'
    return response


@csrf_exempt  # a machine's call with a bearer token: no cookie, so nothing to forge
@deprecated
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
    messages.success(request, _("We will no longer watch for an HR process starting against you"))
    return redirect("concerns:case")
