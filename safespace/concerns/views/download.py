"""The raiser's copy of everything held about their concern, as JSON or a PDF, to keep.

What it holds is assembled in safespace/concerns/copy.py; the download itself is recorded.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case
from safespace.cases.services import sealed as case_sealed
from safespace.concerns.copy import everything_held, readable
from safespace.lib import pdf
from safespace.lib.confidential import confidential
from safespace.policy import raiser_page


def _attachment(response: HttpResponse, case: Case, kind: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="safe-space-{case.reference}.{kind}"'
    return response


@confidential
@require_GET
@raiser_page
def download_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    """The same copy as a document a person can read and print."""
    held = everything_held(case, when=readable)
    audit_case(None, AuditAction.CASE_COPY_READ, case, role=case_sealed.RAISER)
    document = pdf.render_pdf("concerns/pdf/copy.html", {"held": held})
    return _attachment(HttpResponse(document, content_type="application/pdf"), case, "pdf")


@confidential
@require_GET
@raiser_page
def download(request: HttpRequest, case: Case) -> HttpResponse:
    held = everything_held(case)
    audit_case(None, AuditAction.CASE_COPY_READ, case, role=case_sealed.RAISER)
    response = JsonResponse(held, json_dumps_params={"indent": 2, "ensure_ascii": False})
    return _attachment(response, case, "json")
