"""Dates as people read them: dd/mm/yyyy, periods, and how far a deadline is from today."""

from __future__ import annotations

import datetime as dt

DATE_FORMAT = "%d/%m/%Y"
MOMENT_FORMAT = "%H:%M %d/%m/%Y"  # the time first: "08:00 24/01/2025", as a reminder is read
UNKNOWN_DATE = "chưa rõ"
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def format_date(day: dt.date | None, unknown: str = UNKNOWN_DATE) -> str:
    """dd/mm/yyyy, or `unknown` when there is no date."""
    return day.strftime(DATE_FORMAT) if day else unknown


def format_moment(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """A moment in the chat's zone: "08:00 24/01/2025"."""
    return moment.astimezone(tz).strftime(MOMENT_FORMAT)


def format_range(start: dt.date | None, end: dt.date | None, lang: str = "vi") -> str:
    """ "từ dd/mm/yyyy đến dd/mm/yyyy" (English "from … to …"), unknown sides left out."""
    since, until, both = ("from", "until", "to") if lang == "en" else ("từ", "đến", "đến")
    if start and end:
        return f"{since} {format_date(start)} {both} {format_date(end)}"
    if end:
        return f"{until} {format_date(end)}"
    if start:
        return f"{since} {format_date(start)}"
    return "dates unknown" if lang == "en" else "chưa rõ thời gian"


def format_period(start: dt.date | None, end: dt.date | None, lang: str = "vi") -> str:
    """ "01/01/2021 – 31/12/2021"; one unknown end worded ("từ 01/01/2021"), both "chưa rõ"."""
    if start is None and end is None:
        return "period unknown" if lang == "en" else "chưa rõ thời gian"
    if start is None or end is None:
        return format_range(start, end, lang)
    return f"{format_date(start)} – {format_date(end)}"


def format_span(start: dt.date | None, end: dt.date | None) -> str:
    """ "01/01/2021 – 31/12/2021" with "?" for an unknown end; "" when both are unknown."""
    if start is None and end is None:
        return ""
    return f"{format_date(start, '?')} – {format_date(end, '?')}"


def days_phrase(due: dt.date, today: dt.date, lang: str = "vi") -> str:
    """A deadline's state: "còn 5 ngày", "hôm nay là hạn cuối", "đã qua 3 ngày"."""
    delta = (due - today).days
    if lang == "en":
        if delta > 0:
            return f"{delta} day{'s' if delta > 1 else ''} left"
        if delta == 0:
            return "due today"
        return f"passed {-delta} day{'s' if delta < -1 else ''} ago" if delta >= -30 else "passed"
    if delta > 0:
        return f"còn {delta} ngày"
    if delta == 0:
        return "hôm nay là hạn cuối"
    return f"đã qua {-delta} ngày" if delta >= -30 else "đã qua hạn"


def relative_day(due: dt.date, today: dt.date, lang: str = "vi") -> str:
    """A day from today: "hôm nay", "ngày mai", "còn 5 ngày", "đã qua 2 ngày"."""
    n = (due - today).days
    if lang == "en":
        if n == 0:
            return "today"
        if n == 1:
            return "tomorrow"
        return f"in {n} days" if n > 0 else f"{-n} days ago"
    if n == 0:
        return "hôm nay"
    if n == 1:
        return "ngày mai"
    return f"còn {n} ngày" if n > 0 else f"đã qua {-n} ngày"


def weekday_and_date(day: dt.date) -> str:
    """ "Thứ Hai, 01/06/2026": a reminder's or digest's day."""
    return f"{WEEKDAYS_VI[day.weekday()]}, {format_date(day)}"
