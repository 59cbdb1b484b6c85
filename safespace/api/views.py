"""The API's operations: networks and themes, HR events, insight figures, the staff directory.

Each is a plain function that django-ninja checks against its schemas and describes in the
OpenAPI document. None of them reads a case, its content or who raised it: the HR events go in
and nothing comes back about a match, and insight figures are published tables that have been
through disclosure control, for one network and one quarter that has ended.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, NinjaAPI, Query, Schema
from ninja.security import HttpBearer

from safespace.accounts.models import Network, User
from safespace.api import tokens
from safespace.api.errors import REFUSALS, Error, Problem, Refused, install
from safespace.api.models import Token
from safespace.api.scopes import ACTIONS, Scope
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record_many
from safespace.directory import importer as directory
from safespace.directory.models import EMPLOYEE_NUMBER_MAX, NAME_MAX, SERVICE_MAX
from safespace.insights import figures
from safespace.insights.disclosure import publish
from safespace.insights.forms import FilterForm
from safespace.insights.tables import Figure, Published
from safespace.insights.views import SECTIONS
from safespace.policy import Action, acting_role, token_can, token_network_ids
from safespace.tripwire import importer as hr_events
from safespace.tripwire.models import EventKind
from safespace.tripwire.views import API_MAX_ROWS

# One directory sync is the whole organisation: far more people than any council employs.
DIRECTORY_MAX_ROWS = 200_000
TAG_REFERENCE = "Networks and themes"
TAG_HR = "HR events"
TAG_INSIGHTS = "Insight figures"
TAG_DIRECTORY = "Staff directory"


class TokenAuth(HttpBearer):
    """A live token made for this purpose, whose holder's roles allow the purpose's action."""

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Token | None:
        found = tokens.find(token.strip())
        if found is None:
            return None
        request.api_token = found  # type: ignore[attr-defined]  # for the audit of the call
        if self.scope.value not in found.scopes:
            raise Refused(403, f"This token was not made to {self.scope.label.lower()}")
        if not token_can(found.user, ACTIONS[self.scope]):
            raise Refused(
                403,
                f"The account this token acts as may not {self.scope.label.lower()}: give it "
                "the role on the configuration site",
            )
        return found


api = NinjaAPI(
    title="Safe Space API",
    version="1",
    description=(
        "For the organisation's own systems: keep the staff directory in step with the HR "
        "system, send HR events to the HR process watch, and read the disclosure-controlled "
        "insight figures. Every call carries a token an administrator made on the configuration "
        "site, sent as Authorization: Bearer <token>, for one or more purposes. Nothing here reads a "
        "concern or who raised it."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
)
install(api)


def _holder(request: HttpRequest) -> User:
    token: Token = request.auth  # type: ignore[attr-defined]
    return token.user


def _responses(ok: Any, *also: int) -> dict[int, Any]:
    extra = {status: Error for status in also}
    return {200: ok, **REFUSALS, **extra}


# Networks and themes ------------------------------------------------------------------------


class ThemeOut(Schema):
    name: str


class NetworkOut(Schema):
    slug: str = Field(description="How the other operations name the network")
    name: str
    short_name: str
    themes: list[ThemeOut]


@api.get(
    "/networks",
    response=_responses(list[NetworkOut]),
    auth=TokenAuth(Scope.REFERENCE),
    url_name="networks",
    tags=[TAG_REFERENCE],
    summary="List the networks and their themes",
)
def networks(request: HttpRequest) -> list[NetworkOut]:
    """Every network on this installation, with the themes its concerns are recorded under."""
    return [
        NetworkOut(
            slug=network.slug,
            name=network.name,
            short_name=network.short_name,
            themes=[ThemeOut(name=theme.name) for theme in network.themes.all()],
        )
        for network in Network.objects.order_by("name").prefetch_related("themes")
    ]


# HR events ----------------------------------------------------------------------------------


class HREventIn(Schema):
    employee_number: str = Field(description="The person's employee number in the HR system")
    event: str = Field(description=f"One of: {', '.join(EventKind.values)}")
    date: str = Field(description="The day the process started, as YYYY-MM-DD")


class HREventsIn(Schema):
    rows: list[HREventIn] = Field(max_length=API_MAX_ROWS)


class HREventsOut(Schema):
    accepted: int = Field(description="How many rows were kept")
    problems: list[str] = Field(description="What is wrong with each row that was not kept")
    summary: str


@api.post(
    "/hr-events",
    response=_responses(HREventsOut),
    auth=TokenAuth(Scope.HR_EVENTS),
    url_name="hr_events",
    tags=[TAG_HR],
    summary="Send HR processes that have started",
)
def send_hr_events(request: HttpRequest, payload: HREventsIn) -> HREventsOut:
    """Every good row is kept and every bad one named. The answer is the same whether or not
    any row is about someone who spoke up: nothing about a match ever comes back."""
    result = hr_events.import_records([row.dict() for row in payload.rows], actor=_holder(request))
    return HREventsOut(
        accepted=result.accepted,
        problems=result.problems,
        summary=hr_events.summary(result),
    )


# Insight figures ----------------------------------------------------------------------------


class FigureOut(Schema):
    value: int | float | None = Field(description="The figure, or null when it is withheld")
    text: str = Field(description="What a person reads, such as “12” or “fewer than 5”")


class RowOut(Schema):
    label: str
    figures: list[FigureOut]
    total: FigureOut | None = None


class TableOut(Schema):
    key: str
    title: str
    description: str
    row_heading: str
    columns: list[str]
    rows: list[RowOut]
    column_totals: list[FigureOut] = Field(
        description="One per column, then the grand total when rows have totals"
    )
    notes: list[str]


class InsightsOut(Schema):
    network: str
    quarter: str
    start: datetime.date
    end: datetime.date
    threshold: int = Field(description="Figures below this are withheld")
    tables: list[TableOut]


class InsightsQuery(Schema):
    network: str = Field(
        min_length=1, max_length=50, description="The network's slug, from /networks"
    )
    quarter: str = Field(
        "",
        pattern=r"^(\d{4}-[qQ][1-4])?$",
        description="A financial quarter that has ended, like 2025-q4; the latest if empty",
    )


def _figure(figure: Figure) -> FigureOut:
    return FigureOut(value=figure.value, text=figure.text)


def _table_out(table: Published) -> TableOut:
    return TableOut(
        key=table.key,
        title=table.title,
        description=table.description,
        row_heading=table.row_heading,
        columns=list(table.columns),
        rows=[
            RowOut(
                label=label,
                figures=[_figure(f) for f in row],
                total=_figure(table.row_totals[r]) if table.row_totals else None,
            )
            for r, (label, row) in enumerate(table.rows)
        ],
        column_totals=[_figure(f) for f in table.column_totals],
        notes=list(table.notes),
    )


@api.get(
    "/insights",
    response=_responses(InsightsOut),
    auth=TokenAuth(Scope.INSIGHTS),
    url_name="insights",
    tags=[TAG_INSIGHTS],
    summary="Read one network's insight figures for one quarter",
)
def insights(request: HttpRequest, query: Query[InsightsQuery]) -> InsightsOut:
    """The insight dashboard's tables, under disclosure control, for one network and one
    financial quarter that has ended: never a single case, never a figure below the network's
    threshold. Exact figures are for the lead champion's own pages, never the API."""
    holder = _holder(request)
    allowed = list(Network.objects.filter(pk__in=token_network_ids(holder, Action.VIEW_INSIGHTS)))
    if not allowed:
        raise Refused(403, "The account this token acts as may see no network's figures")
    form = FilterForm(
        {"network": query.network, "quarter": query.quarter},
        networks=allowed,
        leads=set(),  # controlled figures only, for every network
        today=timezone.localdate(),
    )
    if not query.network.strip() or not form.is_valid():
        names = ", ".join(n.slug for n in allowed)
        problems = [
            Problem(field=name, message=str(message))
            for name, messages in form.errors.items()
            for message in messages
        ] or [Problem(field="network", message=f"Choose one of: {names}")]
        raise Refused(422, "Check the fields listed, then send the request again", problems)
    scope = form.scope()
    network = scope.networks[0]
    counted = {key: table(scope) for key, table in figures.TABLES.items()}
    tables = []
    for key, _ in SECTIONS:
        if key == figures.KEY_FIGURES:
            published = figures.key_figures(scope, exact=False, hours=counted["champion-hours"])
        else:
            published = publish(counted[key], exact=False, threshold=scope.threshold)
        tables.append(_table_out(published))
    record_many(
        actor_code=str(holder.code),
        actor_role=acting_role(holder, Action.VIEW_INSIGHTS, [network.pk]) or "api",
        action=AuditAction.INSIGHTS_READ,
        object_type="insights",
        object_codes=[str(network.code)],
        detail=f"{scope.start:%Y%m%d}-{scope.end:%Y%m%d}",
    )
    return InsightsOut(
        network=network.slug,
        quarter=form.as_query()["quarter"],
        start=scope.start,
        end=scope.end,
        threshold=scope.threshold,
        tables=tables,
    )


