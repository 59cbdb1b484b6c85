"""Write many rows in short transactions, so that nobody else waits long for the database.

SQLite has one write lock for the whole database: an import of 100,000 rows written in one
transaction holds it for seconds, and a raiser pressing Send at that moment waited out the busy
timeout and got an error. Written here in slices of `ROWS`, each in its own transaction, with a
breath between slices on SQLite, another writer waits a fraction of a second at most.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from django.db import connection, transaction

T = TypeVar("T")

ROWS = 5000
# Long enough for a writer polling for the lock (SQLite's busy handler sleeps up to 100 ms
# between tries) to take it between two slices.
BREATH = 0.1


def slices(items: Sequence[T], size: int = ROWS) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_in_slices(items: Sequence[T], write: Callable[[Sequence[T]], object]) -> None:
    """Call `write` on each slice of `items` in a transaction of its own."""
    for number, part in enumerate(slices(items)):
        if number and connection.vendor == "sqlite":
            time.sleep(BREATH)
        with transaction.atomic():
            write(part)
