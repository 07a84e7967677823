"""/lich gives an .ics that icalendar parses back; /timeline gives a real PNG."""

from __future__ import annotations

import datetime as dt
import struct

from icalendar import Calendar

from handlers.calendar_ics import working_days_before
from tests.handlers.conftest import NOW, Chat, add_campaign


async def test_calendar_needs_a_subscription(chat: Chat) -> None:
    [reply] = await chat.send("/lich")
    assert "chưa theo dõi phong trào nào" in reply.text and reply.attachment is None


async def test_calendar_parses_back_with_dates_alarms_and_citation(chat: Chat) -> None:
    await chat.send("/dangky tatca")
    await chat.send("/caidat nhac 3,0")
    [reply] = await chat.send("/lich")
    assert reply.attachment is not None
    assert reply.attachment.mime_type == "text/calendar"
    assert reply.attachment.filename.endswith(".ics")
    assert "2 hạn chót" in reply.text
    cal = Calendar.from_ical(reply.attachment.content)
    events = list(cal.walk("VEVENT"))
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {"ag2025d0@thiduabot", "ag2025d1@thiduabot"}  # past one left out
    plan = by_uid["ag2025d0@thiduabot"]
    assert plan.decoded("DTSTART") == dt.date(2025, 2, 25)  # all-day: a date, not a datetime
    assert plan.decoded("DTEND") == dt.date(2025, 2, 26)
    assert "Gửi kế hoạch triển khai" in str(plan["SUMMARY"])
    description = str(plan["DESCRIPTION"])
    assert "Nguồn: Kế hoạch 12/KH-UBND ngày 15/01/2025 của UBND tỉnh An Giang" in description
    assert "Gửi: Sở Nội vụ" in description
    triggers = sorted(a.decoded("TRIGGER") for a in plan.walk("VALARM"))
    # 25/02/2025 is a Tuesday: 3 working days before is Thursday 20/02, at 08:00.
    assert triggers == [dt.timedelta(days=-5, hours=8), dt.timedelta(hours=8)]
    final = by_uid["ag2025d1@thiduabot"]
    assert final.decoded("DTSTART") == dt.date(2025, 7, 31)


async def test_calendar_only_followed_campaigns(chat: Chat) -> None:
    await chat.send("/dangky dien bien 2022")
    [reply] = await chat.send("/lich", now=NOW.replace(year=2021))
    assert reply.attachment is not None
    cal = Calendar.from_ical(reply.attachment.content)
    assert [e.decoded("DTSTART") for e in cal.walk("VEVENT")] == [dt.date(2022, 3, 1)]


def test_working_days_skip_weekends_and_tet() -> None:
    assert working_days_before(dt.date(2025, 2, 25), 3) == dt.date(2025, 2, 20)
    # Tết 2025: 27/01–01/02 are holidays; 2 working days before Tue 04/02 is Fri 24/01.
    assert working_days_before(dt.date(2025, 2, 4), 2) == dt.date(2025, 1, 24)
    assert working_days_before(dt.date(2025, 2, 4), 0) == dt.date(2025, 2, 4)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_timeline_png(chat: Chat) -> None:
    [reply] = await chat.send("/timeline")
    assert reply.attachment is not None
    assert reply.attachment.kind == "photo" and reply.attachment.mime_type == "image/png"
    data = reply.attachment.content
    width, height = _png_size(data)
    assert width == 1100  # 11 in at 100 dpi
    assert 150 <= height <= 400  # one row: the ended 2022 campaign is out of the window
    assert 10_000 < len(data) < 1_000_000
    assert "20/02/2025" in reply.text


async def test_timeline_grows_with_rows_and_is_empty_far_away(chat: Chat) -> None:
    [one] = await chat.send("/timeline")
    [other] = await chat.send("/timeline", now=dt.datetime(2022, 11, 1, tzinfo=NOW.tzinfo))
    assert one.attachment is not None and other.attachment is not None
    # In November 2022 only Điện Biên's campaign is near: still one row, same height.
    assert _png_size(other.attachment.content) == _png_size(one.attachment.content)
    add_campaign(
        chat.router.services.engine,
        "x2025",
        name="Thi đua chuyên đề",
        issuer="Sở Y tế",
        start=dt.date(2025, 3, 1),
        end=dt.date(2025, 5, 31),
    )
    [two] = await chat.send("/timeline")
    assert two.attachment is not None
    w1, h1 = _png_size(one.attachment.content)
    w2, h2 = _png_size(two.attachment.content)
    assert w2 == w1 and h2 == h1 + 75  # 0.75 in per row at 100 dpi
    [none] = await chat.send("/timeline", now=NOW.replace(year=2030))
    assert none.attachment is None and "Không có" in none.text
