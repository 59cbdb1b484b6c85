"""Casework pages for champions, lead champions and the Director of Wellbeing."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, cast
from uuid import UUID

from django import forms as django_forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safespace.accounts.models import Theme, User
from safespace.audit import chain
from safespace.audit.actions import AuditAction
from safespace.cases import assignment, attention, patterns
from safespace.cases.forms.casework import (
    AssignForm,
    DeclineForm,
    NoteForm,
    StageForm,
    ThemesForm,
    TimeForm,
)
from safespace.cases.forms.messages import MessageForm
from safespace.cases.models import Assignment, Attention, Case, Note, Stage, TimeEntry
from safespace.cases.services import assign as case_assign
from safespace.cases.services import casework as case_casework
from safespace.cases.services import hold as case_hold
from safespace.cases.services import messages as case_messages
from safespace.cases.services import notes as case_notes
from safespace.cases.services import reads, stages
from safespace.cases.timeline import timeline
from safespace.directory.models import StaffMember
from safespace.directory.reporting import chain_above, search
from safespace.keystore import crypto
from safespace.lib import dates, paging, versions
from safespace.lib.confidential import confidential
from safespace.lib.forms import whole_number
from safespace.policy import (
    Action,
    can,
    cases_where,
    get_case_or_404,
    implies,
    network_ids_where,
)

# First contact is made when the champion starts listening; until then it is due.
AWAITING_CONTACT = (Stage.NEW, Stage.ASSIGNED)


@dataclass(frozen=True)
class Part:
    """What a part above cases holds about a case and shows on its page to those doing its
    casework: how to read it (audited where sealed), and every row it holds on any case, so
    the page asks with the case whether there is anything to read."""

    read: Callable[[Case, User], list[Any]]
    rows: Callable[[], QuerySet[Any]]


# The parts above cases (aftercare: closings and check-ins), by the name the page uses; each
# part adds its own when the service starts (its AppConfig.ready), so this page imports none.
CASEWORK: dict[str, Part] = {}


@functools.cache
def _beside_the_case() -> dict[str, Subquery | Exists]:
    """The columns the case page reads with the case: the time logged, and whether each part
    above cases holds anything on it. They ask the same whoever reads, so they are built once
    a worker, after every part has added itself (Django copies an expression before a query
    uses it)."""
    minutes = (
        TimeEntry.objects.filter(case=OuterRef("pk"))
        .values("case")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return {
        "minutes_logged": Subquery(minutes),
        **{
            f"_holds_{name}": Exists(part.rows().filter(case=OuterRef("pk")))
            for name, part in CASEWORK.items()
        },
    }


def _case_page_cases() -> QuerySet[Case]:
    """The case with what its page shows beside it in one query: its network, every assignment
    with its champion, the time logged, when each kind of attention last happened and whether
    each part above cases holds anything on it."""
    return attention.with_latest(
        Case.objects.select_related("network")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("champion"))
        )
        .annotate(**_beside_the_case())
    )


def _attention_only(request: HttpRequest) -> bool:
    """The "Needs attention" filter: only cases with something nobody has acknowledged yet."""
    return request.GET.get("attention") == "yes"


# The columns a case list shows or works out its flags from: a list reads these alone, not
# every sealed column of 50 cases.
LISTED = ("code", "reference", "network_id", "stage", "first_contact_due", "created", "updated")


class Listed(TypedDict):
    """One row of a case list, worked out before the page is drawn: the template only places
    plain values, which costs a fraction of resolving tags, lookups and an include in each of
    fifty rows (about a third of the list's time at 100,000 cases, docs/performance.md). A
    dictionary, because the template looks a name up as a key before it tries an attribute."""

    url: str
    reference: str
    flags: list[str]
    themes: str
    stage: str
    awaiting_contact: bool
    first_contact_due: str
    overdue: bool
    updated: str
    days: int


def _theme_names(cases: Sequence[Case]) -> dict[int, str]:
    """Each listed case's themes, named in the network's order, in one query of two columns."""
    named: dict[int, list[str]] = defaultdict(list)
    links = (
        Case.themes.through.objects.filter(case_id__in=[case.pk for case in cases])
        .order_by(*(f"theme__{field}" for field in Theme._meta.ordering or ()))
        .values_list("case_id", "theme__name")
    )
    for case_id, name in links:
        named[case_id].append(name)
    return {case_id: ", ".join(names) for case_id, names in named.items()}


def _listed(cases: Sequence[Case]) -> list[Listed]:
    now = timezone.now()
    today = timezone.localdate()
    themes = _theme_names(cases)
    # The words for each stage and flag once a page, in the reader's language, not once a row.
    stage_words = {stage.value: gettext(stage.label) for stage in Stage}
    flag_words = {label: gettext(label) for label in Attention.labels}
    day = dates.day_namer()
    # The rows' addresses differ only in the case's code: reversed once, not fifty times.
    blank = str(UUID(int=0))
    address = reverse("cases:detail", args=[blank])
    return [
        Listed(
            url=address.replace(blank, str(case.code)),
            reference=case.reference,
            flags=[flag_words[flag] for flag in attention.flags_of(case)],
            themes=themes.get(case.pk, ""),
            stage=stage_words[case.stage],
            awaiting_contact=case.stage in AWAITING_CONTACT,
            first_contact_due=day(case.first_contact_due) if case.first_contact_due else "",
            overdue=case.stage in AWAITING_CONTACT
            and case.first_contact_due is not None
            and case.first_contact_due < today,
            updated=day(timezone.localdate(case.updated)),
            days=(now - case.created).days,
        )
        for case in cases
    ]


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """Newest first, a page at a time: three queries for the cases whatever the network's size
    (their count, the page with its flags, and the page's themes)."""
    user = cast(User, request.user)
    cases = attention.annotate(
        Case.objects.filter(cases_where(user, Action.READ_CASE))
        # A held concern is read by nobody until it is released; it is not listed either.
        .exclude(stage=Stage.HELD)
        .only(*LISTED)
        # The id breaks ties, so a case never shows on two pages or on none.
        .order_by("-created", "-id"),
        # A champion or a lead may know of HR processes on every case they read; the Director
        # may not, and the condition is then asked of each case.
        hr=None
        if implies(user, Action.READ_CASE, Action.READ_HR_ALERTS)
        else cases_where(user, Action.READ_HR_ALERTS),
    )
    only_attention = _attention_only(request)
    if only_attention:
        cases = attention.needing(cases)
    paged = paging.page_of(request, cases)
    rows = _listed(paged.rows)
    context = {
        "rows": rows,
        "paged": paged,
        "attention_only": only_attention,
        "can_record": can(user, Action.RECORD_REFERRAL),
        "can_triage": can(user, Action.TRIAGE),
        "can_manage_pool": can(user, Action.MANAGE_POOL),
        "can_manage_retention": can(user, Action.MANAGE_RETENTION),
        "is_champion": can(user, Action.CHAMPION_SELF),
    }
    return render(request, "cases/list.html", context)


@confidential
@require_GET
def case_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code, cases=_case_page_cases())
    user = cast(User, request.user)
    identity = can(user, Action.READ_IDENTITY, case)
    casework = can(user, Action.READ_CASEWORK, case)
    # Each part read is audited; the page appends all its reads to the trail in one turn. The
    # case's key is unwrapped once for the page, not once for each sealed value it opens.
    with chain.batched(), crypto.case_keys([case.code]):
        context = {
            "case": case,
            "identity": identity,
            "casework": casework,
            "content": reads.read_content(case, user, identity=identity),
            "themes": list(case.themes.all()),
            "conversation": reads.read_messages(case, user) if casework else [],
            "message_form": MessageForm(),
            "can_message": can(user, Action.MESSAGE_RAISER, case),
            "can_work": can(user, Action.WORK_CASE, case),
            "can_decline": can(user, Action.DECLINE, case),
            "notes": reads.read_notes(case, user, shared_only=not casework),
            "assignments": reads.read_assignments(case, user) if casework else [],
            "meetings": list(case.meetings.all()),
            "timeline": timeline(case, hr_alerts=can(user, Action.READ_HR_ALERTS, case)),
            "time": getattr(case, "minutes_logged", 0) or 0,  # a column of the case query
            "next_stages": stages.manual_stages(case),
            "can_close": Stage.CLOSED in stages.TRANSITIONS[case.stage],
            "can_reopen": case.stage in (Stage.CLOSED, Stage.WATCHING),
            # What the parts above cases hold about it (closings, check-ins), for casework only.
            **{
                name: part.read(case, user) if casework and getattr(case, f"_holds_{name}") else []
                for name, part in CASEWORK.items()
            },
        }
        shown = attention.items(case, attention.kinds_for(user, case))
        context.update(
            attention=shown,
            version=attention.version(shown),
            can_acknowledge=can(user, Action.ACKNOWLEDGE, case)
            and any(item.needs_attention for item in shown),
        )
    return render(request, "cases/detail.html", context)


@require_POST
def acknowledge(request: HttpRequest, code: UUID) -> HttpResponse:
    """Someone working the case has seen what flagged it: the flags come down until the next."""
    case = get_case_or_404(request, code, Action.ACKNOWLEDGE)
    user = cast(User, request.user)
    shown = attention.items(case, attention.kinds_for(user, case))
    if versions.changed_since_read(request, attention.version(shown)):
        # Something came in while the page was open: acknowledge only what has been seen.
        messages.warning(
            request,
            gettext(
                "Something new came in while you had this page open. Read it below, "
                "then acknowledge it if you have seen everything."
            ),
        )
    elif attention.acknowledge(case, user, shown):
        messages.success(
            request,
            gettext("You have acknowledged what needed attention on %(reference)s")
            % {"reference": case.reference},
        )
    else:
        messages.info(
            request, gettext("Someone has already acknowledged this, so there is nothing to do")
        )
    return redirect(f"{reverse('cases:detail', args=[case.code])}#attention")


@confidential
@require_http_methods(["GET", "POST"])
def send_message(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.MESSAGE_RAISER)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        case_messages.send_message(
            case, form.cleaned_data["body"], from_raiser=False, author=cast(User, request.user)
        )
        messages.success(request, gettext("Your message has been sent"))
        return redirect("cases:detail", code=case.code)
    return render(request, "cases/message.html", {"case": case, "form": form})


# How many cases needing attention the triage page lists; the case list's filter has them all.
ATTENTION_SHOWN = 20


# New concerns a page of triage shows: each with its own suggestions from the whole pool, and
# a lead assigns from the top, the longest waiting first.
TRIAGE_PAGE = 25


@confidential
@require_GET
def triage(request: HttpRequest) -> HttpResponse:
    """New concerns in the lead's networks, oldest first, a page at a time, with suggestions.

    Only Stage.NEW is listed: a concern the raiser asked to hold is not waiting for a champion.
    """
    user = cast(User, request.user)
    networks = network_ids_where(user, Action.TRIAGE)
    in_networks = cases_where(user, Action.TRIAGE)
    # A lead may read the HR alerts of every case of their networks but a held one.
    hr = cases_where(user, Action.READ_HR_ALERTS)
    new_concerns = attention.annotate(
        # Index case_network_stage: network, stage, then oldest first; the id breaks ties.
        Case.objects.filter(network_id__in=networks, stage=Stage.NEW)
        .select_related("network")
        .prefetch_related("themes", "directorates_concerned")
        .order_by("created", "id"),
        hr=hr,
    )
    only_attention = _attention_only(request)
    if only_attention:
        new_concerns = attention.needing(new_concerns)
    paged = paging.page_of(request, new_concerns, per_page=TRIAGE_PAGE)
    cases: list[Case] = list(paged.rows)
    today = timezone.localdate()
    # Who could take a case today is the same for every row: worked out once a network.
    pools = {
        network_id: assignment.available(assignment.candidates_in_id(network_id), today)
        for network_id in {c.network_id for c in cases}
    }
    named = reads.read_people_named_many(cases, user)
    chains = chain_above({pk for people in named.values() for pk in people})
    rows = [
        (
            case,
            case.first_contact_due is not None and case.first_contact_due < today,
            assignment.suggest(
                pools[case.network_id],
                assignment.needs_of(case, named.get(case.pk, []), chains=chains),
                today,
            )[:3],
            attention.flags_of(case),
        )
        for case in cases
    ]
    # Cases at any stage with something nobody has acknowledged, most recently active first.
    flagged = list(
        attention.needing(
            attention.annotate(
                Case.objects.filter(in_networks)
                .exclude(stage=Stage.HELD)
                .select_related("network")
                .prefetch_related("themes")
                .order_by("-updated", "-id"),
                hr=hr,
            )
        )[: ATTENTION_SHOWN + 1]
    )
    context = {
        "rows": rows,
        "paged": paged,
        "patterns": patterns.patterns(networks),
        "attention_only": only_attention,
        "attention_rows": [(case, attention.flags_of(case)) for case in flagged[:ATTENTION_SHOWN]],
        "attention_more": len(flagged) > ATTENTION_SHOWN,
    }
    return render(request, "cases/triage.html", context)


@confidential
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.ASSIGN)
    pool = assignment.candidates_in_id(case.network_id)
    lead = cast(User, request.user)
    named = reads.read_people_named(case, lead)
    needs = assignment.needs_of(case, named, reads.read_preferences(case, lead))
    suggested = assignment.suggest(pool, needs, timezone.localdate())
    active = set(
        case.assignments.filter(ended_at__isnull=True).values_list("champion_id", flat=True)
    )
    choices = []
    blocked = {}
    for c in pool:
        if c.user_id in active:
            continue
        reasons = [
            str(reason) for reason in assignment.blockers(c) + assignment.conflicts(c, needs)
        ]
        label = (
            gettext("%(name)s (%(reasons)s)") % {"name": c.name, "reasons": "; ".join(reasons)}
            if reasons
            else c.name
        )
        choices.append((str(c.user_id), label))
        if assignment.blockers(c):
            blocked[str(c.user_id)] = gettext(
                "%(name)s has not accepted the current Terms of Reference; they must accept it "
                "before taking a case"
            ) % {"name": c.name}
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        suggested={str(c.user_id) for c in suggested},
        blocked=blocked,
    )
    version = versions.of(sorted(active))
    context = {
        "case": case,
        "form": form,
        "suggested": suggested,
        "needs": needs,
        "named": list(StaffMember.objects.filter(pk__in=named).select_related("directorate")),
        "version": version,
    }
    if request.method == "POST" and versions.changed_since_read(request, version):
        # Someone assigned a champion while this page was open: say who before adding another.
        who = stages.last_changed_by(case, AuditAction.CASE_ASSIGN)
        now = ", ".join(
            User.objects.filter(pk__in=active)
            .order_by("full_name")
            .values_list("full_name", flat=True)
        )
        context["changed"] = (
            gettext(
                "%(who)s assigned %(champions)s while you had this page open. "
                "Assign someone else only if the concern needs a second champion."
            )
            % {"who": who, "champions": now}
            if now
            else gettext(
                "%(who)s assigned a champion while you had this page open. "
                "Assign someone else only if the concern needs a second champion."
            )
            % {"who": who}
        )
        form.is_valid()  # the choice sent is shown again as it was made
        return render(request, "cases/assign.html", context, status=versions.STATUS)
    if request.method == "POST" and form.is_valid():
        champion = User.objects.get(pk=form.cleaned_data["champion"])
        case_assign.assign_champion(
            case,
            champion,
            actor=cast(User, request.user),
            override_reason=form.cleaned_data["override_reason"],
        )
        messages.success(
            request,
            gettext("%(name)s is now the champion for %(reference)s")
            % {"name": champion.full_name, "reference": case.reference},
        )
        return redirect("cases:triage")
    return render(request, "cases/assign.html", context)


