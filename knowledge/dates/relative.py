"""Time expressions in questions ("hôm nay", "tuần sau", "tháng 2", "còn mấy ngày") → dates.

Everything is computed from `now` (the moment the question is asked) in the caller's zone;
the question text is folded (no diacritics) before matching, so "thang sau" == "tháng sau".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from knowledge.presentation.dates import format_date
from knowledge.text.normalise import fold

WindowKind = Literal["day", "week", "month", "year", "range", "upcoming"]

UPCOMING_DAYS = 60  # "sắp tới" looks this far ahead


@dataclass(frozen=True)
class TimeWindow:
    """A span of days named by the question, with a label for replies."""

    start: dt.date
    end: dt.date
    kind: WindowKind
    label: str  # Vietnamese, e.g. "tháng 02/2025", "tuần này (17/02–23/02/2025)"
    label_en: str = ""


@dataclass(frozen=True)
class TimeQuery:
    """What the question says about time."""

    window: TimeWindow | None = None
    on_date: dt.date | None = None  # a single day the question is about ("hôm nay", 10/3/2022)
    years: tuple[int, ...] = ()  # years written in the question ("năm 2022", "2025")
    months: tuple[int, ...] = ()  # month numbers written ("tháng 2")
    days_left: bool = False  # "còn bao nhiêu ngày", "còn mấy ngày"
    upcoming: bool = False  # "sắp tới", "sắp đến hạn"
    explicit: bool = False  # any relative or absolute time expression found
    notes: tuple[str, ...] = field(default_factory=tuple)


def _d(day: dt.date) -> str:
    return format_date(day)


def _month_window(year: int, month: int, kind_label: str = "") -> TimeWindow:
    last = calendar.monthrange(year, month)[1]
    label = f"tháng {month:02d}/{year}"
    return TimeWindow(
        dt.date(year, month, 1),
        dt.date(year, month, last),
        "month",
        kind_label + label if kind_label else label,
        f"{calendar.month_name[month]} {year}",
    )


def _week_window(monday: dt.date, word: str, word_en: str) -> TimeWindow:
    sunday = monday + dt.timedelta(days=6)
    return TimeWindow(
        monday,
        sunday,
        "week",
        f"{word} ({monday:%d/%m}–{_d(sunday)})",
        f"{word_en} ({monday:%d/%m}–{_d(sunday)})",
    )


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


_MONTH_WORDS = {
    "gieng": 1,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
    "chap": 12,
}
_EN_MONTHS = {fold(calendar.month_name[i]): i for i in range(1, 13)} | {
    fold(calendar.month_abbr[i]): i for i in range(1, 13)
}

_DATE_DMY = re.compile(
    r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?![\d/])"
)
_DATE_ISO = re.compile(r"(?<![\d/])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?![\d/])")
_DATE_VN = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+(?:nam\s+)?((?:19|20)\d{2}))?")
_DATE_DM = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_MONTH_NUM = re.compile(
    r"(?<!\d )\bthang\s+(\d{1,2})(?:\s*(?:/|nam)\s*((?:19|20)\d{2}))?(?![\d/])"
)
_MONTH_WORD = re.compile(
    r"\bthang\s+(gieng|chap|muoi hai|muoi mot|muoi|mot|hai|ba|tu|bay|tam|chin)\b"
)
_YEAR = re.compile(r"(?<![\d/.,])((?:19|20)\d{2})(?![\d/.,]|\s*(?:ty|trieu|nghin|%))")
_N_DAYS = re.compile(
    r"\b(?:trong|toi|sap toi)\s+(\d{1,3})\s+ngay(?:\s+toi)?\b|\b(\d{1,3})\s+ngay\s+toi\b"
)
_N_DAYS_EN = re.compile(r"\b(?:next|within|in)\s+(\d{1,3})\s+days?\b")
_EN_MONTH_RE = re.compile(
    r"\b(?:in|during)\s+(" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\b"
)

_DAYS_LEFT = re.compile(
    r"con\s+(?:bao\s*nhieu|may|bn|mấy)\s+ngay|bao\s*nhieu\s+ngay\s+nua|may\s+ngay\s+nua"
    r"|con\s+(?:bao\s*lau|may\s+hom)|how\s+many\s+days|days\s+left|days\s+remaining"
)
_UPCOMING = re.compile(
    r"\bsap\s+(?:toi|den|het|dien\s+ra|bat\s+dau)|\bsap\s+co\b|\bgan\s+(?:day|toi)\b|\btoi\s+day\b"
    r"|thoi\s+gian\s+toi|\bupcoming\b|\bcoming\s+up\b|\bsoon\b|\bnext\s+deadlines?\b"
)


def parse_time(question: str, now: dt.datetime) -> TimeQuery:
    """Read the time expressions of a question, relative to `now` (never raises)."""
    try:
        return _parse(fold(question), now)
    except (ValueError, OverflowError):
        return TimeQuery()


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# A day and month right after these words is the day a campaign salutes or marks ("chào mừng
# 20/11", "kỷ niệm ngày 2/9"), part of its name: not the day the question asks about.
_SALUTED = re.compile(
    r"\b(?:chao mung|ky niem|nhan dip|huong toi|huong ve|chao don)(?:\s+[a-z]+){0,5}\s*$"
)


@dataclass
class _Reading:
    """What the steps of `_parse` have read so far from one folded question."""

    text: str
    today: dt.date
    window: TimeWindow | None = None
    on_date: dt.date | None = None
    years: list[int] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)  # spans of the dates read

    def free(self, span: tuple[int, int]) -> bool:
        """Whether a match lies outside every date already read."""
        return all(span[1] <= start or span[0] >= end for start, end in self.taken)


def _day_window(day: dt.date, label: str, label_en: str) -> TimeWindow:
    if label == "ngày":
        return TimeWindow(day, day, "day", f"ngày {_d(day)}", f"on {_d(day)}")
    return TimeWindow(day, day, "day", f"{label} ({_d(day)})", f"{label_en} ({_d(day)})")


def _full_dates(reading: _Reading) -> None:
    """Explicit dates with a year (10/3/2022, 2022-03-10, "ngày 10 tháng 3 năm 2022"): they win
    over relative words; the first valid one is the day asked about."""
    for match in _DATE_DMY.finditer(reading.text):
        year, month, day = int(match.group(3)), int(match.group(2)), int(match.group(1))
        _take_date(reading, match.span(), _safe_date(year, month, day), year_written=True)
    for match in _DATE_ISO.finditer(reading.text):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        _take_date(reading, match.span(), _safe_date(year, month, day), year_written=True)
    for match in _DATE_VN.finditer(reading.text):
        year = int(match.group(3)) if match.group(3) else reading.today.year
        date = _safe_date(year, int(match.group(2)), int(match.group(1)))
        _take_date(reading, match.span(), date, year_written=bool(match.group(3)))


def _take_date(
    reading: _Reading, span: tuple[int, int], date: dt.date | None, year_written: bool
) -> None:
    reading.taken.append(span)
    if date and reading.on_date is None:
        reading.on_date = date
        if year_written:
            reading.years.append(date.year)


def _day_month(reading: _Reading) -> None:
    """A bare day and month ("20/11") is this year's, unless a campaign salutes it."""
    for match in _DATE_DM.finditer(reading.text):
        if not reading.free(match.span()):
            continue
        if _SALUTED.search(reading.text, max(0, match.start() - 48), match.start()):
            reading.taken.append(match.span())  # "chào mừng 20/11": the day a campaign salutes
            continue
        day = _safe_date(reading.today.year, int(match.group(2)), int(match.group(1)))
        if day and reading.on_date is None:
            reading.on_date = day
            reading.taken.append(match.span())
    if reading.on_date is not None:
        reading.window = _day_window(reading.on_date, "ngày", "on")


