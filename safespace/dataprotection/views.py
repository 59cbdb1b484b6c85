"""The data protection officer's pages: find a person's named concerns, export one, erase one.

Each page asks the one access policy; a concern the officer may not act on (another network's,
or an anonymous one, which its raiser answers for with their receipt) is a 404, as if it did
not exist.
"""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from safespace.accounts.models import User
from safespace.cases.models import Case
from safespace.concerns.copy import readable
from safespace.dataprotection import services
from safespace.dataprotection.forms import EraseForm, SearchForm
from safespace.dataprotection.models import Erasure
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS
from safespace.lib import pdf
from safespace.lib.confidential import confidential
from safespace.policy import Action, can, get_case_or_404, network_ids_where


def _officer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the policy middleware lets only a signed-in officer in
        raise Http404
    return user


SIGNED_IN = "Raised while signed in as "


def _how(how: str) -> str:
    """What matched, in the reader's language: safespace/cases/services/subject.py says it in
    English, as the audit and the data do."""
    if how.startswith(SIGNED_IN):
        return gettext("Raised while signed in as %(email)s") % {"email": how[len(SIGNED_IN) :]}
    if how == "The email is in the contact details given":
        return gettext("The email is in the contact details given")
    if how == "The name given with the concern":
        return gettext("The name given with the concern")
    return how


@confidential
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        _, found = services.search(_officer(request), person, form.cleaned_data["reason"])
        found = [dataclasses.replace(match, how=_how(match.how)) for match in found]
        return render(request, "dataprotection/results.html", {"person": person, "found": found})
    return render(request, "dataprotection/search.html", {"form": form})


@require_GET
def concern(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.SUBJECT_ACCESS)
    context: dict[str, Any] = {
        "case": case,
        "may_erase": can(request.user, Action.ERASE_ON_REQUEST, case),
    }
    return render(request, "dataprotection/concern.html", context)


def _attachment(response: HttpResponse, case: Case, kind: str) -> HttpResponse:
    name = f"subject-access-{case.reference}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@confidential
@require_GET
def export(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.SUBJECT_ACCESS)
    copy, places = services.marked_export(case, _officer(request))
    copy["review_before_release"] = places
    response = JsonResponse(copy, json_dumps_params={"indent": 2, "ensure_ascii": False})
    return _attachment(response, case, "json")


@confidential
@require_GET
def export_pdf(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.SUBJECT_ACCESS)
    copy = services.export(case, _officer(request), when=readable)
    parties = [
        {
            "name": gettext(p["name"]) if p["name"] == services.DIRECTOR else p["name"],
            "part": gettext(p["part"]),
        }
        for p in copy["third_parties"]
    ]
    context = {
        "copy": copy,
        "held": copy["concern"],
        "third_parties": parties,
        "before_release": gettext(services.BEFORE_RELEASE) % {"review": gettext(services.REVIEW)},
        "review": gettext(services.REVIEW),
    }
    document = pdf.render_pdf("dataprotection/pdf/export.html", context)
    return _attachment(HttpResponse(document, content_type="application/pdf"), case, "pdf")


def _erasable(request: HttpRequest, code: uuid.UUID) -> tuple[Case | None, Erasure | None]:
    """The concern, while it can still be read; otherwise the record of its erasure, if there
    is one. Anything the officer may not erase is a 404."""
    case = Case.objects.select_related("network").filter(code=code).first()
    if case is None:
        erasure = _erasure_or_none(request, code)
        if erasure is None:
            raise Http404  # never here, or a held concern its raiser discarded
        return None, erasure
    if not can(request.user, Action.ERASE_ON_REQUEST, case):
        raise Http404
    if CaseKey.objects.using(KEYS).filter(case_code=case.code).exists():
        return case, None
    return None, Erasure.objects.filter(case_code=case.code).first()


def _erasure_or_none(request: HttpRequest, code: uuid.UUID) -> Erasure | None:
    networks = network_ids_where(request.user, Action.FIND_PERSON)
    return Erasure.objects.filter(case_code=code, network_id__in=networks).first()


@confidential
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    case, erasure = _erasable(request, code)
    if case is None:
        if erasure is not None and request.method == "POST":
            # Sent again from a tab that did not see the first: the same answer as the first.
            return redirect("dataprotection:erased", code=code)
        return render(request, "dataprotection/already_erased.html", {"erasure": erasure})
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Erased meanwhile, from another tab: the same answer as if this had done it.
        with contextlib.suppress(services.AlreadyErased):
            services.erase(case, _officer(request), form.cleaned_data["reason"])
        return redirect("dataprotection:erased", code=code)
    return render(request, "dataprotection/erase.html", {"case": case, "form": form})


@require_GET
def erased(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    erasure = _erasure_or_none(request, code)
    if erasure is None:
        raise Http404
    return render(request, "dataprotection/erased.html", {"erasure": erasure})
