"""The calendar feed over real HTTP: `/lich link` through the fake Telegram server gives a
secret URL on the bot's HTTP port; the feed parses with icalendar, includes report occurrences,
follows new subscriptions, and a revoked or unknown token gets 404."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from icalendar import Calendar
from pydantic import SecretStr
from sqlmodel import Session, select

from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.settings import Settings
from handlers.conversation_tables import CalendarFeedRow
from knowledge.presentation.catalogue import tr
from knowledge.store.tables import CampaignRow
from tests.e2e.test_conversation_telegram import ask
from tests.fakes.telegram_api import FakeTelegram
from tests.waiting import CLIENT_TIMEOUT

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2021, 9, 1, 9, 0, tzinfo=TZ)  # two sample campaigns with reports running
PUBLIC = "https://lich.example.gov.vn/bot"
USER = 333


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[tuple[FakeTelegram, BotApp]]:
    async with FakeTelegram(max_poll_wait=0.2) as tg:
        settings = Settings(
            database_url=sqlite_url, load_samples=True, telegram_token=SecretStr(tg.token),
            telegram_api_url=tg.base_url, telegram_file_url=tg.base_file_url,
            http_port=0, http_listen="127.0.0.1", public_url=PUBLIC,
        )
        app = build_app(settings, Clock(TZ, START))
        stop = asyncio.Event()
        runner = asyncio.create_task(app.run(stop))
        await tg.wait_for(lambda: tg.calls_to("getUpdates"), timeout=30)
        await tg.wait_for(lambda: app.health is not None and app.health.port != 0)
        try:
            yield tg, app
        finally:
            stop.set()
            await asyncio.wait_for(runner, 30)


def _campaign_of(app: BotApp, issuer: str) -> str:
    with Session(app.engine) as s:
        return s.exec(select(CampaignRow.id).where(CampaignRow.issuer == issuer)).one()


async def _get(app: BotApp, path: str) -> tuple[int, str, bytes]:
    url = f"http://127.0.0.1:{app.health.port}{path}"
    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as http, http.get(url) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), await resp.read()


def _uids(body: bytes) -> set[str]:
    cal = Calendar.from_ical(body)
    return {str(e["UID"]) for e in cal.walk("VEVENT")}


async def test_feed_follows_the_chat_and_dies_when_revoked(
    bot: tuple[FakeTelegram, BotApp],
) -> None:
    tg, app = bot
    duyen_hai = _campaign_of(app, "UBND thị xã Duyên Hải")  # quarterly report, 2 deadlines
    bac_lieu = _campaign_of(app, "UBND tỉnh Bạc Liêu")  # monthly report
    await ask(tg, USER, f"/start c_{duyen_hai}")
    [reply] = await ask(tg, USER, "/lich link")
    found = re.search(re.escape(PUBLIC) + r"/lich/([A-Za-z0-9_-]+)\.ics", reply)
    assert found is not None, reply
    token = found.group(1)
    path = f"/lich/{token}.ics"
    with Session(app.engine) as s:  # only the hash is stored
        [row] = s.exec(select(CalendarFeedRow)).all()
        assert token not in row.token_hash and len(row.token_hash) == 64

    status, kind, body = await _get(app, path)
    assert status == 200 and kind.startswith("text/calendar")
    first = _uids(body)
    deadlines = {u for u in first if "@2" not in u}
    reports = {u for u in first if "@2" in u}  # "{report}@{yyyy-mm}@thiduabot"
    assert len(deadlines) == 2 and len(reports) >= 3  # Q3 2021 … Q2 2022
    # the chat follows one more campaign: the same URL now carries its monthly reports too
    await ask(tg, USER, f"/start c_{bac_lieu}")
    status, _, body = await _get(app, path)
    second = _uids(body)
    assert status == 200 and first < second
    assert len(second - first) >= 3  # Sep–Dec 2021 monthly reports of Bạc Liêu
    # a second /lich link replaces the first URL
    [again] = await ask(tg, USER, "/lich link")
    newer = re.search(r"/lich/([A-Za-z0-9_-]+)\.ics", again)
    assert newer is not None and newer.group(1) != token
    assert (await _get(app, path))[0] == 404
    new_path = f"/lich/{newer.group(1)}.ics"
    assert (await _get(app, new_path))[0] == 200
    [revoked] = await ask(tg, USER, "/lich revoke")
    assert revoked == tr("vi", "feed_revoked")
    assert (await _get(app, new_path))[0] == 404
    for bad in ("/lich/" + "A" * 43 + ".ics", "/lich/short.ics", f"/lich/{newer.group(1)}"):
        assert (await _get(app, bad))[0] == 404
