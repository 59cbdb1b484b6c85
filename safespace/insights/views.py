"""Reports on the clinic's work: the insight dashboard and its tables as files to download.

Nothing here reads a case: every figure is an aggregate from safespace/insights/figures.py,
published through disclosure control unless the viewer is the lead champion of the network
in the report. Controlled figures come for one network and one financial quarter that has
ended (safespace/insights/forms.py), so that no two can be subtracted. Each page view and
download is still an audit event: who looked, at which network, over which period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlencode

from django import forms as django_forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from safespace.accounts.models import Network, User
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record_many
from safespace.insights import exports, figures
from safespace.insights.charts import bar_chart
from safespace.insights.disclosure import NO_DATA, publish
from safespace.insights.figures import Scope
from safespace.insights.forms import ONE_UNIT, FilterForm
from safespace.insights.tables import Counts, Published
from safespace.policy import Action, acting_role, network_ids_where, networks_where

# The dashboard's sections in order: the table's key and the heading in the contents list.
SECTIONS = (
    (figures.KEY_FIGURES, _("At a glance")),
    ("by-month", _("Concerns by month")),
    ("by-theme", _("Themes")),
    ("by-directorate", _("Directorates")),
    ("by-channel", _("How concerns were raised")),
    ("by-stage", _("Stages")),
    ("by-outcome", _("Outcomes")),
    ("champion-hours", _("Champions' time")),
    ("accountability", _("Action plans: the scorecard")),
    ("felt-heard", _("Did people feel heard?")),
    ("speak-up-again", _("Would people speak up again?")),
    ("detriment", _("Detriment since speaking up")),
)
# Tables a bar chart would mislead on: figures in different units side by side.
NO_CHART = {figures.KEY_FIGURES, "champion-hours"}

# Each download: how it is written and its content type. The templates word each link whole,
# by the download's key.
EXPORTS = {
    "csv": (exports.as_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        exports.as_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@dataclass(frozen=True)
class Viewer:
    """The networks someone may see insights for, and those they may see exactly (they lead)."""

    user: User
    networks: list[Network]
    leads: set[int]

    def exact(self, scope: Scope) -> bool:
        """Exact figures only for the lead champion of every network in the report."""
        return bool(scope.networks) and all(n.pk in self.leads for n in scope.networks)

    def role(self, scope: Scope) -> str:
        """The strongest role they look in, for the audit trail."""
        role = acting_role(self.user, Action.VIEW_INSIGHTS, [n.pk for n in scope.networks])
        if role is None:
            raise Http404
        return role


def viewer_of(request: HttpRequest) -> Viewer:
    user = cast(User, request.user)
    return Viewer(
        user=user,
        networks=list(networks_where(user, Action.VIEW_INSIGHTS)),
        leads=set(network_ids_where(user, Action.VIEW_EXACT_FIGURES)),
    )


def _filter(request: HttpRequest, viewer: Viewer) -> FilterForm:
    """The filter as asked; by default the first network the viewer leads, over the last 12
    months, or else their first network over the latest quarter that has ended."""
    if not viewer.networks:
        raise Http404
    return FilterForm(
        request.GET, networks=viewer.networks, leads=viewer.leads, today=timezone.localdate()
    )


def period_label(scope: Scope) -> str:
    return gettext("%(start)s to %(end)s") % {
        "start": date_format(scope.start, "j F Y"),
        "end": date_format(scope.end, "j F Y"),
    }


def audit_view(viewer: Viewer, scope: Scope, action: AuditAction, what: str) -> None:
    """One event per network in the report: who, which network, the period, and what."""
    record_many(
        actor_code=str(viewer.user.code),
        actor_role=viewer.role(scope),
        action=action,
        object_type=what,
        object_codes=[str(network.code) for network in scope.networks],
        detail=f"{scope.start:%Y%m%d}-{scope.end:%Y%m%d}",
    )


def _table(key: str, scope: Scope, exact: bool, counted: dict[str, Counts]) -> Published:
    if key == figures.KEY_FIGURES:
        return figures.key_figures(scope, exact=exact, hours=counted.get("champion-hours"))
    counts = counted.get(key) or figures.TABLES[key](scope)
    return publish(counts, exact=exact, threshold=scope.threshold)


def _controlled(table: Published) -> bool:
    """Whether disclosure control hid anything: a figure with no data to give hides nothing."""
    shown = [f for _, row in table.rows for f in row] + [*table.row_totals, *table.column_totals]
    return any(figure.withheld and figure.text != NO_DATA for figure in shown)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    table: Published
    chart: SafeString | None
    downloads: list[tuple[str, str]]  # (the file's kind, "csv" or "xlsx"; its address)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Every figure for the chosen period and networks: chart, table and downloads for each."""
    viewer = viewer_of(request)
    form = _filter(request, viewer)
    context: dict[str, object] = {
        "form": form,
        "several_networks": len(viewer.networks) > 1,
        "one_unit": ONE_UNIT,
    }
    if not form.is_valid():
        return render(request, "insights/home.html", context)
    scope = form.scope()
    exact = viewer.exact(scope)
    threshold = scope.threshold
    counted = {key: figure(scope) for key, figure in figures.TABLES.items()}
    filters = urlencode(form.as_query())
    sections = []
    for key, heading in SECTIONS:
        table = _table(key, scope, exact, counted)
        sections.append(
            Section(
                key=key,
                heading=str(heading),
                table=table,
                chart=None if key in NO_CHART else bar_chart(table),
                downloads=[
                    (kind, f"{reverse('insights:export', args=[key, kind])}?{filters}")
                    for kind in EXPORTS
                ],
            )
        )
    audit_view(viewer, scope, AuditAction.INSIGHTS_READ, "insights")
    context.update(
        {
            "scope": scope,
            "period": period_label(scope),
            "exact": exact,
            "sections": sections,
            "controlled": any(_controlled(s.table) for s in sections),
            "threshold": threshold,
            "threshold_below": threshold - 1,
        }
    )
    return render(request, "insights/home.html", context)


def cannot_download(form: django_forms.Form, sentence: str) -> HttpResponse:
    """A file was asked for with a choice that is not valid, so no page comes back: a short
    answer saying what to fix and where (`sentence`, with the problems as %(problems)s), and
    nothing counted."""
    problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return HttpResponseBadRequest(
        sentence % {"problems": problems} + "\n",
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def export(request: HttpRequest, key: str, kind: str) -> HttpResponse:
    """One table as a file, under the same disclosure control as on the page."""
    if key not in figures.TABLES and key != figures.KEY_FIGURES:
        raise Http404
    write: Callable[[Published], bytes]
    write, content_type = EXPORTS[kind]
    viewer = viewer_of(request)
    form = _filter(request, viewer)
    if not form.is_valid():
        return cannot_download(
            form,
            gettext(
                "This download could not be made: %(problems)s. Choose the period on the "
                "insights page and download it from there."
            ),
        )
    scope = form.scope()
    table = _table(key, scope, viewer.exact(scope), {})
    audit_view(viewer, scope, AuditAction(f"insights.{kind}"), key)
    response = HttpResponse(write(table), content_type=content_type)
    name = exports.filename(table, kind, period_label(scope))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
