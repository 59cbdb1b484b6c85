"""The CSV reader both importers share: rows by column name, and the file's problems said once."""

from __future__ import annotations

import pytest

from safespace.lib.csvfile import Line, Unreadable, header_error, read_table

COLUMNS = ("number", "name")


def read(text: str):
    return read_table(text, COLUMNS, empty="empty", no_rows="no rows")


def test_rows_are_read_by_column_name_in_any_order_stripped_and_blank_rows_skipped() -> None:
    table = read("\ufeff Name ,NUMBER\n\n Ada , 1 \n,\nBen,2\n")
    assert table.broken_at is None
    assert table.lines == [
        Line(3, {"number": "1", "name": "Ada"}),
        Line(5, {"number": "2", "name": "Ben"}),
    ]


def test_a_row_of_the_wrong_length_is_named_by_its_line() -> None:
    (line,) = read("number,name\n1,Ada,extra\n").lines
    assert line == Line(
        2,
        problem="Line 2: this row has 3 values but the file has 2 columns. "
        "Check for a missing or extra comma",
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "empty"),
        (" , \n\n", "empty"),
        ("number,name\n", "no rows"),
        ("number,nom\n1,Ada\n", "The first row must name the columns number, name "),
    ],
)
def test_a_file_no_row_of_which_can_be_used_is_unreadable(text: str, said: str) -> None:
    with pytest.raises(Unreadable) as raised:
        read(text)
    assert str(raised.value).startswith(said)


def test_reading_stops_where_the_csv_breaks_keeping_the_rows_before() -> None:
    # A value longer than the csv module's field limit cannot be read.
    table = read("number,name\n1,Ada\n2," + "x" * 200_000 + "\n3,Cy\n")
    assert table.lines == [Line(2, {"number": "1", "name": "Ada"})]
    assert table.broken_at == 3


@pytest.mark.parametrize(
    ("names", "details"),
    [
        (["number", "nom"], "missing: name; not recognised: nom"),
        (["number", ""], "missing: name; not recognised: (blank)"),
        (["number", "name", "name"], "each column should appear once"),
    ],
)
def test_the_header_problem_says_what_is_missing_and_what_is_not_known(names, details) -> None:
    assert (
        header_error(names, COLUMNS)
        == f"The first row must name the columns number, name ({details})"
    )
