"""Charts are well-formed, accessible SVG that draw only shown figures, and the table beside
each chart carries every figure in words a screen reader can read."""

from __future__ import annotations

import re
from collections import Counter
from xml.etree import ElementTree as ET

import pytest
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from safespace.insights.charts import COLOURS, bar_chart
from safespace.insights.tables import Figure, Published

SVG = "{http://www.w3.org/2000/svg}"
FEWER = "fewer than 5"


def shown(value: int) -> Figure:
    return Figure(value, str(value))


WITHHELD = Figure(None, FEWER)


def by_theme(**changes) -> Published:
    fields = {
        "key": "by-theme",
        "title": "Concerns by theme",
        "row_heading": "Theme",
        "columns": ("Concerns",),
        "rows": (
            ("Bullying and harassment", (shown(12),)),
            ("Pay", (WITHHELD,)),
            ("Dress codes", (shown(6),)),
            ("Mediation", (shown(0),)),
        ),
    }
    return Published(**(fields | changes))


def by_directorate_and_channel(**changes) -> Published:
    fields = {
        "key": "by-directorate-channel",
        "title": "Concerns by directorate and channel",
        "row_heading": "Directorate",
        "columns": ("Named", "Anonymous", "On someone's behalf"),
        "rows": (
            ("Place", (shown(12), WITHHELD, shown(6))),
            ("Adults and Health", (shown(8), shown(9), WITHHELD)),
        ),
        "row_totals": (Figure(None, "withheld"), Figure(None, "withheld")),
        "column_totals": (shown(20), Figure(None, "withheld"), Figure(None, "withheld"), shown(40)),
        "notes": (
            "Figures from 1 to 4 are shown as “fewer than 5”.",
            "Totals that would reveal them are withheld.",
        ),
    }
    return Published(**(fields | changes))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, parsed to check it)


def bars(svg: ET.Element) -> list[ET.Element]:
    return [rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "app-chart__bar"]


def texts(svg: ET.Element) -> list[str]:
    return [" ".join("".join(text.itertext()).split()) for text in svg.iter(f"{SVG}text")]


def number(element: ET.Element, name: str) -> float:
    return float(element.get(name, "nan"))


def viewbox_width(svg: ET.Element) -> float:
    return float(svg.get("viewBox", "").split()[2])


def test_it_is_one_image_named_by_its_title_and_described_in_a_sentence():
    svg = parse(bar_chart(by_theme()))

    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title.get("id") == title_id
    assert desc.get("id") == desc_id
    assert title.text == "Concerns by theme"
    assert desc.text == "Bar chart of Concerns by theme; the table below gives the figures."


def test_it_scales_to_the_width_of_a_phone():
    svg = parse(bar_chart(by_theme()))

    assert svg.get("width") == "100%"
    assert svg.get("height") is None
    assert len(svg.get("viewBox", "").split()) == 4


def test_it_draws_a_bar_for_each_shown_figure_and_none_for_a_withheld_one():
    svg = parse(bar_chart(by_theme()))

    assert len(bars(svg)) == 3  # 12, 6 and 0; Pay is withheld
    assert FEWER in texts(svg)
    for value in ("12", "6", "0"):
        assert value in texts(svg)


def test_bar_lengths_follow_the_figures_and_leave_room_for_them():
    svg = parse(bar_chart(by_theme()))
    widths = [number(bar, "width") for bar in bars(svg)]

    assert widths[0] == pytest.approx(2 * widths[1], abs=0.1)
    assert widths[2] == 0
    longest = max(bars(svg), key=lambda bar: number(bar, "width"))
    # The figure after the bar fits, even in a font whose digits are 0.6 em wide.
    figure_end = number(longest, "x") + number(longest, "width") + 6 + len("12") * 16 * 0.6
    assert figure_end <= viewbox_width(svg)


@pytest.mark.parametrize(
    "rows",
    [
        (("Pay", (shown(0),)), ("Dress codes", (shown(0),))),
        (("Pay", (WITHHELD,)), ("Dress codes", (WITHHELD,))),
        (),
    ],
    ids=["all zero", "all withheld", "no rows"],
)
def test_it_draws_a_chart_with_nothing_to_measure_against(rows):
    svg = parse(bar_chart(by_theme(rows=rows)))

    assert all(number(bar, "width") == 0 for bar in bars(svg))
    assert float(svg.get("viewBox", "").split()[3]) > 0
    assert "nan" not in ET.tostring(svg, encoding="unicode").lower()


