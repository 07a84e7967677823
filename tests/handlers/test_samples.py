"""Commands over the real bundled sample documents (ingested by knowledge.documents.ingest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from icalendar import Calendar
from sqlalchemy.engine import Engine

from bot.db import open_database
from handlers.router import Router
from handlers.services import Services
from knowledge.documents.ingest import ensure_samples
from tests.handlers.conftest import TZ, Chat

NOW = dt.datetime(2025, 2, 20, 9, 30, tzinfo=TZ)


@pytest.fixture
def samples_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = open_database(sqlite_url)
    results = ensure_samples(engine, NOW)
    assert len(results) == 5 and all(r.ok for r in results)
    yield engine
    engine.dispose()


@pytest.fixture
def real(samples_engine: Engine) -> Chat:
    services = Services.create(samples_engine, admins={("zalo", "admin")}, tz=TZ)
    return Chat(Router(services), platform="zalo", chat_id="z1", user_id="u1")


async def test_campaigns_from_samples(real: Chat) -> None:
    [reply] = await real.send("/phongtrao")
    lines = reply.text.splitlines()
    assert lines[0] == "Các phong trào thi đua (5):"
    # The special campaign until 30/06/2025 is the one running on 20/02/2025: listed first.
    assert "Đại hội Đảng bộ" in lines[1]
    assert lines[2].strip() == "đang diễn ra · đến 30/06/2025"
    assert "Nguồn: Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang" in reply.text
    assert "Chỉ thị 02/CT-UBND ngày 08/02/2022 của UBND tỉnh Điện Biên" in reply.text


async def test_deadlines_from_samples(real: Chat) -> None:
    [reply] = await real.send("/hanchot")
    text = reply.text
    assert "25/02/2025 (còn 5 ngày) — Gửi kế hoạch" in text
    assert "31/07/2025 (còn 161 ngày) — Báo cáo tổng kết" in text
    assert "Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh" in text
    assert "2021" not in text.split("\n", 1)[1].split("Nguồn")[0]  # nothing past


async def test_phases_of_the_2021_plan(real: Chat) -> None:
    [reply] = await real.send("/dot an giang 2021", now=NOW.replace(year=2021, month=3))
    assert "Đợt 1: 01/01/2021 – 30/06/2021 — đang diễn ra" in reply.text
    assert "Đợt 2: 01/07/2021 – 31/12/2021" in reply.text
    assert "Kế hoạch 31/KH-UBND" in reply.text


async def test_calendar_of_samples(real: Chat) -> None:
    await real.send("/dangky tatca")
    [reply] = await real.send("/lich")
    assert reply.attachment is not None
    cal = Calendar.from_ical(reply.attachment.content)
    dates = sorted(e.decoded("DTSTART") for e in cal.walk("VEVENT"))
    assert dates == [dt.date(2025, 2, 25), dt.date(2025, 7, 31)]
