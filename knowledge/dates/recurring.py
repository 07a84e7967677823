"""Recurring reports expanded into dated occurrences inside a campaign's period.

Documents rarely say on which day a monthly or quarterly report is due. The default rule is
"5 working days before the period ends". An officer changes it for one campaign with a
correction on the campaign's document (CorrectionRow, source = the document's file name):

    field = "scheduler.recurring_due"
    value = 3                        -> 3 working days before the period ends
    value = {"working_days_before_end": 3}
    value = {"day": 25}              -> day 25 of the period's last month (clamped to its length)

A report whose own `day` is known ("trước ngày 10 hàng tháng") always uses that day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass

CORRECTION_FIELD = "scheduler.recurring_due"
DEFAULT_WORKING_DAYS_BEFORE_END = 5

_MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "six_monthly": 6, "yearly": 12}


@dataclass(frozen=True)
class RecurringRule:
    """How to date an occurrence whose day the document does not give."""

    working_days_before_end: int = DEFAULT_WORKING_DAYS_BEFORE_END
    day: int | None = None  # fixed day of the period's last month, when an officer sets it


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of a recurring report."""

    suffix: str  # "2025-04": the first month of its period, stable when the due day changes
    period_start: dt.date
    period_end: dt.date
    due: dt.date


def parse_rule(raw: str | None) -> RecurringRule:
    """Read the officer's correction value (JSON); anything unreadable gives the default."""
    if not raw:
        return RecurringRule()
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return RecurringRule()
    if isinstance(value, bool):
        return RecurringRule()
    if isinstance(value, int) and 0 <= value <= 60:
        return RecurringRule(working_days_before_end=value)
    if isinstance(value, dict):
        day = value.get("day")
        if isinstance(day, int) and not isinstance(day, bool) and 1 <= day <= 31:
            return RecurringRule(day=day)
        n = value.get("working_days_before_end")
        if isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 60:
            return RecurringRule(working_days_before_end=n)
    return RecurringRule()


def _clamped(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _period_start(day: dt.date, months: int) -> dt.date:
    """First day of the calendar period (month, quarter, half, year) containing `day`."""
    first_month = (day.month - 1) // months * months + 1
    return dt.date(day.year, first_month, 1)


def occurrence_due(
    period: str,
    period_start: dt.date,
    day: int | None,
    month: int | None,
    rule: RecurringRule,
) -> dt.date:
    """The due date of the occurrence whose period starts at `period_start`."""
    months = _MONTHS_PER_PERIOD[period]
    period_end = _add_months(period_start, months) - dt.timedelta(days=1)
    last_month = period_end.month
    if day is not None and 1 <= day <= 31:
        target_month = last_month
        if month is not None and 1 <= month <= 12 and months > 1:
            # "ngày 20 tháng 12 hàng năm", "ngày 15 tháng 6 và tháng 12": the month inside this
            # period with the same position as the month the document names.
            offset = (month - 1) % months
            target_month = period_start.month + offset
        return _clamped(period_start.year, target_month, day)
    if rule.day is not None:
        return _clamped(period_end.year, last_month, rule.day)
    # Imported here: answers date only reports with a stated day, and the holiday calendar
    # is not worth loading for them (`ask` starts without it).
    from knowledge.dates.workdays import subtract_working_days

    return subtract_working_days(period_end, rule.working_days_before_end)


def expand(
    period: str,
    day: int | None,
    month: int | None,
    window_start: dt.date,
    window_end: dt.date,
    rule: RecurringRule,
) -> list[Occurrence]:
    """Occurrences whose due date falls within [window_start, window_end]."""
    months = _MONTHS_PER_PERIOD.get(period)
    if months is None or window_end < window_start:
        return []
    out: list[Occurrence] = []
    start = _period_start(window_start, months)
    while start <= window_end:
        end = _add_months(start, months) - dt.timedelta(days=1)
        due = occurrence_due(period, start, day, month, rule)
        if window_start <= due <= window_end:
            out.append(Occurrence(f"{start:%Y-%m}", start, end, due))
        start = _add_months(start, months)
    return out


def stated_occurrences(
    period: str,
    day: int | None,
    month: int | None,
    window_start: dt.date,
    window_end: dt.date,
) -> list[Occurrence]:
    """Occurrences in the window of a report whose document states its day, else none.

    A report without a stated day is dated by the officer's rule (reminders); answers, which
    read the document alone, do not invent that date.
    """
    if day is None or not 1 <= day <= 31:
        return []
    return expand(period, day, month, window_start, window_end, RecurringRule())