# phrase → (days from today, label, English label)
_RELATIVE_DAYS = {
    "hom nay": (0, "hôm nay", "today"),
    "bay gio": (0, "hôm nay", "today"),
    "hien nay": (0, "hôm nay", "today"),
    "hien tai": (0, "hôm nay", "today"),
    "today": (0, "hôm nay", "today"),
    "ngay mai": (1, "ngày mai", "tomorrow"),
    "tomorrow": (1, "ngày mai", "tomorrow"),
    "ngay kia": (2, "ngày kia", "the day after tomorrow"),
    "hom qua": (-1, "hôm qua", "yesterday"),
    "yesterday": (-1, "hôm qua", "yesterday"),
}
_RELATIVE_DAY_PATTERNS = [
    (re.compile(rf"\b{phrase}\b"), delta, label, label_en)
    for phrase, (delta, label, label_en) in _RELATIVE_DAYS.items()
]
# (pattern, weeks from this one, label, English label)
_RELATIVE_WEEKS = [
    (re.compile(r"\btuan\s+(?:nay|hien\s+tai)\b|\bthis\s+week\b"), 0, "tuần này", "this week"),
    (
        re.compile(r"\btuan\s+(?:sau|toi|ke\s+tiep|ke)\b|\bnext\s+week\b"),
        1,
        "tuần sau",
        "next week",
    ),
    (re.compile(r"\btuan\s+(?:truoc|roi)\b|\blast\s+week\b"), -1, "tuần trước", "last week"),
]
# (pattern, months from this one)
_RELATIVE_MONTHS = [
    (re.compile(r"\bthang\s+(?:nay|hien\s+tai)\b|\bthis\s+month\b"), 0),
    (re.compile(r"\bthang\s+(?:sau|toi|ke\s+tiep|ke)\b|\bnext\s+month\b"), 1),
    (re.compile(r"\bthang\s+(?:truoc|roi)\b|\blast\s+month\b"), -1),
]
# "hằng năm trước ngày 15/3" is a yearly rule, not last year: "năm" after hằng/hàng/mỗi
# names no year, and "trước" followed by ngày/thời hạn/khi starts a time limit.
_EVERY = r"(?<!\bhang )(?<!\bmoi )"
# (pattern, years from this one)
_RELATIVE_YEARS = [
    (re.compile(_EVERY + r"\bnam\s+(?:nay|hien\s+tai)\b|\bthis\s+year\b"), 0),
    (re.compile(_EVERY + r"\bnam\s+(?:sau|toi)\b|\bnext\s+year\b"), 1),
    (
        re.compile(
            _EVERY + r"\bnam\s+(?:ngoai|roi|truoc\b(?!\s+(?:ngay|thoi\s+han|khi)\b))\b"
            r"|\blast\s+year\b"
        ),
        -1,
    ),
]