def test_several_columns_are_series_each_with_a_pattern_a_colour_and_a_legend_entry():
    table = by_directorate_and_channel()
    svg = parse(bar_chart(table))
    patterns = {pattern.get("id"): pattern for pattern in svg.iter(f"{SVG}pattern")}

    assert len(patterns) == 3
    used = Counter(bar.get("fill") for bar in bars(svg))
    assert set(used) == {f"url(#{pattern_id})" for pattern_id in patterns}
    assert sum(used.values()) == 4  # six cells, two withheld
    drawings = {
        "".join(ET.tostring(mark, encoding="unicode") for mark in pattern[1:])
        for pattern in patterns.values()
    }
    colours = {pattern.find(f"{SVG}rect").get("fill") for pattern in patterns.values()}
    assert len(drawings) == 3
    assert len(colours) == 3
    for column in table.columns:
        assert column in texts(svg)
    assert texts(svg).count(FEWER) == 2


def test_the_legend_swatches_use_the_series_patterns():
    svg = parse(bar_chart(by_directorate_and_channel()))
    pattern_fills = {f"url(#{pattern.get('id')})" for pattern in svg.iter(f"{SVG}pattern")}
    swatches = [
        rect
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("class") != "app-chart__bar" and rect.get("fill", "").startswith("url(")
    ]

    assert {swatch.get("fill") for swatch in swatches} == pattern_fills


def test_a_single_column_has_no_legend():
    svg = parse(bar_chart(by_directorate_and_channel(), column=1))

    assert len(list(svg.iter(f"{SVG}pattern"))) == 1
    assert "Named" not in texts(svg)
    assert len(bars(svg)) == 1  # Anonymous: withheld for Place, 9 for Adults and Health
    assert svg.find(f"{SVG}title").text == "Concerns by directorate and channel: Anonymous"


def test_it_refuses_a_column_the_table_does_not_have():
    with pytest.raises(ValueError, match="no column 3"):
        bar_chart(by_directorate_and_channel(), column=3)


def test_labels_are_escaped():
    label = '<script>alert("x")</script> & Co'
    table = by_theme(
        title="Pay & <b>grading</b>",
        rows=((label, (shown(7),)),),
        columns=("Concerns",),
    )

    chart = bar_chart(table)
    svg = parse(chart)

    assert "<script" not in chart
    assert not list(svg.iter(f"{SVG}script"))
    assert label in texts(svg)
    assert svg.find(f"{SVG}title").text == "Pay & <b>grading</b>"


def test_a_long_label_wraps_onto_lines_that_fit():
    label = "Misuse of probation, capability and disciplinary processes against people who spoke up"
    svg = parse(bar_chart(by_theme(rows=((label, (shown(5),)),))))
    (text,) = [
        text for text in svg.iter(f"{SVG}text") if "".join(text.itertext()).startswith("Misuse")
    ]
    lines = [tspan.text or "" for tspan in text.iter(f"{SVG}tspan")]

    assert len(lines) > 1
    assert " ".join(lines) == label
    assert all(len(line) * 16 * 0.6 <= viewbox_width(svg) for line in lines)


@given(label=st.text(max_size=80), title=st.text(max_size=80))
def test_any_label_keeps_the_chart_well_formed(label, title):
    parse(bar_chart(by_theme(title=title, rows=((label, (shown(3),)),))))


def test_two_charts_on_one_page_have_distinct_ids():
    table = by_directorate_and_channel()
    page = parse(
        "<div>"
        + bar_chart(by_theme())
        + bar_chart(table)
        + bar_chart(table, column=0)
        + bar_chart(table, column=2)
        + "</div>"
    )
    ids = [element.get("id") for element in page.iter() if element.get("id")]

    assert len(ids) == len(set(ids))
    for svg in page:
        own = {element.get("id") for element in svg.iter()}
        references = svg.get("aria-labelledby", "").split()
        references += [
            match
            for element in svg.iter()
            for match in re.findall(r"url\(#([^)]+)\)", element.get("fill", ""))
        ]
        assert references
        assert set(references) <= own