# Staff directory ----------------------------------------------------------------------------


class PersonIn(Schema):
    """One person, with the CSV import's columns and limits; the rest is checked as it is."""

    employee_number: str = Field(min_length=1, max_length=EMPLOYEE_NUMBER_MAX)
    name: str = Field(min_length=1, max_length=NAME_MAX)
    email: str = Field(min_length=3, max_length=directory.EMAIL_MAX, description="Their work email")
    directorate: str = Field(min_length=1, max_length=directory.DIRECTORATE_MAX)
    service: str = Field("", max_length=SERVICE_MAX)
    manager_employee_number: str = Field(
        "", max_length=EMPLOYEE_NUMBER_MAX, description="Blank for someone with no manager"
    )


class DirectoryIn(Schema):
    people: list[PersonIn] = Field(max_length=DIRECTORY_MAX_ROWS)


class DirectoryChangesIn(Schema):
    # Both required, even when empty, so that a body of another shape is refused rather than
    # read as "no changes".
    people: list[PersonIn] = Field(
        max_length=DIRECTORY_MAX_ROWS, description="New people, and people whose details changed"
    )
    leavers: list[Annotated[str, Field(min_length=1, max_length=EMPLOYEE_NUMBER_MAX)]] = Field(
        max_length=DIRECTORY_MAX_ROWS, description="Employee numbers of people who have left"
    )


