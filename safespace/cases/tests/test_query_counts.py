"""List pages do the same number of queries for 10 cases as for 1,000."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safespace.accounts.models import Role
from safespace.cases.models import Assignment, Case, Stage
from tests.helpers import sign_in


def make_cases(network, champion, count: int, start: int = 0) -> None:
    theme = network.themes.first()
    cases = Case.objects.bulk_create(
        Case(
            network=network, stage=Stage.NEW if i % 2 else Stage.LISTENING, reference=f"SS-T{i:05d}"
        )
        for i in range(start, start + count)
    )
    Case.themes.through.objects.bulk_create(Case.themes.through(case=c, theme=theme) for c in cases)
    Assignment.objects.bulk_create(Assignment(case=c, champion=champion) for c in cases[::2])


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# The whole page, sign-in and session included. A change here is a decision, not an accident.
# The case lists page: each counts its cases once and reads one page (safespace/lib/paging.py).
# Their "needs attention" flags are columns of that page's query; triage reads one more, for
# the cases of any stage that need attention (safespace/cases/attention.py; its own tests pin
# the lists with flags up). Who may see what comes from the memberships the policy read for the
# address itself (safespace/policy.py cases_where), not from a query of its own. Triage and the
# pool count each champion's open cases in a query of their own, from the open cases
# (cases.assignment.open_cases_of), and triage finds the cases with anything to flag first.
PINNED = {
    "/cases/": 7,
    "/cases/triage/": 15,
    "/cases/?page=20": 7,
    "/cases/triage/?page=10": 15,
    "/champions/": 14,
    "/champions/workload/": 13,
    "/champions/coverage/": 13,
}


@pytest.mark.parametrize("path", list(PINNED))
def test_the_query_count_does_not_grow_with_the_cases(client, make_user, network, path) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD), (network, Role.CHAMPION))
    sign_in(client, lead)
    make_cases(network, lead, 10)
    queries(client, path)  # the first page of a process reads the networks' names once
    few = queries(client, path)
    make_cases(network, lead, 990, start=10)
    many = queries(client, path)
    assert few == many
    assert many == PINNED[path], f"{path} now takes {many} queries"
