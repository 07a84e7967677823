"""The whole bot (real Router) through the Zalo adapter against the fake Zalo Bot API."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr

from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.settings import Settings
from knowledge.presentation.catalogue import tr
from tests.fakes.zalo_api import FakeZalo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)
USER = "u9a8b7c6"
GROUP = "g1f2e3d4"
ERROR = tr("vi", "error")


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[tuple[FakeZalo, BotApp]]:
    async with FakeZalo(max_poll_wait=0.2, repeat_each=2) as zl:  # Zalo may repeat events
        settings = Settings(database_url=sqlite_url, load_samples=True,
                            zalo_token=SecretStr(zl.token), zalo_api_url=zl.base_url)
        app = build_app(settings, Clock(TZ, START))
        stop = asyncio.Event()
        runner = asyncio.create_task(app.run(stop))
        await zl.wait_for(lambda: zl.calls_to("getUpdates"), timeout=30)
        try:
            yield zl, app
        finally:
            stop.set()
            await asyncio.wait_for(runner, 30)


async def say(zl: FakeZalo, chat: str, text: str, **kw: object) -> list[str]:
    """Send a text; wait until it was handed out (twice) and answered; the new texts."""
    before = len(zl.sent_to(chat))
    zl.push_text(chat, text, **kw)  # type: ignore[arg-type]
    await zl.wait_for(lambda: not zl.pending and len(zl.sent_to(chat)) > before, timeout=60)
    return [s.text for s in zl.sent_to(chat)[before:]]


async def test_question_command_and_numbered_choice(bot: tuple[FakeZalo, BotApp]) -> None:
    zl, _ = bot
    [start] = await say(zl, USER, "/start")
    assert start.startswith("Xin chào")
    [menu] = await say(zl, USER, "/dot")  # several campaigns: which one?
    assert "Trả lời 1 để chọn:" in menu and "Trả lời 2 để chọn:" in menu
    phases = await say(zl, USER, "2")
    assert phases and ERROR not in phases and "Trả lời 1" not in phases[0]
    answer = await say(zl, USER, "han dang ky thi dua la khi nao?")
    assert answer and ERROR not in answer and all(len(t) <= 2000 for t in answer)
    zl.push_sticker(USER)
    await zl.wait_for(lambda: zl.sent_to(USER)[-1].text == tr("vi", "text_only"), timeout=30)


async def test_group_answers_only_mentions_and_commands(bot: tuple[FakeZalo, BotApp]) -> None:
    zl, _ = bot
    zl.push_text(GROUP, "hạn đăng ký thi đua là khi nào?", USER, chat_type="GROUP")
    replies = await say(zl, GROUP, "@bot.ThiDua hạn đăng ký thi đua là khi nào?", user_id=USER,
                        chat_type="GROUP")
    assert replies and ERROR not in replies
    [unknown] = await say(zl, GROUP, "/khongco", user_id=USER, chat_type="GROUP")
    assert unknown == tr("vi", "unknown_command", word="khongco")
    # every event was handed out twice; the unaddressed one got nothing, the others one answer
    assert len(zl.sent_to(GROUP)) == len(replies) + 1


async def test_live_reply_waits_out_a_quota_storm(bot: tuple[FakeZalo, BotApp]) -> None:
    zl, app = bot
    # Zalo's quota answer has no retry_after field; the bot reads a wait from the text
    zl.fail("429", method="sendMessage", times=3, description="Quota exceeded, retry in 1 s")
    [start] = await say(zl, USER, "/start")
    assert start.startswith("Xin chào")
    assert zl.injected["429"] == 3  # three refusals, then the one reply went through
    [adapter] = app.platforms
    assert adapter.live.retried == 3  # type: ignore[attr-defined]
    await asyncio.sleep(0.5)  # the repeated event and the retries left no duplicate
    assert [s.text for s in zl.sent_to(USER)] == [start]
