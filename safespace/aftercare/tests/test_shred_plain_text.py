"""What a concern keeps as plain text, outside its sealed words, goes when it is shredded."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safespace.actions.models import Meeting
from safespace.aftercare.models import Closure, Outcome
from safespace.cases.services import create, shred

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def test_the_meeting_place_and_the_formal_process_go_with_the_key(network) -> None:
    case = create.create_case(create.NewConcern(network=network, narrative="What happened"))
    kept = create.create_case(create.NewConcern(network=network, narrative="Another"))
    for concern in (case, kept):
        Meeting.objects.create(case=concern, starts=timezone.now(), place="Room 4, Civic Centre")
        Closure.objects.create(case=concern, outcome=Outcome.FORMAL, formal_process="Grievance")
    shred.shred_case(case, None)
    assert Meeting.objects.get(case=case).place == ""
    closure = Closure.objects.get(case=case)
    assert (closure.formal_process, closure.outcome) == ("", Outcome.FORMAL)
    # Only the shredded concern's.
    assert Meeting.objects.get(case=kept).place == "Room 4, Civic Centre"
    assert Closure.objects.get(case=kept).formal_process == "Grievance"
