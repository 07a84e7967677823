"""The bot's clock: real time, or started at a given moment (`--now`) and running forward."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo


def parse_now(value: str | None, tz: ZoneInfo) -> dt.datetime | None:
    """Parse `--now` ("2025-02-20", "2025-02-20T09:30", "2025-02-20 09:30+07:00"); local tz."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace(" ", "T", 1)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(
            f"Không hiểu thời điểm '{value}': hãy viết dạng 2025-02-20 hoặc 2025-02-20T09:30"
        ) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(tz)


class Clock:
    """Now in the configured zone; with a start moment it runs forward from that moment."""

    def __init__(self, tz: ZoneInfo, start: dt.datetime | None = None) -> None:
        self.tz = tz
        self._start = start
        self._mono0 = time.monotonic()

    def now(self) -> dt.datetime:
        """The current moment, aware, in the configured zone."""
        if self._start is None:
            return dt.datetime.now(self.tz)
        return self._start + dt.timedelta(seconds=time.monotonic() - self._mono0)
