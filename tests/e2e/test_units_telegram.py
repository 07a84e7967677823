"""Units end to end over PTB and the fake Telegram API: two units subscribe, one presses
"Đã nộp", /tiendo shows 1/2 and names the other, only the other keeps being reminded, and the
officer's summary arrives the working day before the cut-off."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlmodel import Session

from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.db import open_database
from bot.settings import Settings
from knowledge.documents.ingest import ingest_paths
from knowledge.presentation.catalogue import tr
from scheduler.schedule_tables import ChatRow, OutboxRow
from tests.fakes.telegram_api import FakeTelegram
from tests.waiting import LIMIT

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 3, 4, 9, 0, tzinfo=TZ)  # Wednesday; registration due Tue 10/03/2026
OFFICER = 111
UNIT_A = 222  # a private chat speaking for unit A
GROUP_B = -1001234  # a group speaking for unit B
GROUP_ADMIN = 999
DOC = Path(__file__).resolve().parent.parent / "handlers" / "data" / "ke_hoach_thi_dua_2026.txt"


class JumpClock(Clock):
    """The bot's clock, moved to a chosen moment by the test (then running forward)."""

    def jump(self, moment: dt.datetime) -> None:
        """From now on the clock reads `moment` plus the time elapsed since."""
        self._start = moment
        self._mono0 = time.monotonic()


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[tuple[FakeTelegram, BotApp, JumpClock]]:
    engine = open_database(sqlite_url)
    [result] = ingest_paths(engine, [DOC], now=START, max_bytes=1_000_000)  # published
    assert result.ok
    engine.dispose()
    clock = JumpClock(TZ, START)
    async with FakeTelegram(max_poll_wait=0.2) as tg:
        settings = Settings(
            database_url=sqlite_url, load_samples=False, admins=f"telegram:{OFFICER}",
            telegram_token=SecretStr(tg.token), telegram_api_url=tg.base_url,
            telegram_file_url=tg.base_file_url,
        )  # fmt: skip
        app = build_app(settings, clock)
        stop = asyncio.Event()
        runner = asyncio.create_task(app.run(stop))
        await tg.wait_for(lambda: tg.calls_to("getUpdates"), timeout=LIMIT)
        try:
            yield tg, app, clock
        finally:
            stop.set()
            await asyncio.wait_for(runner, LIMIT)


async def ask(tg: FakeTelegram, chat: int, text: str, user: int) -> str:
    """Send a command and wait for the one reply."""
    before = len(tg.sent_to(chat))
    tg.push_text(chat, text, user_id=user)
    await tg.wait_for(lambda: len(tg.sent_to(chat)) > before, timeout=LIMIT)
    return tg.sent_to(chat)[before].text


async def plan(app: BotApp) -> None:
    """Run one plan tick now (retrying while the periodic one is busy)."""
    assert app.ticks is not None
    while await app.ticks.plan_tick() is None:
        await asyncio.sleep(0.05)


def reminders(tg: FakeTelegram, chat: int) -> list[str]:
    return [s.text for s in tg.sent_to(chat) if s.text.startswith("⏰ Nhắc hạn")]


def outbox(app: BotApp, kind: str) -> list[OutboxRow]:
    with Session(app.engine) as s:
        return list(s.execute(select(OutboxRow).where(OutboxRow.kind == kind)).scalars())  # type: ignore[arg-type]