@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, code: UUID) -> HttpResponse:
    """The lead picks, from the staff directory, who the concern is about: for conflict checks."""
    case = get_case_or_404(request, code, Action.ASSIGN)
    lead = cast(User, request.user)
    named = reads.read_people_named(case, lead)
    # The search is posted, not put in the address, so no access log can pair a case with
    # the name someone looked up.
    query = request.POST.get("q", "")[:100] if request.method == "POST" else ""
    if request.method == "POST" and "q" not in request.POST:
        chosen = set(named)
        add, remove = request.POST.get("add", ""), request.POST.get("remove", "")
        chosen_id = whole_number(add or remove)
        person = StaffMember.objects.filter(pk=chosen_id).first() if chosen_id is not None else None
        if person is None:
            raise Http404
        if add:
            chosen.add(person.pk)
            messages.success(
                request,
                gettext("%(name)s is now checked for conflicts") % {"name": person.full_name},
            )
        else:
            chosen.discard(person.pk)
            messages.success(
                request, gettext("%(name)s has been taken off") % {"name": person.full_name}
            )
        case_hold.set_people_named(case, chosen, lead)
        return redirect("cases:people", code=case.code)
    context = {
        "case": case,
        "query": query,
        "results": [p for p in search(query) if p.pk not in named] if query else [],
        "named": list(StaffMember.objects.filter(pk__in=named).select_related("directorate")),
    }
    return render(request, "cases/people.html", context)


