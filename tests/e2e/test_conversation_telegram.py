"""The whole bot (real Router, samples, scheduler ticks) over PTB against the fake Telegram API."""

from __future__ import annotations

import asyncio
import datetime as dt
import struct
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr

from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.settings import Settings
from handlers.commands import COMMANDS
from knowledge.presentation.catalogue import tr
from tests.fakes.telegram_api import FakeTelegram

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)
ADMIN = 111
USER = 222
GROUP = -1001234
DOC = Path(__file__).resolve().parent.parent / "handlers" / "data" / "ke_hoach_thi_dua_2026.txt"
ERROR = tr("vi", "error")


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[tuple[FakeTelegram, BotApp]]:
    async with FakeTelegram(max_poll_wait=0.2) as tg:
        settings = Settings(
            database_url=sqlite_url, load_samples=True, admins=f"telegram:{ADMIN}",
            telegram_token=SecretStr(tg.token), telegram_api_url=tg.base_url,
            telegram_file_url=tg.base_file_url,
        )
        app = build_app(settings, Clock(TZ, START))
        stop = asyncio.Event()
        runner = asyncio.create_task(app.run(stop))
        await tg.wait_for(lambda: tg.calls_to("getUpdates"), timeout=30)
        try:
            yield tg, app
        finally:
            stop.set()
            await asyncio.wait_for(runner, 30)


async def ask(tg: FakeTelegram, chat: int, text: str, user: int | None = None,
              n: int = 1, **kw: object) -> list[str]:
    """Send a text and wait for n new messages in that chat; their visible texts."""
    before = len(tg.sent_to(chat))
    tg.push_text(chat, text, user_id=user, **kw)  # type: ignore[arg-type]
    await tg.wait_for(lambda: len(tg.sent_to(chat)) >= before + n, timeout=60)
    return [s.text for s in tg.sent_to(chat)[before:]]


async def test_commands_menu_and_every_command(bot: tuple[FakeTelegram, BotApp]) -> None:
    tg, _ = bot
    vi = [c["command"] for c in tg.commands[("default", "")]]
    en = [c["command"] for c in tg.commands[("default", "en")]]
    assert "phongtrao" in vi and "hanchot" in vi and "campaigns" in en and "deadlines" in en
    [start] = await ask(tg, USER, "/start")
    assert start.startswith("Xin chào") and "/dangky" in start
    help_text = "\n".join(await ask(tg, USER, "/help"))
    for spec in COMMANDS:
        if spec.admin_only:
            continue
        assert f"/{spec.name}" in help_text
        for word in {spec.name, spec.alias} - {""}:
            replies = await ask(tg, USER, f"/{word}")
            assert replies and all(r and r != ERROR for r in replies), word
            assert not any("chưa có lệnh" in r for r in replies), word
    [unknown] = await ask(tg, USER, "/khongcolenhnay")
    assert unknown == tr("vi", "unknown_command", word="khongcolenhnay")


async def test_calendar_and_timeline_files(bot: tuple[FakeTelegram, BotApp]) -> None:
    tg, _ = bot
    await ask(tg, USER, "/dangky tatca")
    await ask(tg, USER, "/lich")
    ics = [s for s in tg.sent_to(USER) if s.method == "sendDocument"]
    assert ics and ics[-1].files["document"][0].endswith(".ics")
    from icalendar import Calendar

    cal = Calendar.from_ical(ics[-1].files["document"][1])
    assert cal.walk("VEVENT")
    await ask(tg, USER, "/timeline")
    png = [s for s in tg.sent_to(USER) if s.method == "sendPhoto"][-1].files["photo"][1]
    assert png.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 600 and 100 <= height < width and len(png) > 5_000


async def test_question_private_and_in_group(bot: tuple[FakeTelegram, BotApp]) -> None:
    tg, _ = bot
    [answer] = await ask(tg, USER, "han dang ky thi dua la khi nao?")
    assert answer and answer != ERROR
    long_question = ("Xin hỏi về các hạn chót của phong trào thi đua năm nay. " * 80)[:4000]
    [long_answer] = await ask(tg, USER, long_question)
    assert long_answer and long_answer != ERROR
    before = len(tg.sent_to(GROUP))
    tg.push_text(GROUP, "hạn đăng ký thi đua là khi nào?", user_id=USER)  # not addressed
    [in_group] = await ask(tg, GROUP, "@thiduabot_test_bot hạn đăng ký thi đua là khi nào?",
                           user=USER)
    assert in_group and in_group != ERROR
    assert len(tg.sent_to(GROUP)) == before + 1  # the unaddressed one got nothing


