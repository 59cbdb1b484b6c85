"""Erasing an anonymous concern at its raiser's request, at once (their right to erasure).

Only the raiser of an anonymous concern erases it here: they are the only person who can be
sure it is theirs. A concern given with a name is erased by the data protection officer, whom
the page names. Erasing destroys the concern's key, so nothing of it can be read again, in
any copy or backup; its case row stays, with no words, for the anonymous figures. A concern
still being worked on is withdrawn first: its champions' work on it ends. A held
concern that nobody was allowed to read is deleted outright, as withdrawing it would.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safespace.aftercare import services as aftercare
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case, Stage
from safespace.cases.services import hold as case_hold
from safespace.cases.services import sealed as case_sealed
from safespace.cases.services import stages
from safespace.cases.services.shred import shred_case
from safespace.lib.confidential import confidential
from safespace.policy import RAISER_CASE, RAISER_SINCE, raiser_page


@confidential
@require_http_methods(["GET", "POST"])
@raiser_page
def erase(request: HttpRequest, case: Case) -> HttpResponse:
    if not case.anonymous:
        context = {"case": case, "dpo_contact": settings.SAFESPACE_DPO_CONTACT}
        return render(request, "concerns/erase_named.html", context)
    if request.method != "POST":
        return render(request, "concerns/erase.html", {"case": case})
    if case.stage == Stage.HELD:
        case_hold.discard_held(case)
    else:
        with transaction.atomic():
            audit_case(None, AuditAction.CASE_ERASE, case, role=case_sealed.RAISER)
            # Still being worked on: it stops, as if withdrawn, so no champion goes on with a
            # concern nobody can read, and the figures count it as withdrawn.
            if stages.can_withdraw(case):
                aftercare.withdraw(case)
            # The receipt and passphrase open nothing any more.
            shred_case(case, None, role=case_sealed.RAISER)
    # Nothing is left for this browser to open.
    request.session.pop(RAISER_CASE, None)
    request.session.pop(RAISER_SINCE, None)
    return render(request, "concerns/erased.html")
