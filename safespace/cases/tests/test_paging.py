"""The case list and the triage list come a page at a time, in an order that never moves."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from safespace.accounts.models import Role
from safespace.cases.models import Assignment, Case, Stage
from safespace.lib.paging import numbers
from tests.helpers import sign_in

REFERENCE = re.compile(r"SS-P\d{5}")
LINK = re.compile(r'<a class="govuk-link govuk-pagination__link" href="([^"]+)"')


def make_cases(network, count: int, *, stage: str = Stage.NEW, champion=None, start: int = 0):
    """Cases a minute apart, except that every pair shares its time: the order must still hold."""
    base = timezone.now() - datetime.timedelta(days=30)
    cases = Case.objects.bulk_create(
        Case(
            network=network,
            stage=stage,
            reference=f"SS-P{i:05d}",
            created=base + datetime.timedelta(minutes=i // 2),
        )
        for i in range(start, start + count)
    )
    if champion is not None:
        Assignment.objects.bulk_create(Assignment(case=c, champion=champion) for c in cases)
    return cases


def references(html: str) -> list[str]:
    # Each reference shows once per row (the triage list also names it in hidden link text).
    return list(dict.fromkeys(REFERENCE.findall(html)))


@pytest.fixture
def champion(client, make_user, network):
    person = make_user("champion@example.org", (network, Role.CHAMPION))
    sign_in(client, person)
    return person


@pytest.fixture
def lead(client, make_user, network):
    person = make_user("lead@example.org", (network, Role.LEAD))
    sign_in(client, person)
    return person


def test_a_champion_sees_fifty_cases_a_page_newest_first(client, champion, network) -> None:
    make_cases(network, 120, stage=Stage.LISTENING, champion=champion)
    first = client.get("/cases/").content.decode()
    assert references(first) == [f"SS-P{i:05d}" for i in range(119, 69, -1)]
    assert "Showing 1 to 50 of 120 cases" in first
    last = client.get("/cases/?page=3").content.decode()
    assert "Showing 101 to 120 of 120 cases" in last
    assert len(references(last)) == 20


def test_every_case_is_on_exactly_one_page_even_when_times_tie(client, champion, network) -> None:
    make_cases(network, 120, stage=Stage.LISTENING, champion=champion)
    seen = [
        ref
        for page in (1, 2, 3)
        for ref in references(client.get(f"/cases/?page={page}").content.decode())
    ]
    assert sorted(seen) == [f"SS-P{i:05d}" for i in range(120)]


def test_a_lead_pages_through_the_whole_network(client, lead, network) -> None:
    make_cases(network, 60, stage=Stage.CLOSED)
    html = client.get("/cases/?page=2").content.decode()
    assert "Showing 51 to 60 of 60 cases" in html
    assert references(html) == [f"SS-P{i:05d}" for i in range(9, -1, -1)]


def test_the_pagination_links_previous_next_and_the_current_page(client, champion, network) -> None:
    make_cases(network, 120, stage=Stage.LISTENING, champion=champion)
    html = client.get("/cases/?page=2").content.decode()
    assert 'class="govuk-pagination"' in html
    assert LINK.findall(html) == [
        "/cases/",
        "/cases/",
        "/cases/?page=2",
        "/cases/?page=3",
        "/cases/?page=3",
    ]
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert re.search(r'href="/cases/\?page=2" aria-label="Page 2" aria-current="page"', html)
    first = client.get("/cases/").content.decode()
    assert 'rel="prev"' not in first


def test_other_parameters_are_kept_on_every_link(client, champion, network) -> None:
    make_cases(network, 120, stage=Stage.LISTENING, champion=champion)
    html = client.get("/cases/?stage=listening&page=2").content.decode()
    links = LINK.findall(html)
    assert links and all("stage=listening" in link for link in links)
    assert "/cases/?stage=listening&amp;page=3" in links


def test_one_page_shows_no_pagination(client, champion, network) -> None:
    make_cases(network, 7, stage=Stage.LISTENING, champion=champion)
    html = client.get("/cases/").content.decode()
    assert len(references(html)) == 7
    assert "govuk-pagination" not in html
    assert "Showing" not in html


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, champion, network) -> None:
    make_cases(network, 120, stage=Stage.LISTENING, champion=champion)
    for asked in ("4", "99999999999999999999"):
        response = client.get("/cases/", {"page": asked})
        html = response.content.decode()
        assert response.status_code == 200
        assert f"There is no page {asked}: the list has 3 pages, and this is the last." in html
        assert "Showing 101 to 120 of 120 cases" in html


def test_a_page_number_too_long_to_read_is_past_the_end(client, champion, network) -> None:
    make_cases(network, 60, stage=Stage.LISTENING, champion=champion)
    response = client.get("/cases/", {"page": "9" * 5000})
    assert response.status_code == 200
    assert "Showing 51 to 60 of 60 cases" in response.content.decode()


@pytest.mark.parametrize("asked", ["0", "-2", "two", "", "²"])
def test_a_page_that_is_not_a_number_shows_the_first(client, champion, network, asked) -> None:
    make_cases(network, 120, stage=Stage.LISTENING, champion=champion)
    response = client.get("/cases/", {"page": asked})
    assert response.status_code == 200
    assert "Showing 1 to 50 of 120 cases" in response.content.decode()


def test_triage_pages_new_concerns_oldest_first_and_only_new_ones(client, lead, network) -> None:
    make_cases(network, 60)
    make_cases(network, 30, stage=Stage.LISTENING, start=100)
    first = client.get("/cases/triage/").content.decode()
    assert references(first) == [f"SS-P{i:05d}" for i in range(25)]
    assert "Showing 1 to 25 of 60 new concerns" in first
    second = client.get("/cases/triage/?page=2").content.decode()
    assert references(second) == [f"SS-P{i:05d}" for i in range(25, 50)]
    assert "/cases/triage/?page=2" in LINK.findall(first)


def test_triage_leaves_out_held_concerns_and_does_not_count_them(client, lead, network) -> None:
    make_cases(network, 3)
    make_cases(network, 60, stage=Stage.HELD, start=100)
    html = client.get("/cases/triage/").content.decode()
    assert references(html) == ["SS-P00000", "SS-P00001", "SS-P00002"]
    assert "govuk-pagination" not in html


def test_triage_past_the_end_shows_the_last_page(client, lead, network) -> None:
    make_cases(network, 60)
    html = client.get("/cases/triage/?page=5").content.decode()
    assert "There is no page 5: the list has 3 pages, and this is the last." in html
    assert references(html) == [f"SS-P{i:05d}" for i in range(50, 60)]


@pytest.mark.parametrize(
    ("current", "pages", "shown"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (3, 5, [1, 2, 3, 4, 5]),
        (1, 10, [1, 2, None, 10]),
        (7, 42, [1, None, 6, 7, 8, None, 42]),
        (42, 42, [1, None, 41, 42]),
        (4, 10, [1, 2, 3, 4, 5, None, 10]),
    ],
)
def test_page_numbers_keep_the_ends_and_neighbours_with_ellipses_between(
    current, pages, shown
) -> None:
    assert numbers(Paginator(range(pages), 1), current) == shown
