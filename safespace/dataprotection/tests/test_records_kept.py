"""The officer's record of searches and erasures cannot be edited or emptied afterwards: the
database refuses, as it does for the audit trail, so nobody can hide a search or an erasure."""

from __future__ import annotations

from django.db import DatabaseError, transaction

from safespace.dataprotection import services
from safespace.dataprotection.models import Erasure, Search


def refused(change) -> bool:
    try:
        with transaction.atomic():
            change()
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


def test_a_search_cannot_be_changed_or_deleted(officer, named) -> None:
    services.search(officer, "Ada Example", "Request from the raiser, ref SAR-12")
    rows = Search.objects.all()
    assert refused(lambda: rows.update(reason="nothing to see"))
    assert refused(lambda: rows.delete())
    assert Search.objects.get().reason == "Request from the raiser, ref SAR-12"


def test_an_erasure_cannot_be_changed_or_deleted(officer, named) -> None:
    services.erase(named, officer, "Asked in writing on 3 December")
    rows = Erasure.objects.all()
    assert refused(lambda: rows.update(reason="nothing to see"))
    assert refused(lambda: rows.delete())
    assert Erasure.objects.get().reason == "Asked in writing on 3 December"
