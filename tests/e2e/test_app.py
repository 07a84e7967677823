"""The composition root: both platforms, the Router and the scheduler ticks in one process."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlmodel import Session

from bot.app import build_app
from bot.clock import Clock
from bot.settings import Settings
from scheduler.outbox import enqueue_broadcast
from scheduler.schedule_tables import ChatRow
from tests.e2e.echo_router import EchoRouter
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)


async def test_app_answers_on_both_platforms_and_delivers_the_outbox(sqlite_url: str) -> None:
    async with FakeTelegram(max_poll_wait=0.2) as tg, FakeZalo(max_poll_wait=0.2) as zl:
        settings = Settings(
            database_url=sqlite_url, load_samples=True,
            telegram_token=SecretStr(tg.token), telegram_api_url=tg.base_url,
            telegram_file_url=tg.base_file_url,
            zalo_token=SecretStr(zl.token), zalo_api_url=zl.base_url,
        )
        router = EchoRouter()
        app = build_app(settings, Clock(TZ, START), router=router, commands=[])
        assert set(app.transports) == {"telegram", "zalo"} and not app.console
        with Session(app.engine) as s:
            s.add(ChatRow(platform="telegram", chat_id="1001", kind="private", created_at=START))
            s.add(ChatRow(platform="zalo", chat_id="z1", kind="private", created_at=START))
            s.commit()
            assert enqueue_broadcast(s, "Thông báo: họp cụm thi đua 25/02/2025", "all",
                                     START) == 2
            s.commit()
        stop = asyncio.Event()
        runner = asyncio.create_task(app.run(stop))
        tg.push_text(2002, "hạn nộp?")
        zl.push_text("z2", "hạn nộp?")
        await tg.wait_for(lambda: tg.sent_to(2002) and tg.sent_to(1001))
        await zl.wait_for(lambda: zl.sent_to("z2") and zl.sent_to("z1"))
        ticks = app.ticks
        assert ticks is not None
        await tg.wait_for(lambda: ticks.plans >= 1, timeout=60)
        stop.set()
        await asyncio.wait_for(runner, 20)
    assert tg.sent_to(1001)[0].text == "Thông báo: họp cụm thi đua 25/02/2025"
    assert zl.sent_to("z1")[0].text == "Thông báo: họp cụm thi đua 25/02/2025"
    assert tg.sent_to(2002)[0].text.startswith("Đáp <8>")
    assert {i.platform for i in router.seen} == {"telegram", "zalo"}
    assert ticks.plans >= 1 and ticks.dispatches >= 1


def test_blank_tokens_mean_console(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, load_samples=False,
                        telegram_token=SecretStr(""), zalo_token=SecretStr("  "))
    app = build_app(settings, Clock(TZ, START), router=EchoRouter(), commands=[], ticks=False)
    assert app.console and not app.transports and not app.platforms
    app.engine.dispose()
