"""Calendar arithmetic shared by check-ins, the tripwire and the insight periods."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day so many months on (or back), or the month's last day if it is shorter."""
    moved: datetime.date = day + relativedelta(months=months)
    return moved
