"""Working days in Vietnam: weekends and public holidays (Tết included) skipped.

The `holidays` package knows Vietnam's public holidays, the lunar-calendar ones (Tết, Giỗ Tổ
Hùng Vương) and the government's swapped days (a Saturday made a working day so a bridge day can
be taken off), so we never keep our own holiday list.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

# One calendar for the whole process; it fills in years lazily as dates are looked up.
_CALENDAR = holidays.country_holidays("VN", language="vi")


def is_working_day(day: dt.date) -> bool:
    """True when `day` is neither a weekend day nor a Vietnamese public holiday."""
    return _is_working(day)


@lru_cache(maxsize=8192)
def _is_working(day: dt.date) -> bool:
    return bool(_CALENDAR.is_working_day(day))


def holiday_name(day: dt.date) -> str | None:
    """The public holiday on `day`, if any (Vietnamese names, e.g. "Tết Nguyên Đán")."""
    name = _CALENDAR.get(day)
    return str(name) if name else None


@lru_cache(maxsize=65536)
def subtract_working_days(day: dt.date, n: int) -> dt.date:
    """The date `n` working days before `day` (`day` itself not counted; n=0 returns `day`)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    current = day
    remaining = n
    while remaining:
        current -= dt.timedelta(days=1)
        if _is_working(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if _is_working(current):
            count += 1
    return count
