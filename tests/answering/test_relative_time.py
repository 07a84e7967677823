"""Relative time in questions, computed from an explicit "now" (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from knowledge.dates.relative import UPCOMING_DAYS, parse_time

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
THU = dt.datetime(2025, 2, 20, 9, 30, tzinfo=TZ)  # a Thursday
D = dt.date

# (question, now, expected window start, expected window end)
WINDOWS = [
    ("hôm nay có hạn gì", THU, D(2025, 2, 20), D(2025, 2, 20)),
    ("hom nay", THU, D(2025, 2, 20), D(2025, 2, 20)),
    ("ngày mai có hạn nộp không", THU, D(2025, 2, 21), D(2025, 2, 21)),
    ("hôm qua", THU, D(2025, 2, 19), D(2025, 2, 19)),
    ("tuần này có gì", THU, D(2025, 2, 17), D(2025, 2, 23)),
    ("tuan sau co han gi", THU, D(2025, 2, 24), D(2025, 3, 2)),
    ("tuần tới", THU, D(2025, 2, 24), D(2025, 3, 2)),
    ("tuần trước", THU, D(2025, 2, 10), D(2025, 2, 16)),
    ("tháng này", THU, D(2025, 2, 1), D(2025, 2, 28)),
    ("thang sau co han nao", THU, D(2025, 3, 1), D(2025, 3, 31)),
    ("tháng trước", THU, D(2025, 1, 1), D(2025, 1, 31)),
    ("Trong tháng 2 có hạn nộp gì không?", THU, D(2025, 2, 1), D(2025, 2, 28)),
    ("thang 12 nam 2021", THU, D(2021, 12, 1), D(2021, 12, 31)),
    ("tháng 02/2024", THU, D(2024, 2, 1), D(2024, 2, 29)),
    ("tháng giêng", THU, D(2025, 1, 1), D(2025, 1, 31)),
    ("sắp tới có hạn gì", THU, D(2025, 2, 20), D(2025, 2, 20) + dt.timedelta(UPCOMING_DAYS)),
    ("trong 10 ngày tới", THU, D(2025, 2, 20), D(2025, 3, 2)),
    ("năm nay", THU, D(2025, 1, 1), D(2025, 12, 31)),
    ("năm sau", THU, D(2026, 1, 1), D(2026, 12, 31)),
    ("năm trước có hạn gì", THU, D(2024, 1, 1), D(2024, 12, 31)),
    ("hạn năm ngoái là ngày nào", THU, D(2024, 1, 1), D(2024, 12, 31)),
    ("ngày 10/3/2022 có đợt nào", THU, D(2022, 3, 10), D(2022, 3, 10)),
    ("ngày 5 tháng 9 năm 2021", THU, D(2021, 9, 5), D(2021, 9, 5)),
    ("running on 2022-03-10", THU, D(2022, 3, 10), D(2022, 3, 10)),
    ("next week", THU, D(2025, 2, 24), D(2025, 3, 2)),
    ("this month", THU, D(2025, 2, 1), D(2025, 2, 28)),
    # Month end and year end roll over correctly.
    ("tháng sau", dt.datetime(2025, 12, 31, 23, 0, tzinfo=TZ), D(2026, 1, 1), D(2026, 1, 31)),
    ("tuần sau", dt.datetime(2025, 12, 29, 8, 0, tzinfo=TZ), D(2026, 1, 5), D(2026, 1, 11)),
    ("ngày mai", dt.datetime(2024, 2, 28, 8, 0, tzinfo=TZ), D(2024, 2, 29), D(2024, 2, 29)),
]


@pytest.mark.parametrize(("question", "now", "start", "end"), WINDOWS)
def test_window(question: str, now: dt.datetime, start: dt.date, end: dt.date) -> None:
    """Each phrase names the span of days it should."""
    t = parse_time(question, now)
    assert t.window is not None
    assert (t.window.start, t.window.end) == (start, end)


@pytest.mark.parametrize(
    ("question", "days_left"),
    [
        ("còn bao nhiêu ngày nữa", True),
        ("con may ngay", True),
        ("còn mấy ngày đến hạn", True),
        ("how many days left", True),
        ("hạn là ngày nào", False),
    ],
)
def test_days_left(question: str, days_left: bool) -> None:
    """"Còn mấy ngày" asks for the days remaining."""
    assert parse_time(question, THU).days_left is days_left


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("Tỷ lệ đô thị hóa năm 2021", (2021,)),
        ("6 tháng đầu năm 2022", (2022,)),
        ("thu 2.326 tỷ đồng", ()),
        ("kỷ niệm 30/4/1975", (1975,)),
        ("30 năm tái lập tỉnh", ()),
    ],
)
def test_years(question: str, years: tuple[int, ...]) -> None:
    """Years are read; amounts and durations are not years."""
    assert parse_time(question, THU).years == years


def test_duration_is_not_a_month() -> None:
    """"6 tháng đầu năm" is a duration, not June."""
    assert parse_time("6 tháng đầu năm 2022", THU).window is None


def test_naive_now_and_other_zone() -> None:
    """The day comes from `now` as given (the caller passes local time)."""
    late = dt.datetime(2025, 2, 20, 23, 30, tzinfo=TZ)
    assert parse_time("hôm nay", late).on_date == D(2025, 2, 20)


@pytest.mark.parametrize(
    "question",
    [
        "hồ sơ khen thưởng hằng năm nộp trước ngày nào",  # a yearly rule, not "last year"
        "hang nam truoc ngay nao phai nop ho so",
        "mỗi năm sau ngày 15/3 có phải nộp không",
    ],
)
def test_yearly_rule_words_name_no_year(question: str) -> None:
    t = parse_time(question, THU)
    assert t.window is None or t.window.kind != "year", t
    assert not t.years


@pytest.mark.parametrize(
    "question",
    [
        "Hạn đăng ký thi đua chào mừng 20/11 của Đoàn trường là khi nào?",
        "phong trào kỷ niệm ngày 2/9 kết thúc khi nào",
        "đợt thi đua nhân dịp 8/3 có những nội dung gì",
    ],
)
def test_a_saluted_day_is_not_the_day_asked(question: str) -> None:
    t = parse_time(question, THU)
    assert t.window is None and t.on_date is None, t


def test_a_bare_day_is_still_the_day_asked() -> None:
    t = parse_time("ngày 20/11 có hạn gì?", THU)
    assert t.on_date == D(2025, 11, 20)


def test_a_saluted_day_with_words_between() -> None:
    t = parse_time("phát động thi đua chào mừng ngày Nhà giáo Việt Nam 20/11 khi nào?", THU)
    assert t.window is None and t.on_date is None
