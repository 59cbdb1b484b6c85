"""Reporting lines are read a level at a time, survive a loop, and the people picker finds people."""

from __future__ import annotations

import pytest

from safespace.directory.importer import import_csv
from safespace.directory.models import StaffMember
from safespace.directory.reporting import (
    MAX_DEPTH,
    chain_above,
    in_reporting_line,
    search,
    staff_ids_for_users,
)

HEADER = "employee_number,name,email,directorate,service,manager_employee_number\n"


@pytest.fixture
def staff(db: None) -> dict[str, int]:
    """A chief executive, a director under them, two managers under the director, and a peer."""
    result = import_csv(
        HEADER + "1,Chidi Obi,chief@example.org,Resources,,\n"
        "2,Dana Patel,director@example.org,Place,,1\n"
        "3,Eli Morgan,eli.morgan@example.org,Place,Planning,2\n"
        "4,Fran Morgan,fran@example.org,Place,Housing,2\n"
        "5,Gus Ali,gus@example.org,Place,Housing,4\n"
        "6,Hana Sato,hana@example.org,Resources,,\n"
    )
    assert result.problems == []
    return dict(StaffMember.objects.values_list("employee_number", "pk"))


def test_a_chain_holds_everyone_above_and_nobody_else(staff) -> None:
    chains = chain_above([staff["5"], staff["3"], staff["1"]])
    assert chains == {
        staff["5"]: {staff["4"], staff["2"], staff["1"]},
        staff["3"]: {staff["2"], staff["1"]},
        staff["1"]: set(),
    }


def test_chains_take_one_query_per_level_not_per_person(staff, django_assert_num_queries) -> None:
    # Gus is three levels below the top: one query for each, and one to find the top is the top.
    with django_assert_num_queries(4):
        chain_above([staff["5"]])
    # Everyone above these six is among them, so one query reads every chain.
    with django_assert_num_queries(1):
        chain_above(staff.values())


def test_a_loop_ends_the_walk_instead_of_going_round_forever(staff) -> None:
    StaffMember.objects.filter(pk=staff["1"]).update(manager_id=staff["5"])
    chains = chain_above([staff["5"]])
    assert chains[staff["5"]] == {staff["4"], staff["2"], staff["1"]}


def test_a_chain_stops_at_the_depth_cap(directorate) -> None:
    people = StaffMember.objects.bulk_create(
        StaffMember(
            employee_number=str(n),
            full_name=f"P{n}",
            email=f"p{n}@example.org",
            directorate=directorate,
        )
        for n in range(MAX_DEPTH + 20)
    )
    for below, above in zip(people[1:], people, strict=False):
        below.manager = above
    StaffMember.objects.bulk_update(people, ["manager"])
    bottom = people[-1].pk
    assert len(chain_above([bottom])[bottom]) == MAX_DEPTH


def test_people_are_in_a_reporting_line_when_one_is_above_the_other(staff) -> None:
    chains = chain_above(staff.values())
    assert in_reporting_line(staff["5"], staff["2"], chains)
    assert in_reporting_line(staff["1"], staff["5"], chains)
    assert in_reporting_line(staff["3"], staff["3"], chains)
    assert not in_reporting_line(staff["3"], staff["5"], chains)
    assert not in_reporting_line(staff["6"], staff["5"], chains)


def test_signed_in_people_are_found_in_the_directory_by_email(
    staff, make_user, django_assert_num_queries
) -> None:
    director = make_user("Director@example.org")
    stranger = make_user("not.in.directory@example.org")
    with django_assert_num_queries(1):
        found = staff_ids_for_users([director.pk, stranger.pk])
    assert found == {director.pk: staff["2"]}


def test_the_people_picker_finds_by_part_of_a_name_in_name_order(staff) -> None:
    assert [p.full_name for p in search("morgan")] == ["Eli Morgan", "Fran Morgan"]
    assert [p.full_name for p in search("MORGAN", limit=1)] == ["Eli Morgan"]


def test_the_people_picker_finds_by_exact_employee_number_or_email(staff) -> None:
    assert [p.full_name for p in search("5")] == ["Gus Ali"]
    assert [p.full_name for p in search(" Hana@Example.org ")] == ["Hana Sato"]
    assert search("hana@example") == []
    assert search("   ") == []
