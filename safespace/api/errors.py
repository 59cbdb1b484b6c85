"""What the API answers when it refuses a call: JSON with a sentence, and each problem's row
and field when the problem is in what was sent."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

REALM = 'Bearer realm="safespace"'
UNAUTHENTICATED = "Send a valid API token: Authorization: Bearer <token>"


class Problem(Schema):
    """One thing wrong with what was sent: the row (counted from 1) and the field, when it is
    about one, and what to change."""

    row: int | None = None
    field: str | None = None
    message: str


class Error(Schema):
    error: str
    problems: list[Problem] = []


class Refused(Exception):
    """A refusal the API answers with this status and sentence (and the rows' problems)."""

    def __init__(self, status: int, error: str, problems: list[Problem] | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.problems = problems or []


def answer(status: int, error: str, problems: list[Problem] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": error, "problems": [p.dict() for p in problems or []]}
    response = JsonResponse(body, status=status)
    if status == 401:
        response.headers["WWW-Authenticate"] = REALM
    return response


# Every operation may answer these; each documents them, so a client knows their shape.
REFUSALS: dict[int, type[Error]] = {
    400: Error,
    401: Error,
    403: Error,
    413: Error,
    422: Error,
    429: Error,
}


def _field_problems(errors: list[dict[str, Any]]) -> list[Problem]:
    """pydantic's errors as rows and fields: ("body", "payload", "rows", 2, "date") is row 3's
    date; ("query", "quarter") is the quarter asked for."""
    found = []
    for error in errors:
        where = [part for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        if where and where[0] == "payload":
            where = where[1:]
        rows = [part for part in where if isinstance(part, int)]
        names = [str(part) for part in where if isinstance(part, str)]
        row = rows[0] + 1 if rows else None
        field = names[-1] if names else None
        message = str(error.get("msg", "is not valid"))
        found.append(Problem(row=row, field=field, message=message))
    return found


def install(api: NinjaAPI) -> None:
    """Answer every refusal as JSON of the shape `Error`.

    Each handler is given only the exception it is registered for (django-ninja types it
    loosely, hence `Any`)."""

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(exc.status, exc.error, exc.problems)

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(401, UNAUTHENTICATED)

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = exc.errors
        return answer(
            422, "Check the fields listed, then send the request again", _field_problems(errors)
        )

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        status = exc.status_code
        if status == 400:
            return answer(400, "Send JSON, with the content type application/json")
        return answer(status, str(exc))

    api.add_exception_handler(Refused, refused)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)