@confidential
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, code: UUID) -> HttpResponse:
    case = get_case_or_404(request, code, Action.DECLINE)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        case_assign.decline(case, cast(User, request.user), form.cleaned_data["reason"])
        messages.success(
            request,
            gettext("%(reference)s has gone back to the lead champion to reassign")
            % {"reference": case.reference},
        )
        return redirect("cases:list")
    return render(request, "cases/decline.html", {"case": case, "form": form})


@confidential
@require_http_methods(["GET", "POST"])
def work(request: HttpRequest, code: UUID, what: str) -> HttpResponse:
    """The casework forms on a case page: move stage, add a note, log time, refine themes."""
    case = get_case_or_404(request, code, Action.WORK_CASE)
    user = cast(User, request.user)
    post = request.POST if request.method == "POST" else None
    form: django_forms.Form
    if what == "stage":
        form = StageForm(post, allowed=stages.manual_stages(case))
        if post is not None and versions.changed_since_read(request, versions.of(case.stage)):
            # The case moved while this page was open: the choices shown then may be wrong now.
            who = stages.last_changed_by(case, "stage.")
            changed = gettext(
                "%(who)s moved this case to “%(stage)s” while you had this page open."
            ) % {"who": who, "stage": gettext(case.get_stage_display())}
            context = {
                "case": case,
                "form": StageForm(allowed=stages.manual_stages(case)),
                "what": what,
                "changed": changed,
                "version": versions.of(case.stage),
            }
            return render(request, "cases/work.html", context, status=versions.STATUS)
    elif what == "note":
        form = NoteForm(post)
    elif what == "time":
        form = TimeForm(
            post,
            initial={"day": timezone.localdate()},
            not_before=timezone.localtime(case.created).date(),
        )
    elif what == "themes":
        form = ThemesForm(
            post,
            themes=list(case.network.themes.all()),
            initial={"themes": [str(pk) for pk in case.themes.values_list("pk", flat=True)]},
        )
        if post is not None and versions.changed_since_read(request, _themes_version(case)):
            # Someone refined the themes while this page was open: saving would undo it unseen.
            who = stages.last_changed_by(case, "themes.")
            now = ", ".join(t.name for t in case.themes.all()) or gettext("none")
            context = {
                "case": case,
                "form": form,
                "what": what,
                "changed": gettext(
                    "%(who)s changed the themes to “%(themes)s” while you had this page open."
                )
                % {"who": who, "themes": now},
                "version": _themes_version(case),
            }
            form.is_valid()  # the choices sent are shown again, ticked as they were
            return render(request, "cases/work.html", context, status=versions.STATUS)
    else:
        raise Http404
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            if what == "stage":
                stages.change_stage(case, data["stage"], user)
                messages.success(
                    request,
                    gettext("%(reference)s is now at “%(stage)s”")
                    % {"reference": case.reference, "stage": gettext(Stage(data["stage"]).label)},
                )
            elif what == "note":
                case_notes.add_note(case, user, data["body"], data["shared_with_raiser"] == "yes")
                messages.success(request, gettext("Your note has been saved"))
            elif what == "themes":
                case_casework.refine_themes(
                    case, case.network.themes.filter(pk__in=data["themes"]), user
                )
                messages.success(request, gettext("The themes have been updated"))
            else:
                case_casework.log_time(case, user, data["day"], data["minutes"], data["activity"])
                messages.success(
                    request,
                    ngettext(
                        "%(minutes)s minute recorded",
                        "%(minutes)s minutes recorded",
                        data["minutes"],
                    )
                    % {"minutes": data["minutes"]},
                )
        return redirect("cases:detail", code=case.code)
    version = _themes_version(case) if what == "themes" else versions.of(case.stage)
    context = {"case": case, "form": form, "what": what, "version": version}
    return render(request, "cases/work.html", context)