async def test_button_choosing_between_campaigns(bot: tuple[FakeTelegram, BotApp]) -> None:
    tg, _ = bot
    await ask(tg, USER, "/dot")
    menu = tg.sent_to(USER)[-1]
    rows = menu.button_rows()
    assert len(rows) >= 2 and all(data.startswith("dot:") for row in rows for _, data in row)
    _, data = rows[1][0]
    before = len(tg.sent_to(USER))
    tg.push_callback(USER, data, message_id=menu.message_id)
    await tg.wait_for(lambda: len(tg.sent_to(USER)) > before and tg.callback_answers and tg.edits)
    phases = tg.sent_to(USER)[before].text
    assert phases and phases != ERROR
    assert tg.edits and tg.edits[-1]["message_id"] == menu.message_id  # buttons taken away


async def test_group_subscriptions_need_a_group_admin(bot: tuple[FakeTelegram, BotApp]) -> None:
    tg, _ = bot
    tg.set_chat_admins(GROUP, [999, ADMIN])
    [refused] = await ask(tg, GROUP, "/dangky tatca", user=USER)
    assert refused == tr("vi", "group_admin_only")
    [accepted] = await ask(tg, GROUP, "/dangky tatca", user=999)
    assert accepted != refused and accepted != ERROR


@pytest.mark.skipif(not DOC.exists(), reason=f"test document {DOC.name} not present")
async def test_admin_publishes_from_chat_and_launch_is_delivered(
    bot: tuple[FakeTelegram, BotApp]
) -> None:
    tg, app = bot
    tg.set_chat_admins(GROUP, [999])
    await ask(tg, GROUP, "/dangky tatca", user=999)  # the group follows every campaign
    group_before = len(tg.sent_to(GROUP))
    documents_before = _documents(app)
    # a non-admin's document is refused without being downloaded, and nothing is stored
    tg.push_document(USER, DOC.name, DOC.read_bytes(), "text/plain", user_id=USER)
    await tg.wait_for(lambda: tg.sent_to(USER))
    assert tg.sent_to(USER)[-1].text == tr("vi", "doc_not_admin")
    assert not tg.calls_to("getFile") and _documents(app) == documents_before
    # the admin's document: downloaded, previewed, published
    tg.push_document(ADMIN, DOC.name, DOC.read_bytes(), "text/plain", user_id=ADMIN)
    await tg.wait_for(lambda: tg.sent_to(ADMIN), timeout=60)
    preview = tg.sent_to(ADMIN)[-1]
    assert len(tg.calls_to("getFile")) == 1
    assert preview.text.startswith(f"Tôi đọc được từ “{DOC.name}”")
    [[(_, pub_data), (_, drop_data)]] = preview.button_rows()
    assert pub_data.startswith("pub:") and drop_data.startswith("drop:")
    tg.push_callback(ADMIN, pub_data, user_id=ADMIN, message_id=preview.message_id)
    await tg.wait_for(lambda: len(tg.sent_to(ADMIN)) >= 2, timeout=60)
    assert tg.sent_to(ADMIN)[-1].text != ERROR
    # the launch announcement goes out through the outbox to the subscribed group
    await tg.wait_for(lambda: any("Chuyển đổi số" in m.text
                                  for m in tg.sent_to(GROUP)[group_before:]), timeout=60)
    assert _documents(app) == documents_before + 1


def _documents(app: BotApp) -> int:
    from sqlalchemy import func, select
    from sqlmodel import Session

    from knowledge.store.tables import DocumentRow

    with Session(app.engine) as s:
        return int(s.execute(select(func.count()).select_from(DocumentRow)).scalar() or 0)


async def test_sticker_gets_text_only(bot: tuple[FakeTelegram, BotApp]) -> None:
    tg, _ = bot
    tg.push_sticker(USER)
    await tg.wait_for(lambda: tg.sent_to(USER))
    assert tg.sent_to(USER)[-1].text == tr("vi", "text_only")


async def test_live_reply_waits_out_a_429_storm(bot: tuple[FakeTelegram, BotApp]) -> None:
    tg, app = bot
    tg.fail("429", method="sendMessage", times=3, retry_after=1)
    [start] = await ask(tg, USER, "/start")
    assert start.startswith("Xin chào")
    assert tg.injected["429"] == 3  # three refusals, then the one reply went through
    [adapter] = app.platforms
    assert adapter.live.retried == 3  # type: ignore[attr-defined]
    await asyncio.sleep(0.5)  # nothing else was sent late (no duplicate from a retry)
    assert [s.text for s in tg.sent_to(USER)] == [start]
