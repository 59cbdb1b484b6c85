"""The evaluation report and the quarterly Freedom to Speak Up return: choose, write, download.

Who sees which networks, and who sees exact figures, is decided as on the dashboard (the
lead champion of a network sees it exactly; everyone else through disclosure control), and
every view and download is an audit event there too.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from safespace.accounts.models import Network
from safespace.audit.actions import AuditAction
from safespace.insights import exports, ftsu, report
from safespace.insights.figures import Scope
from safespace.insights.forms import ONE_UNIT, QUARTERS_OFFERED, asked_network
from safespace.insights.ftsu import Quarter
from safespace.insights.models import ReportNarrative
from safespace.insights.report_forms import (
    SECTION_LENGTH,
    NarrativeForm,
    PeriodForm,
    QuarterForm,
)
from safespace.insights.views import EXPORTS, Viewer, audit_view, cannot_download, viewer_of
from safespace.policy import Action, can

RECENT_QUARTERS = 8
ReportForm = PeriodForm | QuarterForm


def _asked(request: HttpRequest) -> dict[str, str]:
    """The query as one value per name (the last, as a form field reads it)."""
    return {name: request.GET.get(name) or "" for name in request.GET}


def _period(
    request: HttpRequest, viewer: Viewer, networks: list[Network] | None = None
) -> ReportForm:
    """The network and period as asked. For a network the viewer leads, a run of months, by
    default the last six; for any other, one quarter that has ended, by default the latest,
    so that no two reports with controlled figures overlap."""
    networks = viewer.networks if networks is None else networks
    if not networks:
        raise Http404
    today = timezone.localdate()
    data = _asked(request)
    network = asked_network(data, networks, viewer.leads)
    if network is not None:
        data["network"] = network.slug
    if network is not None and network.pk in viewer.leads:
        if not any(name.startswith(("start_", "end_")) for name in data):
            quarter = Quarter.parse(data.get("quarter", ""))
            start, end = (quarter.start, quarter.end) if quarter else PeriodForm.default(today)
            data.update(PeriodForm.query(network, start, end))
        return PeriodForm(data, networks=networks, today=today)
    quarters = ftsu.completed_quarters(today, QUARTERS_OFFERED)
    data.setdefault("quarter", quarters[0].slug)
    data["quarter"] = data["quarter"].strip().lower() or quarters[0].slug
    return QuarterForm(data, networks=networks, quarters=quarters, default=quarters[0])


def _report_address(name: str, form: ReportForm) -> str:
    network = form.chosen_network()
    if isinstance(form, QuarterForm):
        query = {"network": network.slug, "quarter": form.chosen_quarter().slug}
    else:
        query = PeriodForm.query(network, *form.period())
    return f"{reverse(name)}?{urlencode(query)}"


def _may_write(request: HttpRequest, network: Network) -> bool:
    return can(request.user, Action.WRITE_REPORT, ReportNarrative(network=network))


@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    """Choose a network and period; see whether the lead has written their sections; download."""
    viewer = viewer_of(request)
    form = _period(request, viewer)
    context: dict[str, object] = {
        "form": form,
        "several_networks": len(viewer.networks) > 1,
        "one_unit": ONE_UNIT,
    }
    if form.is_valid():
        network = form.chosen_network()
        start, end = form.period()
        context.update(
            {
                "network": network,
                "label": report.period_label(start, end),
                "exact": viewer.exact(Scope((network,), start, end)),
                "narrative": report.narrative_for(network, start, end),
                "may_write": _may_write(request, network),
                "pdf_address": _report_address("insights:report_pdf", form),
                "write_address": _report_address("insights:report_write", form),
            }
        )
    return render(request, "insights/report.html", context)


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The report as a tagged PDF, exact only for the network's lead champion."""
    viewer = viewer_of(request)
    form = _period(request, viewer)
    if not form.is_valid():
        return redirect(f"{reverse('insights:report')}?{request.GET.urlencode()}")
    network = form.chosen_network()
    start, end = form.period()
    scope = Scope((network,), start, end)
    built = report.build(network, start, end, exact=viewer.exact(scope))
    pdf = report.render_pdf(built)
    audit_view(viewer, scope, AuditAction.INSIGHTS_REPORT, "report")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{built.filename()}"'
    return response


