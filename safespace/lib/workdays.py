"""Working days in England and Wales, for first-contact targets."""

from __future__ import annotations

import datetime
from functools import cache

from govuk_bank_holidays.bank_holidays import BankHolidays


@cache
def _calendar() -> BankHolidays:
    # The bundled list, never a download at run time; it is maintained with the package.
    return BankHolidays(use_cached_holidays=True)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (weekends and bank holidays skipped)."""
    day = start
    for _ in range(days):
        day = _calendar().get_next_work_day(division=BankHolidays.ENGLAND_AND_WALES, date=day)
    return day
