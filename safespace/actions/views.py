"""A senior manager's actions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    # Action plans arrive with meetings; until then a manager owns none.
    return render(request, "actions/list.html", {"actions": []})