@require_http_methods(["GET", "POST"])
def report_write(request: HttpRequest) -> HttpResponse:
    """The lead champion writes the learning points, what went well and next steps."""
    viewer = viewer_of(request)
    form = _period(request, viewer, [n for n in viewer.networks if n.pk in viewer.leads])
    if not form.is_valid():
        return redirect(f"{reverse('insights:report')}?{request.GET.urlencode()}")
    network = form.chosen_network()
    if not _may_write(request, network):
        raise Http404
    start, end = form.period()
    label = report.period_label(start, end)
    narrative = report.narrative_for(network, start, end)
    initial = (
        {name: getattr(narrative, name) for name in report.NARRATIVE_FIELDS} if narrative else {}
    )
    writing = NarrativeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and writing.is_valid():
        report.save_narrative(network, start, end, writing.cleaned_data, viewer.user)
        messages.success(
            request,
            gettext("Your sections of the %(network)s report for %(period)s are saved")
            % {"network": network.name, "period": label},
        )
        return redirect(_report_address("insights:report", form))
    context = {
        "form": writing,
        "network": network,
        "label": label,
        "narrative": narrative,
        "report_address": _report_address("insights:report", form),
        "limit": f"{SECTION_LENGTH:,}",
    }
    return render(request, "insights/report_write.html", context)


def _quarter(request: HttpRequest, viewer: Viewer) -> QuarterForm:
    """The network and quarter as asked; by default the network the viewer leads, or else
    their first, and the last whole quarter, since a return is made once its quarter has
    ended. Only the lead champion of the network may ask for the quarter still running: it
    grows day by day, and two controlled returns for it would difference to a day's concerns."""
    if not viewer.networks:
        raise Http404
    today = timezone.localdate()
    data = _asked(request)
    network = asked_network(data, viewer.networks, viewer.leads)
    if network is not None:
        data["network"] = network.slug
    ended = ftsu.completed_quarters(today, RECENT_QUARTERS)
    exact = network is not None and network.pk in viewer.leads
    quarters = ftsu.recent_quarters(today, RECENT_QUARTERS) if exact else ended
    data["quarter"] = data.get("quarter", "").strip().lower() or ended[0].slug
    return QuarterForm(data, networks=viewer.networks, quarters=quarters, default=ended[0])


def _return(form: QuarterForm, viewer: Viewer) -> tuple[ftsu.FtsuReturn, Scope]:
    network, quarter = form.chosen_network(), form.chosen_quarter()
    scope = Scope((network,), quarter.start, quarter.end)
    return ftsu.build(network, quarter, exact=viewer.exact(scope)), scope


@require_GET
def ftsu_page(request: HttpRequest) -> HttpResponse:
    """The quarter's Freedom to Speak Up return for one network, ready to copy or download."""
    viewer = viewer_of(request)
    form = _quarter(request, viewer)
    network = asked_network(_asked(request), viewer.networks, viewer.leads)
    context: dict[str, object] = {
        "form": form,
        "several_networks": len(viewer.networks) > 1,
        "one_unit": ONE_UNIT,
        "exact_choice": network is not None and network.pk in viewer.leads,
    }
    if not form.is_valid():
        return render(request, "insights/ftsu.html", context)
    returned, scope = _return(form, viewer)
    audit_view(viewer, scope, AuditAction.INSIGHTS_FTSU, "ftsu")
    query = urlencode({"network": returned.network.slug, "quarter": returned.quarter.slug})
    context.update(
        {
            "returned": returned,
            # The network's own threshold, which may be higher than the service's 5.
            "threshold": scope.threshold,
            "threshold_below": scope.threshold - 1,
            "downloads": [
                (kind, f"{reverse(f'insights:ftsu_{kind}')}?{query}") for kind in EXPORTS
            ],
        }
    )
    return render(request, "insights/ftsu.html", context)


@require_GET
def ftsu_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The return as CSV or XLSX, under the same disclosure control as the page."""
    viewer = viewer_of(request)
    form = _quarter(request, viewer)
    if not form.is_valid():
        return cannot_download(
            form,
            gettext(
                "This download could not be made: %(problems)s. Choose the quarter on the "
                "Freedom to Speak Up page and download it from there."
            ),
        )
    returned, scope = _return(form, viewer)
    write, content_type = EXPORTS[kind]
    audit_view(viewer, scope, AuditAction(f"insights.ftsu.{kind}"), "ftsu")
    response = HttpResponse(write(returned.table), content_type=content_type)
    name = exports.filename(returned.table, kind, returned.network.name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
