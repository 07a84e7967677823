"""Token faults are not chat faults: a rejected token pauses a platform, deactivates nobody."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.settings import Settings
from bot.telegram.transport import TelegramTransport
from bot.token_guard import BURST, TokenRejected
from bot.zalo.client import ZaloClient
from bot.zalo.transport import ZaloTransport
from scheduler.dispatcher import dispatch_due
from scheduler.outbox import enqueue_launch
from scheduler.pacing import Pacer
from scheduler.schedule_tables import ChatRow, OutboxRow
from scheduler.transport import ChatGone, OutgoingMessage
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo
from tests.sched.world import add_campaign, add_chat, local
from tests.waiting import CLIENT_TIMEOUT

Factory = Callable[[], Session]
NOW = local(2025, 1, 10, 9)


def _world(factory: Factory, chats: list[str], platform: str) -> None:
    with factory() as s:
        add_campaign(s, "c1")
        for chat_id in chats:
            add_chat(s, chat_id, kind="private", platform=platform)
        s.commit()
        enqueue_launch(s, "c1", NOW)
        s.commit()


def _active(factory: Factory) -> int:
    with factory() as s:
        return len(s.execute(select(ChatRow).where(ChatRow.active)).all())  # type: ignore[arg-type]


async def test_zalo_403_with_a_rejected_token_deactivates_nobody(lite: Factory) -> None:
    chats = [f"u{i}" for i in range(6)]
    async with FakeZalo() as zl:
        _world(lite, chats, "zalo")
        zl.fail("403", method="sendMessage", times=100)  # what Zalo answers for a bad token
        zl.fail("401", method="getMe", times=100)  # and getMe confirms: the token is bad
        transport = ZaloTransport(ZaloClient(zl.token, zl.base_url, timeout=CLIENT_TIMEOUT))
        alerts: list[str] = []
        transport.guard.on_rejected = alerts.append
        try:
            res = await dispatch_due(lite, {"zalo": transport}, NOW, pacer=Pacer.unlimited())
        finally:
            await transport.close()
        assert res.deactivated == 0 and res.sent == 0
        assert _active(lite) == len(chats)
        assert alerts == ["zalo"]  # one alert, however many sends met the fault
        assert len(zl.calls_to("getMe")) == 1  # one confirmation shared by the burst
        with lite() as s:
            rows = s.execute(select(OutboxRow)).scalars().all()
        assert rows and all(r.status == "pending" for r in rows)  # paused, not lost
        assert any("retry after 300" in (r.last_error or "") for r in rows)  # held 5 minutes


async def test_zalo_403_with_a_good_token_is_the_chats_fault() -> None:
    async with FakeZalo() as zl:
        zl.fail("403", method="sendMessage", chat_id="u1")
        transport = ZaloTransport(ZaloClient(zl.token, zl.base_url, timeout=CLIENT_TIMEOUT))
        try:
            with pytest.raises(ChatGone):
                await transport.send("u1", OutgoingMessage(text="x"))
        finally:
            await transport.close()
        assert len(zl.calls_to("getMe")) == 1


async def test_telegram_burst_of_403_confirms_the_token() -> None:
    async with FakeTelegram() as tg:
        settings = Settings(telegram_token=tg.token, telegram_api_url=tg.base_url,
                            telegram_file_url=tg.base_file_url)
        transport = TelegramTransport.from_settings(settings)
        await transport.start()
        try:
            for chat in range(BURST - 1):  # a few blocked users: no getMe, chat gone
                tg.block(1000 + chat)
                with pytest.raises(ChatGone):
                    await transport.send(str(1000 + chat), OutgoingMessage(text="x"))
            assert not tg.calls_to("getMe")
            tg.block(2000)
            tg.fail("401", method="getMe", times=100)
            raised: Exception | None = None
            try:
                await transport.send("2000", OutgoingMessage(text="x"))
            except Exception as exc:
                raised = exc
            assert isinstance(raised, TokenRejected), raised
        finally:
            await transport.close()