class DirectoryOut(Schema):
    created: int
    updated: int
    removed: int
    new_directorates: int
    summary: str


def _sync(request: HttpRequest, people: list[PersonIn], **how: Any) -> DirectoryOut:
    holder = _holder(request)
    result = directory.import_people(
        [person.dict() for person in people],
        actor_code=str(holder.code),
        actor_role="api",
        **how,
    )
    if result.problems:
        if result.problems == [gettext(directory.BUSY)]:
            raise Refused(409, result.problems[0])
        raise Refused(
            422,
            f"Nothing was changed: fix the {len(result.found)} problem"
            f"{'s' if len(result.found) != 1 else ''} listed and send the whole request again",
            [
                Problem(row=p.line or None, field=p.field or None, message=p.message)
                for p in result.found
            ],
        )
    summary = directory.summary(result)
    if result.removed:
        summary += f" Removed {result.removed} who left."
    return DirectoryOut(
        created=result.created,
        updated=result.updated,
        removed=result.removed,
        new_directorates=result.new_directorates,
        summary=summary,
    )


@api.put(
    "/directory",
    response=_responses(DirectoryOut, 409),
    auth=TokenAuth(Scope.DIRECTORY),
    url_name="directory",
    tags=[TAG_DIRECTORY],
    summary="Replace the whole staff directory",
)
def replace_directory(request: HttpRequest, payload: DirectoryIn) -> DirectoryOut:
    """Everyone who works here: people not in it are removed. Checked as the CSV import is,
    all or nothing: one bad row changes nothing, and every bad row is named."""
    if not payload.people:
        raise Refused(
            422,
            "Send everyone in the directory: an empty list would remove everyone",
            [Problem(field="people", message="Add one item for each person")],
        )
    return _sync(request, payload.people, replace=True)


@api.post(
    "/directory/changes",
    response=_responses(DirectoryOut, 409),
    auth=TokenAuth(Scope.DIRECTORY),
    url_name="directory_changes",
    tags=[TAG_DIRECTORY],
    summary="Send the changes to the staff directory since the last sync",
)
def change_directory(request: HttpRequest, payload: DirectoryChangesIn) -> DirectoryOut:
    """New and changed people are added or updated, leavers removed; all or nothing, with
    every bad row named. Sending the same changes twice changes nothing more."""
    return _sync(request, payload.people, replace=False, leavers=payload.leavers)
