"""Vietnamese date phrases in campaign documents → dates, ranges and recurrences.

CONTRACT (implemented by the date-parser work; extraction and answering rely on it):

    parse_dates(text, *, year_hint=None, issue_date=None) -> list[DateMention]

returns every date expression found in `text`, in order of appearance, never raising.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

MentionKind = Literal["day", "month", "range", "recurring", "relative"]
Recurrence = Literal["monthly", "quarterly", "six_monthly", "yearly"]


@dataclass(frozen=True)
class DateMention:
    """One date expression found in a text.

    - kind "day": a single day; start == end.
    - kind "month": a whole month ("tháng 6 năm 2025"); start = first day, end = last day.
    - kind "range": a window ("từ ngày 20/7 đến ngày 31/7/2022", "Từ tháng 1 - 30/6/2021");
      start/end may be None when one side is unknown.
    - kind "recurring": "định kỳ hàng quý", "trước ngày 10 hàng tháng"; `recurrence` is set,
      `day`/`month` when the text gives them; start/end None.
    - kind "relative": "từ ngày ban hành Kế hoạch này" — start is the issue date when known.
    `deadline` is True when the phrase reads as a cut-off ("trước ngày", "đến ngày", "hạn").
    `year_inferred` is True when the year was not written and came from context.
    `valid` is False when the text names an impossible date (e.g. 31/02/2021); start/end None.
    """

    kind: MentionKind
    text: str
    span: tuple[int, int]
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: Recurrence | None = None
    day: int | None = None
    month: int | None = None
    deadline: bool = False
    year_inferred: bool = False
    valid: bool = True


def parse_dates(
    text: str, *, year_hint: int | None = None, issue_date: dt.date | None = None
) -> list[DateMention]:
    """Find every date expression in `text`; never raises."""
    raise NotImplementedError  # replaced by the date-parser implementation
