"""Bar charts of published tables, drawn on the server as inline SVG that needs no script.

A chart is a picture of a table that sits beside it: the table is what a screen reader reads,
so the SVG is one image with a short title and description. Bars are horizontal, with each
label on its own lines above its bars, so that long theme names fit and the chart still reads
on a phone. Each series has a pattern as well as a colour, so it can be told apart without
seeing colour. The page's Content Security Policy refuses inline styles, so everything is
drawn with SVG presentation attributes.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext

from safespace.insights.tables import Figure, Published

WIDTH = 480  # viewBox units; the SVG is drawn at 100% of its container and scales with it
FONT_SIZE = 16
CHAR_WIDTH = FONT_SIZE * 0.6  # wider than most glyphs, so that text measured with it fits
LINE_HEIGHT = 20
BAR_HEIGHT = 20
BAR_GAP = 4  # between the bars of one row
ROW_GAP = 16  # between rows
BAR_X = 1  # leaves room for the bar's outline at the left edge
SWATCH = 16
FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
TEXT_COLOUR = "#0b0c0c"
QUIET_TEXT_COLOUR = "#484949"
TILE = 8  # pattern tile size

# GOV.UK palette colours with at least 3:1 contrast against white (WCAG 1.4.11), ordered so
# that neighbouring series differ in hue as well as in pattern.
COLOURS = (
    "#1d70b8",  # blue
    "#b7592a",  # orange, shade 25
    "#0f7a52",  # green
    "#54319f",  # purple
    "#ca357c",  # magenta
    "#99704a",  # brown
    "#158187",  # teal
    "#484949",  # black, tint 25
)

# White marks drawn over each series' colour, as SVG path data on an 8 by 8 tile; an empty
# mark is a plain fill. Dots are circles and are named here rather than drawn as a path.
MARKS = (
    "",
    "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6",  # diagonal lines
    "dots",
    "M0,4 H8",  # horizontal lines
    "M0,0 L8,8 M8,0 L0,8",  # cross-hatch
    "M4,0 V8",  # vertical lines
    "M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2",  # diagonal lines the other way
    "M0,4 H8 M4,0 V8",  # grid
)

# Characters XML 1.0 cannot carry at all; a label holding one would break the whole page's SVG.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Series:
    """One set of bars: a column of the table, drawn in one colour and pattern."""

    name: str
    column: int
    colour: str
    mark: str
    pattern_id: str


def bar_chart(table: Published, *, column: int | None = None) -> SafeString:
    """The table as a horizontal bar chart: one bar per row, or a group of bars per row (one
    per column) when the table has several columns and no single column is chosen.

    Totals are not drawn: beside the cells they would dwarf them and say nothing new.
    """
    if column is not None and not 0 <= column < len(table.columns):
        raise ValueError(f"{table.key}: there is no column {column}")
    prefix = _id_prefix(table, column)
    columns = [column] if column is not None else list(range(len(table.columns)))
    series = [
        Series(
            name=table.columns[c],
            column=c,
            colour=COLOURS[i % len(COLOURS)],
            # After every colour has been used once, shift the patterns so that no two
            # series share both colour and pattern.
            mark=MARKS[(i + i // len(COLOURS)) % len(MARKS)],
            pattern_id=f"{prefix}-pattern-{i}",
        )
        for i, c in enumerate(columns)
    ]
    title = table.title if column is None else f"{table.title}: {table.columns[column]}"

    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "font-family": FONT_FAMILY,
            "font-size": str(FONT_SIZE),
            "fill": TEXT_COLOUR,
            "id": prefix,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{prefix}-title"}).text = _clean(title)
    ET.SubElement(svg, "desc", {"id": f"{prefix}-desc"}).text = _clean(_summary(title, series))
    defs = ET.SubElement(svg, "defs")
    for one in series:
        _add_pattern(defs, one)

    y = 0.0
    if len(series) > 1:
        y = _add_legend(svg, series, y)
    scale = _scale(table, series)
    for label, figures in table.rows:
        y = _add_row(svg, label, [figures[one.column] for one in series], series, scale, y)
    if not table.rows:
        y = _add_text(
            svg, gettext("There are no figures to show."), 0, y + FONT_SIZE, QUIET_TEXT_COLOUR
        )

    svg.set("viewBox", f"0 0 {WIDTH} {_number(max(y, LINE_HEIGHT))}")
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308 (ElementTree escapes every label)


def _id_prefix(table: Published, column: int | None) -> str:
    """Ids unique on a page that shows several charts, or one chart per column of a table."""
    prefix = f"chart-{slugify(table.key) or 'table'}"
    return prefix if column is None else f"{prefix}-column-{column}"


def _summary(title: str, series: list[Series]) -> str:
    if len(series) > 1:
        names = ", ".join(one.name for one in series)
        return gettext(
            "Bar chart of %(title)s, with a bar for each of %(names)s; the table below gives "
            "the figures."
        ) % {"title": title, "names": names}
    return gettext("Bar chart of %(title)s; the table below gives the figures.") % {"title": title}


def _add_pattern(defs: ET.Element, series: Series) -> None:
    tile = str(TILE)
    pattern = ET.SubElement(
        defs,
        "pattern",
        {
            "id": series.pattern_id,
            "width": tile,
            "height": tile,
            "patternUnits": "userSpaceOnUse",
        },
    )
    ET.SubElement(pattern, "rect", {"width": tile, "height": tile, "fill": series.colour})
    if series.mark == "dots":
        ET.SubElement(pattern, "circle", {"cx": "4", "cy": "4", "r": "1.6", "fill": "#ffffff"})
    elif series.mark:
        ET.SubElement(
            pattern,
            "path",
            {"d": series.mark, "stroke": "#ffffff", "stroke-width": "1.5", "fill": "none"},
        )


def _add_legend(svg: ET.Element, series: list[Series], y: float) -> float:
    legend = ET.SubElement(svg, "g")
    for one in series:
        ET.SubElement(legend, "rect", _swatch(one, y))
        y = _add_lines(legend, one.name, SWATCH + 8, y)
        y += BAR_GAP
    return y + ROW_GAP


def _swatch(series: Series, y: float) -> dict[str, str]:
    return {
        "x": str(BAR_X),
        "y": _number(y + (LINE_HEIGHT - SWATCH) / 2),
        "width": str(SWATCH),
        "height": str(SWATCH),
        "fill": f"url(#{series.pattern_id})",
        "stroke": series.colour,
    }


def _scale(table: Published, series: list[Series]) -> float:
    """Viewbox units per unit of value, leaving room after the longest bar for its figure."""
    shown = [row[one.column] for _, row in table.rows for one in series]
    shown = [figure for figure in shown if not figure.withheld]
    if not shown:
        return 0.0
    largest = max(_value(figure) for figure in shown)
    if largest <= 0:
        return 0.0
    room = min(WIDTH / 2, max(len(figure.text) for figure in shown) * CHAR_WIDTH + 10)
    return (WIDTH - BAR_X - room) / largest


def _add_row(
    svg: ET.Element,
    label: str,
    figures: list[Figure],
    series: list[Series],
    scale: float,
    y: float,
) -> float:
    row = ET.SubElement(svg, "g")
    y = _add_lines(row, label, 0, y)
    for figure, one in zip(figures, series, strict=True):
        baseline = y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        if figure.withheld:
            # No bar, so that nobody reads a length into a figure that is not there.
            _add_text(row, figure.text, BAR_X + 4, baseline, QUIET_TEXT_COLOUR)
        else:
            length = _value(figure) * scale
            ET.SubElement(
                row,
                "rect",
                {
                    "class": "app-chart__bar",
                    "x": str(BAR_X),
                    "y": _number(y),
                    "width": _number(length),
                    "height": str(BAR_HEIGHT),
                    "fill": f"url(#{one.pattern_id})",
                    "stroke": one.colour,
                },
            )
            _add_text(row, figure.text, BAR_X + length + 6, baseline, TEXT_COLOUR)
        y += BAR_HEIGHT + BAR_GAP
    return y - BAR_GAP + ROW_GAP


def _add_lines(parent: ET.Element, words: str, x: float, y: float) -> float:
    """Text wrapped onto as many lines as it needs; returns the y below the last line."""
    width = math.floor((WIDTH - x) / CHAR_WIDTH)
    lines = textwrap.wrap(_clean(words), width=width, break_long_words=True) or [""]
    text = ET.SubElement(parent, "text", {"x": _number(x)})
    for line in lines:
        y += LINE_HEIGHT
        ET.SubElement(text, "tspan", {"x": _number(x), "y": _number(y - 5)}).text = line
    return y + 4


def _add_text(parent: ET.Element, words: str, x: float, y: float, colour: str) -> float:
    attributes = {"x": _number(x), "y": _number(y), "fill": colour}
    ET.SubElement(parent, "text", attributes).text = _clean(words)
    return y + LINE_HEIGHT


def _value(figure: Figure) -> float:
    return max(float(figure.value or 0), 0.0)


def _clean(words: str) -> str:
    return NOT_XML.sub("", words)


def _number(value: float) -> str:
    """Coordinates to a tenth of a unit: short, and exact enough at any screen size."""
    return f"{value:.1f}".removesuffix(".0")
