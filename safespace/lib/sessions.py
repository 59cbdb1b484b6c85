"""Sessions in the database, renewed on every request without a savepoint of their own."""

from __future__ import annotations

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import DatabaseError, router


class SessionStore(DatabaseStore):
    """Django's database sessions. Renewing an existing session is one UPDATE: Django wraps it
    in a savepoint, which only a failed INSERT needs (to carry on after the key was taken), and
    an UPDATE that finds no row fails in Python, leaving the transaction as it was."""

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            super().save(must_create=must_create)
            return
        # The loaded data, as Django's own save reads it (the stubs do not name it).
        obj = self.create_model_instance(self._get_session())  # type: ignore[attr-defined]
        try:
            obj.save(force_update=True, using=router.db_for_write(self.model, instance=obj))
        except DatabaseError as gone:
            raise UpdateError from gone
