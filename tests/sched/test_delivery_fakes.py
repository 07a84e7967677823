"""Delivery through the real transports against the fake Telegram and Zalo Bot API servers."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import AsyncIterator, Callable

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.settings import Settings
from bot.telegram.transport import TelegramTransport
from bot.zalo.client import ZaloClient
from bot.zalo.transport import ZaloTransport
from scheduler.dispatch_config import DispatchConfig
from scheduler.dispatcher import dispatch_due
from scheduler.outbox import enqueue_launch, launch_stats
from scheduler.pacing import Pacer
from scheduler.planning.run import plan_reminders
from scheduler.schedule_tables import ChatRow, OutboxRow
from tests.fakes.common import RateLimits
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo
from tests.sched.world import add_campaign, add_chat, add_deadline, add_many_chats, local
from tests.waiting import CLIENT_TIMEOUT

D = dt.date
Factory = Callable[[], Session]
NOW = local(2025, 1, 10, 9)


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def tg_transport(tg: FakeTelegram) -> AsyncIterator[TelegramTransport]:
    cfg = Settings(
        telegram_token=SecretStr(tg.token),
        telegram_api_url=tg.base_url,
        telegram_file_url=tg.base_file_url,
    )
    transport = TelegramTransport.from_settings(cfg)
    await transport.start()
    yield transport
    await transport.close()


def _rows(factory: Factory, **where: object) -> list[OutboxRow]:
    with factory() as s:
        stmt = select(OutboxRow).order_by(OutboxRow.id)  # type: ignore[arg-type]
        for name, value in where.items():
            stmt = stmt.where(getattr(OutboxRow, name) == value)
        return list(s.execute(stmt).scalars())


def _world(factory: Factory, chats: list[tuple[str, str]], platform: str = "telegram") -> None:
    with factory() as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        for chat_id, kind in chats:
            add_chat(s, chat_id, kind=kind, platform=platform)
        s.commit()
        enqueue_launch(s, "c1", NOW)
        s.commit()


async def test_launch_through_fake_telegram_records_message_ids(
    lite: Factory, tg: FakeTelegram, tg_transport: TelegramTransport
) -> None:
    _world(lite, [("1001", "private"), ("-2002", "group")])
    res = await dispatch_due(lite, {"telegram": tg_transport}, NOW, pacer=Pacer.unlimited())
    assert res.sent == 2
    assert tg.delivered_per_chat() == {"1001": 1, "-2002": 1}
    ids = {r.chat_pk: r.platform_message_id for r in _rows(lite)}
    assert sorted(ids.values()) == sorted(str(s.message_id) for s in tg.sent)
    assert "PHÁT ĐỘNG PHONG TRÀO THI ĐUA" in tg.sent[0].text


async def test_reminder_button_reaches_telegram(
    lite: Factory, tg: FakeTelegram, tg_transport: TelegramTransport
) -> None:
    with lite() as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        add_chat(s, "1001")
        s.commit()
        plan_reminders(s, local(2025, 2, 4, 8))
        s.commit()
    await dispatch_due(
        lite, {"telegram": tg_transport}, local(2025, 2, 4, 8), pacer=Pacer.unlimited()
    )
    sent = tg.sent_to(1001)
    assert len(sent) == 1 and "ngày mai là hạn cuối" in sent[0].text
    assert sent[0].button_rows() == [
        [("✅ Đã nộp", "done:dl1"), ("⏰ Nhắc lại sau", "snooze:1:dl1")]
    ]


async def test_429_500_403_and_migration_at_the_fake_server(
    lite: Factory, tg: FakeTelegram, tg_transport: TelegramTransport
) -> None:
    _world(
        lite, [("1001", "private"), ("1002", "private"), ("1003", "private"), ("-4004", "group")]
    )
    tg.fail("429", chat_id=1001, retry_after=3)
    tg.fail("500", chat_id=1002)
    tg.block(1003)
    tg.migrate(-4004, -1004004)
    transports = {"telegram": tg_transport}
    cfg = DispatchConfig(concurrency=1, chunks_in_flight=1)
    res = await dispatch_due(lite, transports, NOW, pacer=Pacer.unlimited(), config=cfg)
    # after the 429 the platform is held: the other rows wait for retry_after too
    assert (res.rate_limited, res.sent, res.deferred) == (1, 0, 3)
    res2 = await dispatch_due(
        lite, transports, NOW + dt.timedelta(seconds=3), pacer=Pacer.unlimited(), config=cfg
    )
    # 1001 resent, 1002 got a 500 (back-off), 1003 blocked, the group moved and resent
    assert (res2.sent, res2.retried, res2.deactivated, res2.migrated) == (2, 1, 1, 1)
    res3 = await dispatch_due(
        lite, transports, NOW + dt.timedelta(seconds=30), pacer=Pacer.unlimited(), config=cfg
    )
    total_sent = res.sent + res2.sent + res3.sent
    assert tg.delivered_per_chat() == {"1001": 1, "1002": 1, "-1004004": 1}
    assert total_sent == 3
    with lite() as s:
        chats = {c.chat_id: c for c in s.execute(select(ChatRow)).scalars()}
        assert not chats["1003"].active and "-1004004" in chats
        stats = launch_stats(s, "c1")
    assert (stats.sent, stats.pending, stats.failed, stats.chats_deactivated) == (3, 0, 0, 1)
    # 403 is never retried: one call to the blocked chat in total
    assert len([c for c in tg.calls if c.chat_id == "1003"]) == 1


async def test_paced_launch_causes_no_429_at_an_enforcing_server(engine: Engine) -> None:
    add_many_chats(engine, 45, start=5000)
    factory = lambda: Session(engine)  # noqa: E731
    with factory() as s:
        add_campaign(s, "c1")
        s.commit()
        enqueue_launch(s, "c1", NOW)
        s.commit()
    async with FakeTelegram(rate_limits=RateLimits(30, 20, 1)) as fake:
        cfg = Settings(telegram_token=SecretStr(fake.token), telegram_api_url=fake.base_url)
        transport = TelegramTransport.from_settings(cfg)
        await transport.start()
        try:
            res = await dispatch_due(factory, {"telegram": transport}, NOW, pacer=Pacer())
        finally:
            await transport.close()
        assert res.sent == 45 and fake.rate_limited == 0
        ats = [m.at for m in fake.sent]
        in_any_second = max(bisect.bisect_left(ats, a + 1.0) - i for i, a in enumerate(ats))
        assert in_any_second <= 30  # paced by design, no burst


async def test_zalo_quota_and_gone_chat(lite: Factory) -> None:
    async with FakeZalo() as zl:
        _world(lite, [("u1", "private"), ("u2", "private"), ("u3", "private")], "zalo")
        zl.fail("429", chat_id="u1")
        zl.fail("403", chat_id="u2", times=10)
        transport = ZaloTransport(ZaloClient(zl.token, zl.base_url, timeout=CLIENT_TIMEOUT))
        await transport.start()
        try:
            transports = {"zalo": transport}
            cfg = DispatchConfig(concurrency=1, chunks_in_flight=1)
            res = await dispatch_due(lite, transports, NOW, pacer=Pacer.unlimited(), config=cfg)
            assert res.rate_limited == 1 and res.sent == 0  # held after the quota answer
            later = await dispatch_due(
                lite,
                transports,
                NOW + dt.timedelta(minutes=1),
                pacer=Pacer.unlimited(),
                config=cfg,
            )
        finally:
            await transport.close()
        assert later.sent == 2 and later.deactivated == 1
        assert zl.delivered_per_chat() == {"u1": 1, "u3": 1}
