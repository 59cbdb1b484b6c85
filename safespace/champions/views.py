"""The champion pool for lead champions, and the pages every champion uses for themselves."""

from __future__ import annotations

import datetime
from typing import cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from safespace.accounts import roles
from safespace.accounts.models import Membership, Network, User
from safespace.accounts.who import last_changed_by
from safespace.audit.actions import AuditAction
from safespace.cases.models import ChampionProfile
from safespace.champions import services
from safespace.champions.forms import (
    AcceptForm,
    AdvanceForm,
    ApplicationForm,
    ProfileForm,
    RecordReviewForm,
    ReviewForm,
    TermsForm,
    TrainingForm,
    WellbeingForm,
)
from safespace.champions.models import PIPELINE_NEXT, Application, Pipeline, Review
from safespace.champions.terms import current_terms
from safespace.lib import paging, versions
from safespace.policy import Action, can, network_ids_where


def _lead_network(request: HttpRequest) -> tuple[Network, list[Network]]:
    """The network a lead is looking at (?network=slug), among those they lead."""
    networks = services.lead_networks(cast(User, request.user))
    if not networks:
        raise Http404
    wanted = request.GET.get("network")
    chosen = next((n for n in networks if n.slug == wanted), networks[0])
    return chosen, networks


def _champion_or_404(request: HttpRequest, code: UUID) -> tuple[User, Membership]:
    """A champion of a network this lead leads; anyone else answers as if they did not exist."""
    leads = network_ids_where(request.user, Action.MANAGE_POOL)
    membership = (
        roles.memberships_in(leads, champions=True, active_only=False)
        .select_related("user", "user__directorate", "network")
        .filter(user__code=code)
        .first()
    )
    if membership is None or not can(request.user, Action.MANAGE_POOL, membership):
        raise Http404
    return membership.user, membership


def _application_or_404(request: HttpRequest, code: UUID) -> Application:
    application = Application.objects.filter(code=code).select_related("directorate").first()
    if application is None or not can(request.user, Action.MANAGE_POOL, application):
        raise Http404
    return application


def _review_or_404(request: HttpRequest, code: UUID) -> Review:
    review = Review.objects.filter(code=code).select_related("network").first()
    if review is None or not can(request.user, Action.MANAGE_POOL, review):
        raise Http404
    return review


@require_GET
def pool(request: HttpRequest) -> HttpResponse:
    network, networks = _lead_network(request)
    rows = services.pool(network)
    # Coverage counts every champion; the table shows a page of them.
    paged = paging.page_of(request, rows)
    context = {
        "network": network,
        "networks": networks,
        "rows": paged.rows,
        "paged": paged,
        "terms": current_terms(network.pk),
        "today": timezone.localdate(),
        "uncovered": [d for d, n in services.coverage(network, rows) if n == 0],
    }
    return render(request, "champions/pool.html", context)