def test_it_uses_no_inline_styles_which_the_content_security_policy_refuses():
    svg = parse(bar_chart(by_directorate_and_channel()))

    assert not list(svg.iter(f"{SVG}style"))
    assert all("style" not in element.attrib for element in svg.iter())


@pytest.mark.parametrize("colour", COLOURS)
def test_every_series_colour_has_3_to_1_contrast_against_white(colour):
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    assert (1.05) / (luminance(colour) + 0.05) >= 3


# The table beside each chart


def render_table(table: Published) -> ET.Element:
    html = render_to_string("insights/_table.html", {"table": table})
    return ET.fromstring(f"<page>{html}</page>")  # noqa: S314 (our own template's output)


def cells(row: ET.Element) -> list[str]:
    return ["".join(cell.itertext()).strip() for cell in row]


def test_the_table_is_a_govuk_table_captioned_with_its_title():
    page = render_table(by_directorate_and_channel())
    table = page.find(".//table")

    assert table.get("class") == "govuk-table"
    assert table.find("caption").text == "Concerns by directorate and channel"
    head = table.findall("./thead/tr/th")
    assert [th.get("scope") for th in head] == ["col"] * 5
    assert cells(table.findall("./thead/tr")[0]) == [
        "Directorate",
        "Named",
        "Anonymous",
        "On someone's behalf",
        "Total",
    ]


def test_the_table_shows_each_figure_in_words_with_its_row_and_column_totals():
    table = render_table(by_directorate_and_channel()).find(".//table")
    rows = table.findall("./tbody/tr")

    assert [cells(row) for row in rows] == [
        ["Place", "12", FEWER, "6", "withheld"],
        ["Adults and Health", "8", "9", FEWER, "withheld"],
        ["Total", "20", "withheld", "withheld", "40"],
    ]
    for row in rows:
        assert row[0].tag == "th"
        assert row[0].get("scope") == "row"
        assert all("govuk-table__cell--numeric" in cell.get("class", "") for cell in row[1:])


def test_a_table_without_totals_has_no_total_row_or_column():
    table = render_table(by_theme()).find(".//table")

    assert "Total" not in cells(table.findall("./thead/tr")[0])
    assert [cells(row)[0] for row in table.findall("./tbody/tr")] == [
        "Bullying and harassment",
        "Pay",
        "Dress codes",
        "Mediation",
    ]


def test_a_single_column_total_leaves_out_the_grand_total_it_repeats():
    table = by_theme(column_totals=(shown(18), shown(18)))
    rows = render_table(table).findall(".//tbody/tr")

    assert cells(rows[-1]) == ["Total", "18"]


def test_a_wide_table_scrolls_in_a_labelled_region_that_takes_focus():
    page = render_table(by_directorate_and_channel())
    region = page.find("div")

    assert region.get("role") == "region"
    assert region.get("tabindex") == "0"
    assert "app-table-scroll" in region.get("class", "")
    assert page.find(f".//caption[@id='{region.get('aria-labelledby')}']") is not None


def test_the_table_notes_follow_it_as_hints():
    page = render_table(by_directorate_and_channel())
    hints = page.findall("p[@class='govuk-hint']")

    assert [hint.text for hint in hints] == list(by_directorate_and_channel().notes)


def test_the_table_escapes_labels():
    page = render_table(by_theme(rows=(("<script>x</script> & Co", (shown(5),)),)))

    assert page.find(".//script") is None
    assert page.find(".//tbody/tr/th").text == "<script>x</script> & Co"


def test_two_tables_on_one_page_have_distinct_region_labels():
    first = render_table(by_theme()).find("div").get("aria-labelledby")
    second = render_table(by_directorate_and_channel()).find("div").get("aria-labelledby")

    assert first != second


def test_a_chart_is_shown_above_the_table_its_description_points_to():
    table = by_theme()
    html = render_to_string("insights/_chart.html", {"table": table, "chart": bar_chart(table)})
    page = ET.fromstring(f"<page>{html}</page>")  # noqa: S314 (our own template's output)

    order = [element.tag for element in page.iter() if element.tag in (f"{SVG}svg", "table")]
    assert order == [f"{SVG}svg", "table"]
    desc = page.find(f".//{SVG}desc")
    assert desc.text.endswith("the table below gives the figures.")
