"""The Zalo adapter (aiohttp client, polling and webhook) against the fake Zalo Bot API."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.db import open_database
from bot.edge_tables import HandledUpdate
from bot.redact import install_redaction
from bot.settings import Settings
from bot.zalo.adapter import ZaloAdapter
from bot.zalo.render import zalo_parts
from handlers.messages import Incoming, Reply
from tests.e2e.echo_router import LONG_REPLY, EchoRouter
from tests.fakes.zalo_api import FakeZalo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = "a0d1min"
USER = "u5er01"
GROUP = "g7oup01"


@pytest.fixture
async def zl() -> AsyncIterator[FakeZalo]:
    async with FakeZalo(max_poll_wait=0.2) as fake:
        yield fake


@pytest.fixture
def engine(sqlite_url: str) -> Engine:
    return open_database(sqlite_url)


def settings_for(zl: FakeZalo, **kw: Any) -> Settings:
    return Settings(zalo_token=SecretStr(zl.token), zalo_api_url=zl.base_url,
                    admins=f"zalo:{ADMIN}", **kw)


@asynccontextmanager
async def running(zl: FakeZalo, engine: Engine, router: EchoRouter, **kw: Any
                  ) -> AsyncIterator[ZaloAdapter]:
    clock = Clock(TZ, start=dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ))
    adapter = ZaloAdapter(settings_for(zl, **kw), router, clock, engine, poll_timeout=1)
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.stop()


async def test_private_question_answered(zl: FakeZalo, engine: Engine) -> None:
    router = EchoRouter()
    async with running(zl, engine, router):
        mid = zl.push_text(USER, "hạn nộp báo cáo <quý 1> & 2?")
        await zl.wait_for(lambda: zl.sent_to(USER))
    inc = router.seen[0]
    assert (inc.platform, inc.chat_kind, inc.chat_id, inc.user_id, inc.message_id) == (
        "zalo", "private", USER, USER, mid)
    assert inc.user_name == "Cán bộ" and not inc.user_is_admin
    assert zl.sent_to(USER)[0].text == "Đáp <28>: hạn nộp báo cáo <quý 1> & 2? & hết"
    assert zl.actions and zl.actions[0]["action"] == "typing"


async def test_repeated_events_and_restart_answered_once(zl: FakeZalo, engine: Engine) -> None:
    zl.repeat_each = 2  # every event is handed out twice
    router = EchoRouter()
    async with running(zl, engine, router):
        for i in range(3):
            zl.push_text(f"{USER}{i}", f"câu {i}")
        await zl.wait_for(lambda: not zl.pending)
        await zl.wait_for(lambda: len(zl.sent) == 3)
    assert zl.requeue_served() == 3  # Zalo hands the same events out again after a restart
    zl.push_text(USER, "câu mới")
    async with running(zl, engine, router):
        await zl.wait_for(lambda: not zl.pending and len(zl.sent) >= 4)
        await zl.wait_for(lambda: len(zl.calls_to("getUpdates")) >= 12)
    assert sorted(zl.delivered_per_chat().values()) == [1, 1, 1, 1]
    assert len(router.seen) == 4
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(HandledUpdate)).scalar() == 4


class StuckRouter(EchoRouter):
    """Takes the message, then never answers: the process dies while it works."""

    async def handle(self, inc: Incoming) -> list[Reply]:
        self.seen.append(inc)
        await asyncio.Event().wait()
        return []


async def test_crash_before_the_reply_does_not_lose_the_answer(
    zl: FakeZalo, engine: Engine
) -> None:
    stuck = StuckRouter()
    async with running(zl, engine, stuck) as adapter:
        zl.push_text(USER, "câu hỏi trước sự cố")
        await zl.wait_for(lambda: stuck.seen)
        for task in list(adapter._tasks):  # the process dies between taking it and replying
            task.cancel()
    assert not zl.sent
    assert zl.requeue_served() == 1  # Zalo hands the event out again after the restart
    router = EchoRouter()
    async with running(zl, engine, router):
        await zl.wait_for(lambda: zl.sent_to(USER))
        await zl.wait_for(lambda: not zl.pending)
    assert [s.text for s in zl.sent_to(USER)] == ["Đáp <19>: câu hỏi trước sự cố & hết"]
    assert [i.text for i in router.seen] == ["câu hỏi trước sự cố"]


async def test_repeat_while_in_flight_answered_once(zl: FakeZalo, engine: Engine) -> None:
    router = EchoRouter(delay=0.2)
    async with running(zl, engine, router) as adapter:
        event = zl.event("text", USER, text="hai lần")
        first, second = await asyncio.gather(adapter.handle_event(event),
                                             adapter.handle_event(dict(event)))
        assert sorted([first, second]) == [False, True]
        assert await adapter.handle_event(event) is False  # and after it was answered
    assert len(zl.sent_to(USER)) == 1 and len(router.seen) == 1


async def test_group_mentions_commands_and_choices(zl: FakeZalo, engine: Engine) -> None:
    router = EchoRouter()
    async with running(zl, engine, router):
        zl.push_text(GROUP, "mọi người họp lúc 8 giờ", USER, chat_type="GROUP")
        zl.push_text(GROUP, "1", USER, chat_type="GROUP")  # no choices offered yet: chatter
        zl.push_text(GROUP, "@bot.ThiDua hạn đăng ký?", USER, chat_type="GROUP")
        zl.push_text(GROUP, "/chon", ADMIN, chat_type="GROUP")
        await zl.wait_for(lambda: len(zl.sent_to(GROUP)) == 2)
        menu = zl.sent_to(GROUP)[1].text
        assert "Trả lời 1 để chọn: Phong trào A" in menu
        assert "Trả lời 2 để chọn: Phong trào B" in menu
        zl.push_text(GROUP, "2", USER, chat_type="GROUP")
        await zl.wait_for(lambda: len(zl.sent_to(GROUP)) == 3)
    assert [i.text for i in router.seen] == ["hạn đăng ký?", "/chon", ""]
    assert router.seen[1].user_is_admin and router.seen[1].chat_kind == "group"
    assert router.seen[2].callback_data == "pick:2"
    assert zl.sent_to(GROUP)[2].text == "Bạn chọn pick:2"


async def test_long_reply_sticker_unsupported_and_files(zl: FakeZalo, engine: Engine) -> None:
    router = EchoRouter()
    async with running(zl, engine, router):
        zl.push_text(USER, "/dai")
        n_long = len(zalo_parts(LONG_REPLY))
        await zl.wait_for(lambda: len(zl.sent_to(USER)) == n_long)
        zl.push_sticker(USER)
        zl.push_unsupported(ADMIN)  # an admin's file: the Bot API does not deliver it
        zl.push_text(USER, "/anh")
        zl.push_text(USER, "/khongco")
        await zl.wait_for(lambda: len(zl.sent_to(USER)) == n_long + 3 and zl.sent_to(ADMIN))
    parts = zl.sent_to(USER)[:n_long]
    assert n_long >= 5 and all(len(p.text) <= 2000 for p in parts)
    assert "\n\n".join(p.text for p in parts) == LONG_REPLY
    rest = [s.text for s in zl.sent_to(USER)[n_long:]]
    assert rest[0] == "Bot chỉ đọc tin nhắn chữ."
    assert rest[1].startswith("Dòng thời gian") and "timeline.png" in rest[1]  # no public URL
    assert rest[2] == "Lệnh /khongco chưa có."
    assert "Telegram" in zl.sent_to(ADMIN)[0].text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_secret_checked_and_files_served(zl: FakeZalo, engine: Engine) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/zalo-hook"
    router = EchoRouter()
    async with running(zl, engine, router, zalo_webhook_url=url,
                       zalo_webhook_listen="127.0.0.1", zalo_webhook_port=port,
                       zalo_webhook_secret=SecretStr("zalo-secret-123")):
        assert zl.webhook["url"] == url and zl.webhook["secret_token"] == "zalo-secret-123"
        event = zl.event("text", USER, text="qua webhook")
        assert await zl.deliver_webhook(event, secret="wrong-secret") == 403
        assert not router.seen
        assert await zl.deliver_webhook(event) == 200
        assert await zl.deliver_webhook(event) == 200  # a repeat: accepted, not answered
        photo = zl.event("text", USER, text="/anh")
        assert await zl.deliver_webhook(photo) == 200
        await zl.wait_for(lambda: len(zl.sent_to(USER)) == 2)
        picture = zl.sent_to(USER)[1]
        assert picture.method == "sendPhoto" and picture.text == "Dòng thời gian"
        async with aiohttp.ClientSession() as http, http.get(picture.params["photo"]) as resp:
            assert resp.status == 200 and (await resp.read()).startswith(b"\x89PNG")
    assert [i.text for i in router.seen] == ["qua webhook", "/anh"]
    assert not zl.calls_to("getUpdates")


async def test_batch_answers_http_200_errors_and_bad_token(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    install_redaction()
    caplog.set_level(logging.DEBUG)
    async with FakeZalo(max_poll_wait=0.2, batch=True, errors_as_http_200=True) as zl:
        router = EchoRouter()
        zl.fail("500", method="getUpdates")
        async with running(zl, engine, router):
            for i in range(3):
                zl.push_text(USER, f"câu {i}")
            await zl.wait_for(lambda: len(zl.sent_to(USER)) == 3)
        assert [i.text for i in router.seen] == ["câu 0", "câu 1", "câu 2"]
        wrong = Settings(zalo_token=SecretStr("42424242:do-not-print-me"),
                         zalo_api_url=zl.base_url)
        clock = Clock(TZ)
        adapter = ZaloAdapter(wrong, router, clock, engine, poll_timeout=1)
        with pytest.raises(Exception) as info:
            await adapter.start()  # getMe with a bad token fails loudly, without the token
        await adapter.stop()
    assert "401" in str(info.value) and "do-not-print-me" not in str(info.value)
    assert "do-not-print-me" not in caplog.text and zl.token not in caplog.text