@require_http_methods(["GET", "POST"])
def champion(request: HttpRequest, code: UUID) -> HttpResponse:
    person, membership = _champion_or_404(request, code)
    profile = ChampionProfile.objects.filter(user=person).first()
    initial = {
        "capacity": profile.capacity if profile else 3,
        "away_until": profile.away_until if profile else None,
        "background": profile.background if profile else "",
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    version = versions.of(*initial.values())
    context = {
        "person": person,
        "network": membership.network,
        "form": form,
        "training": list(person.training.all()),
        "training_form": TrainingForm(initial={"day": timezone.localdate()}),
        "version": version,
    }
    if request.method == "POST" and versions.changed_since_read(request, version):
        form.is_valid()  # what was typed is shown again as it was typed
        who = last_changed_by("champion", person.code, AuditAction.CHAMPION_PROFILE)
        away = cast(datetime.date | None, initial["away_until"])
        capacity = cast(int, initial["capacity"])
        words: dict[str, object] = {"who": who, "capacity": capacity}
        if away:
            words["away"] = date_format(away, "j F Y")
            changed = ngettext(
                "%(who)s changed this profile while you had this page open: it now says up to "
                "%(capacity)s open case at once, away until %(away)s.",
                "%(who)s changed this profile while you had this page open: it now says up to "
                "%(capacity)s open cases at once, away until %(away)s.",
                capacity,
            )
        else:
            changed = ngettext(
                "%(who)s changed this profile while you had this page open: it now says up to "
                "%(capacity)s open case at once, not away.",
                "%(who)s changed this profile while you had this page open: it now says up to "
                "%(capacity)s open cases at once, not away.",
                capacity,
            )
        context["changed"] = changed % words
        return render(request, "champions/champion.html", context, status=versions.STATUS)
    if request.method == "POST" and form.is_valid():
        services.update_profile(person, cast(User, request.user), **form.cleaned_data)
        messages.success(
            request, _("%(name)s's profile has been saved") % {"name": person.full_name}
        )
        return redirect("champions:champion", code=person.code)
    return render(request, "champions/champion.html", context)


@require_http_methods(["GET", "POST"])
def training(request: HttpRequest, code: UUID) -> HttpResponse:
    person, _membership = _champion_or_404(request, code)
    form = TrainingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            services.add_training(
                person, cast(User, request.user), data["course"], data["day"], data["hours"]
            )
        messages.success(request, _("Training recorded for %(name)s") % {"name": person.full_name})
        return redirect("champions:champion", code=person.code)
    return render(request, "champions/training.html", {"person": person, "form": form})


@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    network, networks = _lead_network(request)
    rows = services.coverage(network, services.pool(network))
    context = {"network": network, "networks": networks, "rows": rows}
    return render(request, "champions/coverage.html", context)


@require_GET
def workload(request: HttpRequest) -> HttpResponse:
    network, networks = _lead_network(request)
    paged = paging.page_of(request, services.pool(network))
    context = {
        "network": network,
        "networks": networks,
        "rows": paged.rows,
        "paged": paged,
        "heavy": services.heavy_cases(network),
        "case_threshold": settings.SAFESPACE_CASE_HOURS_THRESHOLD,
        "monthly_limit": settings.SAFESPACE_CHAMPION_MONTHLY_HOURS,
    }
    return render(request, "champions/workload.html", context)


@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    """A champion reads the Terms of Reference in force for each of their networks and accepts."""
    user = cast(User, request.user)
    networks = services.champion_networks(user)
    items = []
    for network in networks:
        current = current_terms(network.pk)
        accepted = current is not None and current.acceptances.filter(champion=user).first()
        items.append((network, current, accepted))
    form = AcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        wanted = request.POST.get("terms", "")
        target = next((c for _n, c, _a in items if c is not None and str(c.code) == wanted), None)
        if target is None:
            raise Http404
        if form.is_valid():
            services.accept_terms(user, target)
            messages.success(
                request, _("You have accepted version %(version)s") % {"version": target.version}
            )
            return redirect("champions:terms")
    context = {"items": items, "form": form, "is_lead": can(user, Action.MANAGE_POOL)}
    return render(request, "champions/terms.html", context)


@require_http_methods(["GET", "POST"])
def publish_terms(request: HttpRequest) -> HttpResponse:
    network, networks = _lead_network(request)
    current = current_terms(network.pk)
    initial = {"body": current.body} if current else None
    form = TermsForm(request.POST if request.method == "POST" else None, initial=initial)
    version = versions.of(current.version if current else 0)
    context = {
        "network": network,
        "networks": networks,
        "form": form,
        "current": current,
        "version": version,
    }
    if request.method == "POST" and current and versions.changed_since_read(request, version):
        # Publishing over a version this lead never saw would silently replace it.
        form.is_valid()
        who = last_changed_by("terms", current.code, AuditAction.TERMS_PUBLISH)
        context["changed"] = _(
            "%(who)s published version %(version)s while you had this page open. It is shown "
            "below your words."
        ) % {"who": who, "version": current.version}
        return render(request, "champions/publish_terms.html", context, status=versions.STATUS)
    if request.method == "POST" and form.is_valid():
        new = services.publish_terms(network, form.cleaned_data["body"], cast(User, request.user))
        messages.success(
            request,
            _("Version %(version)s is published; every champion will be asked to accept it")
            % {"version": new.version},
        )
        return redirect(reverse("champions:pool") + f"?network={network.slug}")
    return render(request, "champions/publish_terms.html", context)


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Public: anyone on the staff can say they would like to become a champion."""
    network = Network.objects.order_by("pk").first()
    if network is None:
        raise Http404
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.apply(network, data["full_name"], data["email"], data["directorate"], data["why"])
        return redirect("champions:applied")
    return render(request, "champions/apply.html", {"form": form, "network": network})


@require_GET
def applied(request: HttpRequest) -> HttpResponse:
    return render(request, "champions/applied.html")


@require_GET
def pipeline(request: HttpRequest) -> HttpResponse:
    network, networks = _lead_network(request)
    applications = list(Application.objects.filter(network=network).select_related("directorate"))
    columns = [
        (status, [a for a in applications if a.status == status.value]) for status in Pipeline
    ]
    context = {"network": network, "networks": networks, "columns": columns}
    return render(request, "champions/pipeline.html", context)


@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, code: UUID) -> HttpResponse:
    found = _application_or_404(request, code)
    allowed = PIPELINE_NEXT[found.status]
    version = versions.of(found.status)
    if request.method == "POST" and versions.changed_since_read(request, version):
        # Moved on in another tab: the choices this page offered may no longer apply.
        who = last_changed_by("application", found.code, "application.")
        context = {
            "application": found,
            "form": AdvanceForm(allowed=allowed),
            "version": version,
            "changed": _(
                "%(who)s moved this application to “%(status)s” while you had this page open."
            )
            % {"who": who, "status": _(found.get_status_display())},
        }
        return render(request, "champions/application.html", context, status=versions.STATUS)
    form = AdvanceForm(request.POST if request.method == "POST" else None, allowed=allowed)
    if request.method == "POST" and allowed and form.is_valid():
        services.advance(found, form.cleaned_data["status"], cast(User, request.user))
        messages.success(
            request,
            _("%(name)s is now “%(status)s”")
            % {"name": found.full_name, "status": _(found.get_status_display())},
        )
        return redirect(reverse("champions:pipeline") + f"?network={found.network.slug}")
    context = {"application": found, "form": form, "version": version}
    return render(request, "champions/application.html", context)


@require_http_methods(["GET", "POST"])
def reviews(request: HttpRequest) -> HttpResponse:
    network, networks = _lead_network(request)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        review = services.schedule_review(
            network, form.starts(), form.cleaned_data["place"], cast(User, request.user)
        )
        messages.success(request, _("The monthly review is scheduled and its agenda is ready"))
        return redirect("champions:review", code=review.code)
    month = services.month_start(timezone.localdate())
    context = {
        "network": network,
        "networks": networks,
        "form": form,
        "reviews": list(Review.objects.filter(network=network)[:24]),
        "wellbeing": services.wellbeing_summary(network, month),
    }
    return render(request, "champions/reviews.html", context)


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, code: UUID) -> HttpResponse:
    found = _review_or_404(request, code)
    champions = list(roles.champions(found.network).order_by("full_name"))
    initial = {
        "attendees": [str(pk) for pk in found.attendees.values_list("pk", flat=True)],
        "minutes": found.minutes,
    }
    form = RecordReviewForm(
        request.POST if request.method == "POST" else None, initial=initial, champions=champions
    )
    version = versions.of(sorted(initial["attendees"]), initial["minutes"])
    context = {"review": found, "form": form, "version": version}
    if request.method == "POST" and versions.changed_since_read(request, version):
        # Saved from another tab meanwhile: the minutes shown there are the newer ones.
        form.is_valid()  # what was typed is shown again as it was typed
        who = last_changed_by("review", found.code, AuditAction.REVIEW_RECORD)
        context["changed"] = _(
            "%(who)s saved the attendance and minutes while you had this page open. Open the "
            "review again to read them before you replace them with what you typed."
        ) % {"who": who}
        return render(request, "champions/review.html", context, status=versions.STATUS)
    if request.method == "POST" and form.is_valid():
        chosen = {int(pk) for pk in form.cleaned_data["attendees"]}
        services.record_review(
            found,
            [c for c in champions if c.pk in chosen],
            form.cleaned_data["minutes"],
            cast(User, request.user),
        )
        messages.success(request, _("Attendance and minutes saved"))
        return redirect("champions:review", code=found.code)
    return render(request, "champions/review.html", context)


@require_http_methods(["GET", "POST"])
def wellbeing(request: HttpRequest) -> HttpResponse:
    """A champion's private monthly check-in; the lead only ever sees the month's totals."""
    user = cast(User, request.user)
    networks = services.champion_networks(user)
    if not networks:
        raise Http404
    network = networks[0]
    done = services.has_checked_in(user, network)
    form = WellbeingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not done and form.is_valid():
        wants_support = form.cleaned_data["wants_support"] == "yes"
        services.check_in(user, network, form.cleaned_data["feeling"], wants_support)
        messages.success(request, _("Thank you. Your answer is counted without your name"))
        return redirect("champions:wellbeing")
    return render(request, "champions/wellbeing.html", {"form": form, "done": done})
