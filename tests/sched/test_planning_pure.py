"""Reminder times: working days across Tết, swapped days and weekends; quiet hours."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.dates.recurring import RecurringRule, expand, parse_rule
from knowledge.dates.workdays import subtract_working_days, working_days_between
from scheduler.planning.times import (
    Profile,
    eligible_reminders,
    in_quiet_hours,
    parse_leads,
    planned_time,
    reminder_times,
    superseded,
)
from tests.sched.world import local

D = dt.date


@pytest.mark.parametrize(
    ("due", "n", "expected"),
    [
        # Tết 2025: 27/01 (Mon) .. 01/02 (Sat) off, weekend 25-26/01 and 01-02/02.
        (D(2025, 2, 5), 1, D(2025, 2, 4)),
        (D(2025, 2, 5), 3, D(2025, 1, 24)),
        (D(2025, 2, 5), 7, D(2025, 1, 20)),
        (D(2025, 2, 3), 1, D(2025, 1, 24)),
        # 30/4, 1/5 and the bridge day 2/5 off; Saturday 26/04/2025 was made a working day.
        (D(2025, 5, 5), 3, D(2025, 4, 26)),
        # a plain weekend
        (D(2025, 3, 10), 1, D(2025, 3, 7)),
        (D(2025, 3, 10), 0, D(2025, 3, 10)),
        # Tết 2026: 16/02 (Mon) .. 20/02 (Fri)
        (D(2026, 2, 23), 1, D(2026, 2, 13)),
        (D(2026, 2, 23), 3, D(2026, 2, 11)),
    ],
)
def test_subtract_working_days(due: dt.date, n: int, expected: dt.date) -> None:
    assert subtract_working_days(due, n) == expected


def test_working_days_between_skips_tet() -> None:
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 4)) == 2  # 03/02 and 04/02
    assert working_days_between(D(2025, 2, 4), D(2025, 2, 4)) == 0


def test_parse_leads() -> None:
    assert parse_leads("7,3,1,0") == (7, 3, 1, 0)
    assert parse_leads(" 1, 3 ,x,3,99,-2") == (3, 1)
    assert parse_leads("") == ()


@pytest.mark.parametrize(
    ("t", "start", "end", "quiet"),
    [
        (dt.time(22, 0), dt.time(21, 0), dt.time(7, 0), True),
        (dt.time(6, 59), dt.time(21, 0), dt.time(7, 0), True),
        (dt.time(7, 0), dt.time(21, 0), dt.time(7, 0), False),
        (dt.time(20, 59), dt.time(21, 0), dt.time(7, 0), False),
        (dt.time(12, 30), dt.time(12, 0), dt.time(13, 30), True),
        (dt.time(13, 30), dt.time(12, 0), dt.time(13, 30), False),
        (dt.time(3, 0), dt.time(0, 0), dt.time(0, 0), False),  # empty window
    ],
)
def test_quiet_hours(t: dt.time, start: dt.time, end: dt.time, quiet: bool) -> None:
    assert in_quiet_hours(t, start, end) is quiet


def test_planned_time_respects_quiet_hours() -> None:
    day = D(2025, 3, 12)
    assert planned_time(day, Profile(hour=8)) == local(2025, 3, 12, 8)
    # 06:00 is inside 21:00-07:00: moved to 07:00 the same day
    assert planned_time(day, Profile(hour=6)) == local(2025, 3, 12, 7)
    # 22:00 would move to tomorrow 07:00 (past its day): sent at 20:00 instead
    assert planned_time(day, Profile(hour=22)) == local(2025, 3, 12, 20)
    lunch = Profile(hour=12, quiet_start=dt.time(11, 30), quiet_end=dt.time(13, 30))
    assert planned_time(day, lunch) == local(2025, 3, 12, 13, 30)


def test_reminder_times_before_tet_deadline() -> None:
    times = reminder_times(D(2025, 2, 5), Profile())
    assert times == [
        (7, local(2025, 1, 20, 8)),
        (3, local(2025, 1, 24, 8)),
        (1, local(2025, 2, 4, 8)),
        (0, local(2025, 2, 5, 8)),
    ]


def test_eligible_keeps_latest_missed_and_those_within_horizon() -> None:
    due = D(2025, 2, 5)
    times = reminder_times(due, Profile())
    # down since before 20/01; back on 25/01: the 7- and 3-day reminders were missed
    got = eligible_reminders(times, due, local(2025, 1, 25, 10), dt.timedelta(hours=36))
    assert got == [(3, local(2025, 1, 24, 8))]
    # on 03/02 at 19:00 the 1-day reminder (04/02 08:00) is within 36 h, 05/02 08:00 is not
    got = eligible_reminders(times, due, local(2025, 2, 3, 19), dt.timedelta(hours=36))
    assert got == [(3, local(2025, 1, 24, 8)), (1, local(2025, 2, 4, 8))]
    # the day after the cut-off: nothing at all
    assert eligible_reminders(times, due, local(2025, 2, 6, 8)) == []
    assert superseded(local(2025, 1, 20, 8), times, local(2025, 1, 25))
    assert not superseded(local(2025, 1, 24, 8), times, local(2025, 1, 25))


def test_recurring_default_is_five_working_days_before_period_end() -> None:
    occ = expand("monthly", None, None, D(2025, 1, 1), D(2025, 3, 31), RecurringRule())
    # Jan 2025 ends Fri 31/01 (Tết): 5 working days back from 31/01 -> 20/01
    assert [(o.suffix, o.due) for o in occ] == [
        ("2025-01", D(2025, 1, 20)),
        ("2025-02", D(2025, 2, 21)),
        ("2025-03", D(2025, 3, 24)),
    ]


def test_recurring_with_day_month_and_officer_rule() -> None:
    occ = expand("monthly", 10, None, D(2025, 1, 15), D(2025, 4, 30), RecurringRule())
    assert [o.due for o in occ] == [D(2025, 2, 10), D(2025, 3, 10), D(2025, 4, 10)]
    q = expand("quarterly", None, None, D(2025, 1, 1), D(2025, 12, 31), RecurringRule(day=25))
    assert [o.due for o in q] == [D(2025, 3, 25), D(2025, 6, 25), D(2025, 9, 25), D(2025, 12, 25)]
    y = expand("yearly", 20, 12, D(2025, 1, 1), D(2026, 12, 31), RecurringRule())
    assert [o.due for o in y] == [D(2025, 12, 20), D(2026, 12, 20)]
    h = expand("six_monthly", 15, 6, D(2025, 1, 1), D(2025, 12, 31), RecurringRule())
    assert [o.due for o in h] == [D(2025, 6, 15), D(2025, 12, 15)]
    assert parse_rule("3") == RecurringRule(working_days_before_end=3)
    assert parse_rule('{"day": 25}') == RecurringRule(day=25)
    assert parse_rule("not json") == RecurringRule()
