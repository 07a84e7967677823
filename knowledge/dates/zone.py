"""The product's default time zone; a deployment's `Settings.tz` is passed down instead."""

from __future__ import annotations

from zoneinfo import ZoneInfo

# Every campaign document and every reminder is in Vietnamese local time; the composition root
# passes `Settings.tz` (bot/settings.py) to whatever needs a zone, and this is its default.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
