"""What every API call goes through before and after its operation: a rate limit, a limit on
the size of what is sent, and an audit event naming the token, the call and the answer.

The API answers in English whatever language the caller's Accept-Language asks for: its
labels and messages are read by the organisation's systems, which match them as given."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException, UnreadablePostError
from django.utils import translation

from safespace.api import tokens
from safespace.api.errors import answer
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record_many
from safespace.lib import keyed
from safespace.lib.addresses import client_address

WINDOW = 60  # seconds
# A counter outlives its window a little, so it is never gone before the window is.
LIFETIME = WINDOW + 10
MB = 1024 * 1024

View = Callable[..., HttpResponse]


def _count(key: str) -> int:
    """Add one to this window's counter and say how many calls it now holds."""
    if cache.add(key, 1, LIFETIME):
        return 1
    try:
        calls = int(cache.incr(key))
    except ValueError:
        cache.set(key, 1, LIFETIME)
        return 1
    cache.touch(key, LIFETIME)
    return calls


def _over_limit(request: HttpRequest) -> bool:
    """Whether this address, or this token, has made too many calls in this minute.

    Counted by keyed hashes of the address and of the Authorization header, under the rate
    limit's own key, so a copy of the cache holds neither."""
    limit = settings.SAFESPACE_API_CALLS_PER_MINUTE
    window = int(time.time() // WINDOW)
    callers = [f"address:{client_address(request)}"]
    if request.headers.get("Authorization"):
        callers.append(f"token:{request.headers['Authorization']}")
    over = False
    for caller in callers:
        digest = keyed.digest(keyed.Purpose.RATE_LIMIT, caller.encode())[:32]
        over = _count(f"api:{digest}:{window}") > limit or over
    return over


def _read_body(request: HttpRequest, limit: int) -> bool:
    """Read what was sent, up to the limit; False if it is bigger (said before reading more)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return False
    try:
        body = request.read(limit + 1)
    except (RawPostDataException, UnreadablePostError):
        return False
    if len(body) > limit:
        return False
    # What Django's own `request.body` keeps: the operation reads it from here. Reading it
    # ourselves lets a directory sync be bigger than DATA_UPLOAD_MAX_MEMORY_SIZE.
    request._body = body
    return True


def _sent_by_a_token(request: HttpRequest) -> bool:
    """Whether the request carries a live token ("Authorization: Bearer <token>")."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and tokens.is_live(secret.strip())


def _operation(request: HttpRequest) -> str:
    match = request.resolver_match
    return (match.url_name if match else "") or "unknown"


def _audit(request: HttpRequest, status: int) -> None:
    token = getattr(request, "api_token", None)
    record_many(
        actor_code=str(token.user.code) if token else "",
        actor_role="api" if token else "anonymous",
        action=AuditAction.API_CALL,
        object_type="api_token",
        object_codes=[str(token.code) if token else "none"],
        # The operation by its URL name (its method and address follow from it) and the answer:
        # "api.call directory_changes 422", within the 40 characters an action is kept in.
        detail=f"{_operation(request)} {status}",
    )


def guarded(view: View, *, max_mb: int) -> View:
    """The operation's view, rate-limited, size-limited and audited."""

    # Its name and docstring, and django-ninja's csrf_exempt mark, but this module's name: the
    # view of an address under /api/v1/ lives in safespace/api (tests/test_url_order.py).
    @functools.wraps(view, assigned=("__doc__",))
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            return _answer(view, request, *args, max_mb=max_mb, **kwargs)

    return wrapped


def _answer(
    view: View, request: HttpRequest, *args: object, max_mb: int, **kwargs: object
) -> HttpResponse:
    if _over_limit(request):
        busy = answer(429, "Too many calls: wait a minute, then send the request again")
        busy.headers["Retry-After"] = str(WINDOW - int(time.time()) % WINDOW)
        return busy
    response: HttpResponse
    try:
        if not _sent_by_a_token(request):
            # Refused by the operation's own check, with nothing sent read: a caller without a
            # token cannot make the service read megabytes only to be turned away.
            response = view(request, *args, **kwargs)
        elif not _read_body(request, max_mb * MB):
            response = answer(413, f"Send at most {max_mb} MB in one request")
        else:
            response = view(request, *args, **kwargs)
    except Exception:
        # A call that failed is recorded too, as the 500 it is answered with; unless the
        # database itself is what failed, when the original error is the one to see.
        with contextlib.suppress(DatabaseError):
            _audit(request, 500)
        raise
    _audit(request, response.status_code)
    return response