@pytest.mark.skipif(not DOC.exists(), reason=f"test document {DOC.name} not present")
async def test_two_units_one_submits(bot: tuple[FakeTelegram, BotApp, JumpClock]) -> None:
    tg, app, clock = bot
    tg.set_chat_admins(GROUP_B, [GROUP_ADMIN])
    assert tr("vi", "unit_none").splitlines()[0] in await ask(tg, UNIT_A, "/donvi", UNIT_A)
    reply = await ask(tg, UNIT_A, "/donvi Phòng Giáo dục và Đào tạo huyện Châu Thành", UNIT_A)
    assert reply.startswith("Đã khai báo đơn vị mới: Phòng Giáo dục và Đào tạo huyện Châu Thành")
    refused = await ask(tg, GROUP_B, "/donvi UBND xã Vĩnh Hòa", UNIT_A)  # not the group's admin
    assert refused == tr("vi", "group_admin_only")
    assert "UBND xã Vĩnh Hòa" in await ask(tg, GROUP_B, "/donvi UBND xã Vĩnh Hòa", GROUP_ADMIN)
    await ask(tg, UNIT_A, "/dangky tatca", UNIT_A)
    await ask(tg, GROUP_B, "/dangky tatca", GROUP_ADMIN)
    await ask(tg, OFFICER, "/start", OFFICER)  # the officer's private chat exists
    # the 7-working-day reminder (Fri 27/02) was missed before they subscribed: sent now
    await plan(app)
    await tg.wait_for(lambda: reminders(tg, UNIT_A) and reminders(tg, GROUP_B), timeout=LIMIT)
    first = next(s for s in tg.sent_to(UNIT_A) if s.text.startswith("⏰ Nhắc hạn"))
    assert "10/03/2026" in first.text
    (_, done_data), (snooze_label, _) = first.button_rows()[0]
    assert done_data.startswith("done:") and snooze_label == "⏰ Nhắc lại sau"
    # unit A presses "Đã nộp"
    before = len(tg.sent_to(UNIT_A))
    tg.push_callback(UNIT_A, done_data, user_id=UNIT_A, message_id=first.message_id)
    await tg.wait_for(lambda: len(tg.sent_to(UNIT_A)) > before, timeout=LIMIT)
    assert tg.sent_to(UNIT_A)[before].text.startswith(
        "Đã ghi nhận: đơn vị “Phòng Giáo dục và Đào tạo huyện Châu Thành” đã nộp"
    )
    # the officer's /tiendo: 1/2, naming the unit that has not confirmed
    progress = await ask(tg, OFFICER, "/tiendo Chuyển đổi số", OFFICER)
    assert "10/03/2026" in progress
    line = next(ln for ln in progress.splitlines() if "10/03/2026" in ln)
    assert "1/2 đơn vị đã xác nhận nộp" in line
    assert "Chưa: UBND xã Vĩnh Hòa" in progress
    assert "✅ Phòng Giáo dục và Đào tạo huyện Châu Thành" in progress
    assert (await ask(tg, UNIT_A, "/tiendo", UNIT_A)) == tr("vi", "bot_admin_only")
    # Thu 05/03 08:00, 3 working days before: only unit B is reminded
    clock.jump(dt.datetime(2026, 3, 5, 8, 0, 30, tzinfo=TZ))
    await plan(app)
    await tg.wait_for(lambda: len(reminders(tg, GROUP_B)) >= 2, timeout=LIMIT)
    assert "còn 5 ngày" in reminders(tg, GROUP_B)[-1]
    assert len(reminders(tg, UNIT_A)) == 1
    assert not outbox(app, "progress")  # not yet: the summary day is Monday 09/03
    # Mon 09/03 08:00, the working day before: B's 1-day reminder, the officer's summary
    clock.jump(dt.datetime(2026, 3, 9, 8, 0, 30, tzinfo=TZ))
    await plan(app)
    summary = "1/2 đơn vị đã xác nhận nộp; chưa: UBND xã Vĩnh Hòa."
    await tg.wait_for(
        lambda: len(reminders(tg, GROUP_B)) >= 3
        and any(summary in s.text for s in tg.sent_to(OFFICER)),
        timeout=LIMIT,
    )
    assert "ngày mai là hạn cuối" in reminders(tg, GROUP_B)[-1]
    assert len(reminders(tg, UNIT_A)) == 1
    with Session(app.engine) as s:
        a_pk = s.execute(select(ChatRow.id).where(ChatRow.chat_id == str(UNIT_A))).scalar_one()  # type: ignore[arg-type]
        a_rows = s.execute(
            select(OutboxRow.lead, OutboxRow.status).where(
                OutboxRow.kind == "reminder", OutboxRow.chat_pk == a_pk  # type: ignore[arg-type]
            )
        ).all()
    # the 3-day reminder was already queued (36 h horizon) and "Đã nộp" cancelled it; the
    # 1-day one was never planned
    assert sorted(tuple(r) for r in a_rows) == [(3, "cancelled"), (7, "sent")]
    [row] = outbox(app, "progress")
    assert row.text and row.text.startswith("📊 Tiến độ nộp: Đăng ký thi đua")
