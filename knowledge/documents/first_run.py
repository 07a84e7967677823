"""First run: notice when every published campaign has already ended, and suggest a clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from knowledge.presentation.dates import format_date

SUGGEST_BEFORE_END = dt.timedelta(days=130)  # about four months before the last end


@dataclass(frozen=True)
class AllEnded:
    """Every published campaign ended; `last_end` is the latest end, `suggest` a day to try."""

    last_end: dt.date
    suggest: dt.date

    def text_vi(self, console: bool) -> str:
        """The notice in Vietnamese; on the console it suggests `--now`."""
        line = (
            "Lưu ý: mọi phong trào trong kho đã kết thúc "
            f"(muộn nhất ngày {format_date(self.last_end)}), nên không còn hạn nào sắp tới."
        )
        if console:
            line += (
                " Để thử bot như khi chúng đang diễn ra, hãy đặt đồng hồ của bot: "
                f"thiduabot run --now {self.suggest.isoformat()}"
            )
        return line


def all_campaigns_ended(conn: Connection, today: dt.date) -> AllEnded | None:
    """AllEnded when there are published campaigns and each one ended before `today`."""
    rows = conn.execute(
        text('SELECT start, "end" FROM campaign WHERE status = \'published\'')
    ).all()
    if not rows:
        return None
    ends: list[dt.date] = []
    starts: list[dt.date | None] = []
    for start, end in rows:
        end = dt.date.fromisoformat(end) if isinstance(end, str) else end
        if end is None or end >= today:
            return None
        start = dt.date.fromisoformat(start) if isinstance(start, str) else start
        ends.append(end)
        starts.append(start)
    last = max(ends)
    first = starts[ends.index(last)]
    suggest = last - SUGGEST_BEFORE_END
    if first is not None and suggest < first:
        suggest = first
    return AllEnded(last, suggest)
