"""A stale form never silently undoes someone else's change.

An edit form carries the version of what it shows, as read when the page was drawn (a short
hash of the fields that matter, which any change alters). The view compares it, inside the
transaction that saves, with the version now: if someone saved in between, nothing is saved,
and the page comes back (409) saying what changed, with everything the person typed still in
it and the new version, so saving again is a choice made knowing the change. A form sent
without a version (a page opened before this existed) saves as before.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest

FIELD = "version"
STATUS = 409


def of(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def changed_since_read(request: HttpRequest, current: str) -> bool:
    sent = request.POST.get(FIELD, "")
    return bool(sent) and sent != current
