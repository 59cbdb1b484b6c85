from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from django.utils.dateformat import format as date_format

from safespace.lib.dates import add_months, day_namer


def test_a_date_months_later_is_the_same_day_or_the_last_of_a_shorter_month() -> None:
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 24), 3) == datetime.date(2027, 2, 24)
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2027, 12, 31), 2) == datetime.date(2028, 2, 29)


def test_a_date_months_earlier_crosses_the_year_back() -> None:
    assert add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 1, 15), -11) == datetime.date(2025, 2, 15)
    assert add_months(datetime.date(2026, 5, 1), 0) == datetime.date(2026, 5, 1)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_named_day_reads_as_the_date_filter_writes_it(language) -> None:
    with translation.override(language):
        name = day_namer()
        for month in range(1, 13):
            for day in (datetime.date(2026, month, 1), datetime.date(1999, month, 28)):
                assert name(day) == date_format(day, "j F Y")
    with translation.override("cy"):
        assert day_namer()(datetime.date(2026, 12, 3)) == "3 Rhagfyr 2026"