def _themes_version(case: Case) -> str:
    return versions.of(sorted(case.themes.values_list("pk", flat=True)))


@confidential
@require_http_methods(["GET", "POST"])
def edit_note(request: HttpRequest, code: UUID, note: UUID) -> HttpResponse:
    """Change a note; what it said before is kept and shown beneath it."""
    case = get_case_or_404(request, code, Action.WORK_CASE)
    found = case.notes.filter(code=note).first()
    if found is None:
        raise Http404
    (shown,) = [n for n in reads.read_notes(case, cast(User, request.user)) if n.code == str(note)]
    initial = {
        "body": shown.body,
        "shared_with_raiser": "yes" if shown.shared_with_raiser else "no",
    }
    form = NoteForm(request.POST if request.method == "POST" else None, initial=initial)
    context: dict[str, Any] = {
        "case": case,
        "form": form,
        "note": found,
        "shown": shown,
        "version": versions.of(found.edited),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            current = Note.objects.select_for_update().get(pk=found.pk)
            if versions.changed_since_read(request, versions.of(current.edited)):
                # Someone changed it meanwhile: show what it says now above what was typed.
                (shown,) = [
                    n
                    for n in reads.read_notes(case, cast(User, request.user))
                    if n.code == str(note)
                ]
                context.update(
                    shown=shown,
                    version=versions.of(current.edited),
                    changed=gettext(
                        "Someone else changed this note while you had this page open. "
                        "What it says now is shown above your version."
                    ),
                )
                return render(request, "cases/edit_note.html", context, status=versions.STATUS)
            case_notes.edit_note(
                current, cast(User, request.user), data["body"], data["shared_with_raiser"] == "yes"
            )
        messages.success(request, gettext("The note has been changed; its earlier version is kept"))
        return redirect("cases:detail", code=case.code)
    return render(request, "cases/edit_note.html", context)
