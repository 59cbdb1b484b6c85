"""CSV and XLSX downloads hold the table as published, open cleanly in a spreadsheet program,
and never let a label run as a formula."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from safespace.insights.exports import as_csv, as_xlsx, filename, sheet_name
from safespace.insights.tables import Figure, Published

FEWER = "fewer than 5"
WITHHELD = Figure(None, FEWER)
HOSTILE_LABELS = (
    '=HYPERLINK("http://example.com","Click")',
    "+1+2",
    "-3+4",
    "@SUM(A1:A2)",
    "\tTabbed",
    "\rReturned",
)


def shown(value: int | float) -> Figure:
    return Figure(value, str(value))


def by_directorate_and_channel(**changes) -> Published:
    fields = {
        "key": "by-directorate-channel",
        "title": "Concerns by directorate and channel",
        "row_heading": "Directorate",
        "columns": ("Named", "Anonymous"),
        "rows": (
            ("Place", (shown(12), WITHHELD)),
            ("Adults and Health", (shown(8), shown(9))),
            ("Zoë's team", (shown(5), shown(6))),
        ),
        "row_totals": (Figure(None, "withheld"), shown(17), shown(11)),
        "column_totals": (shown(25), Figure(None, "withheld"), shown(41)),
    }
    return Published(**(fields | changes))


def hostile() -> Published:
    return by_directorate_and_channel(
        row_heading="=1+1",
        columns=("-Named", "Anonymous"),
        rows=tuple((label, (shown(5), shown(6))) for label in HOSTILE_LABELS),
        row_totals=(),
        column_totals=(),
    )


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_it_as_utf8():
    data = as_csv(by_directorate_and_channel())

    assert data.startswith(codecs.BOM_UTF8)
    assert read_csv(data)[3][0] == "Zoë's team"


def test_the_csv_holds_the_header_figures_withheld_words_and_totals():
    assert read_csv(as_csv(by_directorate_and_channel())) == [
        ["Directorate", "Named", "Anonymous", "Total"],
        ["Place", "12", FEWER, "withheld"],
        ["Adults and Health", "8", "9", "17"],
        ["Zoë's team", "5", "6", "11"],
        ["Total", "25", "withheld", "41"],
    ]


def test_a_table_without_totals_has_no_total_row_or_column():
    table = by_directorate_and_channel(row_totals=(), column_totals=())

    lines = read_csv(as_csv(table))

    assert lines[0] == ["Directorate", "Named", "Anonymous"]
    assert [line[0] for line in lines] == [
        "Directorate",
        "Place",
        "Adults and Health",
        "Zoë's team",
    ]


def test_a_single_column_total_leaves_out_the_grand_total_it_repeats():
    table = by_directorate_and_channel(
        columns=("Concerns",),
        rows=(("Place", (shown(12),)), ("Housing", (shown(7),))),
        row_totals=(),
        column_totals=(shown(19), shown(19)),
    )

    assert read_csv(as_csv(table))[-1] == ["Total", "19"]


def test_whole_figures_are_written_without_a_decimal_point_and_others_with_one():
    table = by_directorate_and_channel(
        columns=("Median days",),
        rows=(("Place", (shown(4.0),)), ("Housing", (shown(6.5),))),
        row_totals=(),
        column_totals=(),
    )

    assert [line[1] for line in read_csv(as_csv(table))[1:]] == ["4", "6.5"]


def test_the_csv_guards_every_label_that_a_spreadsheet_would_run_as_a_formula():
    lines = read_csv(as_csv(hostile()))

    assert lines[0] == ["'=1+1", "'-Named", "Anonymous"]
    assert [line[0] for line in lines[1:]] == [f"'{label}" for label in HOSTILE_LABELS]
    # Figures are numbers, not labels, and are left alone.
    assert {line[1] for line in lines[1:]} == {"5"}


def test_the_xlsx_has_a_bold_header_and_figures_as_numbers():
    sheet = read_xlsx(as_xlsx(by_directorate_and_channel()))
    rows = list(sheet.iter_rows(values_only=True))

    assert rows == [
        ("Directorate", "Named", "Anonymous", "Total"),
        ("Place", 12, FEWER, "withheld"),
        ("Adults and Health", 8, 9, 17),
        ("Zoë's team", 5, 6, 11),
        ("Total", 25, "withheld", 41),
    ]
    assert all(type(value) is int for value in rows[2][1:])
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])


def test_the_xlsx_is_titled_and_its_columns_are_wide_enough_to_read():
    data = as_xlsx(by_directorate_and_channel())
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active

    assert workbook.properties.title == "Concerns by directorate and channel"
    assert sheet.title == "Concerns by directorate and chan"[:31]
    assert sheet.column_dimensions["A"].width >= len("Adults and Health")
    assert sheet.column_dimensions["B"].width >= len("Named")


def test_the_xlsx_holds_no_formula_and_no_error_value():
    table = hostile()
    table = by_directorate_and_channel(
        row_heading=table.row_heading,
        columns=table.columns,
        rows=(*table.rows, ("#N/A", (shown(1), shown(2)))),
        row_totals=(),
        column_totals=(),
    )
    data = as_xlsx(table)
    sheet = read_xlsx(data)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        ]
    assert not any(re.search(r"<f[ >]", part) for part in parts)
    labels = [sheet.cell(row=1, column=1), *sheet["A"][1:], sheet.cell(row=1, column=2)]
    # XML reads a carriage return back as a line feed.
    expected = ["=1+1", *(label.replace("\r", "\n") for label in HOSTILE_LABELS), "#N/A", "-Named"]
    assert [cell.value for cell in labels] == expected
    assert all(cell.data_type == "s" for cell in labels)
    # Excel's own "this is text" mark, so editing the cell does not turn it into a formula.
    assert sheet["A1"].quotePrefix
    assert not sheet.cell(row=1, column=3).quotePrefix


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Concerns by theme", "Concerns by theme"),
        ("Actions due, on time, late and overdue by directorate", "Actions due, on time, late and"),
        ("Pay [grade]: A/B? *all* \\ staff", "Pay grade A B all staff"),
        ("'Quoted'", "Quoted"),
        ("History", "History table"),
        ("[]:*?/\\", "Table"),
        ("", "Table"),
    ],
)
def test_the_sheet_name_follows_excels_rules(title, expected):
    assert sheet_name(title) == expected
    table = by_directorate_and_channel(title=title)
    assert read_xlsx(as_xlsx(table)).title == expected


@pytest.mark.parametrize(
    ("title", "period", "expected"),
    [
        ("Concerns by theme", "April to June 2025", "concerns-by-theme-april-to-june-2025.csv"),
        ("Zoë's théme", "2025 Q1", "zoes-theme-2025-q1.csv"),
        ("../../etc/passwd", "\r\nX-Header: 1", "etcpasswd-x-header-1.csv"),
        ("", "", "by-directorate-channel.csv"),
        ("作成", "", "insight.csv"),
    ],
)
def test_the_file_name_is_plain_ascii_safe_to_send_and_save(title, period, expected):
    table = by_directorate_and_channel(
        title=title, key="by-directorate-channel" if title == "" else "x"
    )

    name = filename(table, "csv", period)

    assert name == expected
    assert re.fullmatch(r"[a-z0-9_-]+\.csv", name)


def test_the_file_name_is_not_longer_than_a_file_system_allows():
    table = by_directorate_and_channel(title="Concerns " * 60)

    assert len(filename(table, ".xlsx", "April to June 2025")) <= 105


def test_the_file_name_refuses_an_extension_that_is_not_one():
    with pytest.raises(ValueError, match="Not a file extension"):
        filename(by_directorate_and_channel(), "csv/../x", "2025")