def _relative_day(reading: _Reading) -> None:
    """ "hôm nay", "ngày mai", "hôm qua": a day counted from today."""
    for pattern, delta, label, label_en in _RELATIVE_DAY_PATTERNS:
        if pattern.search(reading.text) and reading.window is None:
            day = reading.today + dt.timedelta(days=delta)
            reading.on_date = day
            reading.window = _day_window(day, label, label_en)


def _relative_week(reading: _Reading) -> None:
    """ "tuần này / sau / trước": Monday to Sunday."""
    monday = reading.today - dt.timedelta(days=reading.today.weekday())
    for pattern, delta, label, label_en in _RELATIVE_WEEKS:
        if reading.window is None and pattern.search(reading.text):
            reading.window = _week_window(monday + dt.timedelta(weeks=delta), label, label_en)


def _relative_month(reading: _Reading) -> None:
    """ "tháng này / sau / trước": the calendar month counted from this one."""
    for pattern, delta in _RELATIVE_MONTHS:
        if reading.window is None and pattern.search(reading.text):
            year, month = _add_months(reading.today.year, reading.today.month, delta)
            reading.window = _month_window(year, month)
            reading.months.append(month)


def _named_months(reading: _Reading) -> None:
    """ "tháng 2", "tháng 02/2025", "tháng 8 năm 2021", "tháng giêng", "in March": not "6 tháng"
    (a duration)."""
    for match in _MONTH_NUM.finditer(reading.text):
        if not reading.free(match.span()):
            continue
        month = int(match.group(1))
        if not 1 <= month <= 12:
            continue
        reading.months.append(month)
        written = int(match.group(2)) if match.group(2) else None
        if written:
            reading.years.append(written)
        if reading.window is None:
            year = written or _default_year(reading.text, reading.today)
            reading.window = _month_window(year, month)
    word_months = [_MONTH_WORDS[match.group(1)] for match in _MONTH_WORD.finditer(reading.text)]
    word_months += [_EN_MONTHS[match.group(1)] for match in _EN_MONTH_RE.finditer(reading.text)]
    for month in word_months:
        reading.months.append(month)
        if reading.window is None:
            reading.window = _month_window(_default_year(reading.text, reading.today), month)


def _years(reading: _Reading) -> None:
    """Years written outside the dates read, then "năm nay / sau / ngoái"."""
    for match in _YEAR.finditer(reading.text):
        if reading.free(match.span()):
            reading.years.append(int(match.group(1)))
    for pattern, delta in _RELATIVE_YEARS:
        if pattern.search(reading.text):
            year = reading.today.year + delta
            reading.years.append(year)
            if reading.window is None:
                reading.window = TimeWindow(
                    dt.date(year, 1, 1), dt.date(year, 12, 31), "year", f"năm {year}", str(year)
                )


def _next_days(reading: _Reading) -> None:
    """ "trong 10 ngày tới", "within 10 days": from today."""
    n_days = _N_DAYS.search(reading.text) or _N_DAYS_EN.search(reading.text)
    if reading.window is None and n_days:
        count = int(next(group for group in n_days.groups() if group))
        end = reading.today + dt.timedelta(days=count)
        reading.window = TimeWindow(
            reading.today,
            end,
            "range",
            f"{count} ngày tới (đến {_d(end)})",
            f"the next {count} days",
        )


# In this order: a step fills the window only when an earlier one has not.
_STEPS = (
    _full_dates,
    _day_month,
    _relative_day,
    _relative_week,
    _relative_month,
    _named_months,
    _years,
    _next_days,
)


def _parse(folded: str, now: dt.datetime) -> TimeQuery:
    reading = _Reading(folded, now.date())
    for step in _STEPS:
        step(reading)
    upcoming = bool(_UPCOMING.search(folded))
    if reading.window is None and upcoming:
        end = reading.today + dt.timedelta(days=UPCOMING_DAYS)
        reading.window = TimeWindow(reading.today, end, "upcoming", "sắp tới", "upcoming")
    days_left = bool(_DAYS_LEFT.search(folded))
    explicit = reading.window is not None or bool(reading.years) or days_left
    return TimeQuery(
        window=reading.window,
        on_date=reading.on_date,
        years=tuple(dict.fromkeys(reading.years)),
        months=tuple(dict.fromkeys(reading.months)),
        days_left=days_left,
        upcoming=upcoming,
        explicit=explicit,
    )


def _default_year(folded: str, today: dt.date) -> int:
    """The year a bare month refers to: the one written in the question, else this year."""
    match = _YEAR.search(folded)
    return int(match.group(1)) if match else today.year
