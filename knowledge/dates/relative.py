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
    return day.strftime("%d/%m/%Y")


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


def _parse(q: str, now: dt.datetime) -> TimeQuery:
    today = now.date()
    window: TimeWindow | None = None
    on_date: dt.date | None = None
    years: list[int] = []
    months: list[int] = []

    def day_window(day: dt.date, label: str, label_en: str) -> TimeWindow:
        if label == "ngày":
            return TimeWindow(day, day, "day", f"ngày {_d(day)}", f"on {_d(day)}")
        return TimeWindow(day, day, "day", f"{label} ({_d(day)})", f"{label_en} ({_d(day)})")

    # Explicit dates first: they win over relative words.
    taken: list[tuple[int, int]] = []
    for m in _DATE_DMY.finditer(q):
        day = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        taken.append(m.span())
        if day and on_date is None:
            on_date = day
            years.append(day.year)
    for m in _DATE_ISO.finditer(q):
        day = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        taken.append(m.span())
        if day and on_date is None:
            on_date = day
            years.append(day.year)
    for m in _DATE_VN.finditer(q):
        year = int(m.group(3)) if m.group(3) else today.year
        day = _safe_date(year, int(m.group(2)), int(m.group(1)))
        taken.append(m.span())
        if day and on_date is None:
            on_date = day
            if m.group(3):
                years.append(year)

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for m in _DATE_DM.finditer(q):
        if not free(m.span()):
            continue
        if _SALUTED.search(q, max(0, m.start() - 48), m.start()):
            taken.append(m.span())  # "chào mừng 20/11": the day a campaign salutes
            continue
        day = _safe_date(today.year, int(m.group(2)), int(m.group(1)))
        if day and on_date is None:
            on_date = day
            taken.append(m.span())

    if on_date is not None:
        window = day_window(on_date, "ngày", "on")

    rel_day = {
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
    for phrase, (delta, label, label_en) in rel_day.items():
        if re.search(rf"\b{phrase}\b", q) and window is None:
            day = today + dt.timedelta(days=delta)
            on_date = day
            window = day_window(day, label, label_en)

    monday = today - dt.timedelta(days=today.weekday())
    weeks = [
        (r"\btuan\s+(?:nay|hien\s+tai)\b|\bthis\s+week\b", 0, "tuần này", "this week"),
        (r"\btuan\s+(?:sau|toi|ke\s+tiep|ke)\b|\bnext\s+week\b", 1, "tuần sau", "next week"),
        (r"\btuan\s+(?:truoc|roi)\b|\blast\s+week\b", -1, "tuần trước", "last week"),
    ]
    for pattern, delta, label, label_en in weeks:
        if window is None and re.search(pattern, q):
            window = _week_window(monday + dt.timedelta(weeks=delta), label, label_en)

    rel_months = [
        (r"\bthang\s+(?:nay|hien\s+tai)\b|\bthis\s+month\b", 0),
        (r"\bthang\s+(?:sau|toi|ke\s+tiep|ke)\b|\bnext\s+month\b", 1),
        (r"\bthang\s+(?:truoc|roi)\b|\blast\s+month\b", -1),
    ]
    for pattern, delta in rel_months:
        if window is None and re.search(pattern, q):
            y, mth = _add_months(today.year, today.month, delta)
            window = _month_window(y, mth)
            months.append(mth)

    # "tháng 2", "tháng 02/2025", "tháng 8 năm 2021": not "6 tháng" (a duration).
    for m in _MONTH_NUM.finditer(q):
        if not free(m.span()):
            continue
        mth = int(m.group(1))
        if not 1 <= mth <= 12:
            continue
        months.append(mth)
        written = int(m.group(2)) if m.group(2) else None
        if written:
            years.append(written)
        if window is None:
            window = _month_window(written or _default_year(q, today), mth)
    for m in _MONTH_WORD.finditer(q):
        mth = _MONTH_WORDS[m.group(1)]
        months.append(mth)
        if window is None:
            window = _month_window(_default_year(q, today), mth)
    for m in _EN_MONTH_RE.finditer(q):
        mth = _EN_MONTHS[m.group(1)]
        months.append(mth)
        if window is None:
            window = _month_window(_default_year(q, today), mth)

    for m in _YEAR.finditer(q):
        if free(m.span()):
            years.append(int(m.group(1)))

    # "hằng năm trước ngày 15/3" is a yearly rule, not last year: "năm" after hằng/hàng/mỗi
    # names no year, and "trước" followed by ngày/thời hạn/khi starts a time limit.
    every = r"(?<!\bhang )(?<!\bmoi )"
    rel_years = [
        (every + r"\bnam\s+(?:nay|hien\s+tai)\b|\bthis\s+year\b", 0),
        (every + r"\bnam\s+(?:sau|toi)\b|\bnext\s+year\b", 1),
        (every + r"\bnam\s+(?:ngoai|roi|truoc\b(?!\s+(?:ngay|thoi\s+han|khi)\b))\b"
         r"|\blast\s+year\b", -1),
    ]
    for pattern, delta in rel_years:
        if re.search(pattern, q):
            year = today.year + delta
            years.append(year)
            if window is None:
                window = TimeWindow(
                    dt.date(year, 1, 1), dt.date(year, 12, 31), "year", f"năm {year}", str(year)
                )

    n_days = _N_DAYS.search(q) or _N_DAYS_EN.search(q)
    if window is None and n_days:
        n = int(next(g for g in n_days.groups() if g))
        end = today + dt.timedelta(days=n)
        window = TimeWindow(
            today, end, "range", f"{n} ngày tới (đến {_d(end)})", f"the next {n} days"
        )

    upcoming = bool(_UPCOMING.search(q))
    if window is None and upcoming:
        end = today + dt.timedelta(days=UPCOMING_DAYS)
        window = TimeWindow(today, end, "upcoming", "sắp tới", "upcoming")

    days_left = bool(_DAYS_LEFT.search(q))
    explicit = window is not None or bool(years) or days_left
    return TimeQuery(
        window=window,
        on_date=on_date,
        years=tuple(dict.fromkeys(years)),
        months=tuple(dict.fromkeys(months)),
        days_left=days_left,
        upcoming=upcoming,
        explicit=explicit,
    )


def _default_year(q: str, today: dt.date) -> int:
    """The year a bare month refers to: the one written in the question, else this year."""
    m = _YEAR.search(q)
    return int(m.group(1)) if m else today.year
