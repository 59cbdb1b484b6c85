"""Sessions in the database, renewed as a request comes in without a write on every page."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.db import DatabaseError, router
from django.utils import timezone

# A session renewed less than this long ago, and not changed since, is not written again: the
# idle clock (SESSION_COOKIE_AGE) then runs at most this much short, and a signed-in page costs
# no write and no commit of its own.
RENEWED_WITHIN = datetime.timedelta(seconds=60)


class SessionStore(DatabaseStore):
    """Django's database sessions. Renewing an existing session is one UPDATE: Django wraps it
    in a savepoint, which only a failed INSERT needs (to carry on after the key was taken), and
    an UPDATE that finds no row fails in Python, leaving the transaction as it was. One renewed
    within RENEWED_WITHIN and unchanged is left as it is."""

    _expires: datetime.datetime | None = None

    def _get_session_from_db(self) -> Session | None:
        found: Session | None = super()._get_session_from_db()  # type: ignore[misc]
        self._expires = found.expire_date if found else None
        return found

    def _recently_renewed(self) -> bool:
        if self.modified or self._expires is None:
            return False
        age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        return self._expires - timezone.now() > age - RENEWED_WITHIN

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            super().save(must_create=must_create)
            return
        if self._recently_renewed():
            return
        # The loaded data, as Django's own save reads it (the stubs do not name it).
        obj = self.create_model_instance(self._get_session())  # type: ignore[attr-defined]
        try:
            obj.save(force_update=True, using=router.db_for_write(self.model, instance=obj))
        except DatabaseError as gone:
            raise UpdateError from gone
        self._expires = obj.expire_date
