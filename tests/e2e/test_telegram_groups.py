"""Telegram group life through the real PTB Application against the fake Bot API: the admin
list only for commands, an unreadable getChatAdministrators, an unexpected error, membership
updates and migrations reaching the Router."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlmodel import Session

from bot import platform_texts
from bot.app import build_app
from bot.clock import Clock
from bot.db import open_database
from bot.edge_tables import HandledUpdate
from bot.settings import Settings
from knowledge.presentation.catalogue import tr
from scheduler.schedule_tables import ChatRow
from tests.e2e.echo_router import EchoRouter, FailingRouter
from tests.e2e.test_telegram_edge import ADMIN, GROUP, USER, running
from tests.fakes.telegram_api import FakeTelegram

BOT = "@thiduabot_test_bot"


@pytest.fixture
async def tg() -> FakeTelegram:  # type: ignore[misc]
    async with FakeTelegram(max_poll_wait=0.2) as fake:
        yield fake


async def test_questions_in_groups_never_fetch_the_admin_list(tg: FakeTelegram) -> None:
    router = EchoRouter()
    tg.set_chat_admins(GROUP, [999, ADMIN])
    async with running(tg, router):
        tg.push_text(GROUP, f"{BOT} hạn nộp báo cáo?", user_id=USER)
        tg.push_text(GROUP, "còn đợt 2 thì sao", user_id=ADMIN, reply_to_bot=True)
        await tg.wait_for(lambda: len(tg.sent_to(GROUP)) == 2)
        assert tg.calls_to("getChatAdministrators") == []
        tg.push_text(GROUP, "/dangky tatca", user_id=ADMIN)
        tg.push_text(GROUP, "/caidat", user_id=USER)
        await tg.wait_for(lambda: len(tg.sent_to(GROUP)) == 4)
    assert [i.user_is_chat_admin for i in router.seen] == [False, False, True, False]
    assert len(tg.calls_to("getChatAdministrators")) == 1  # the commands share one lookup


@pytest.mark.parametrize("fault", ["malformed", "500"])
async def test_unreadable_admin_list_still_answers(tg: FakeTelegram, fault: str,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    router = EchoRouter()
    tg.set_chat_admins(GROUP, [ADMIN])
    tg.fail(fault, method="getChatAdministrators", times=10)
    with caplog.at_level(logging.WARNING):
        async with running(tg, router):
            tg.push_text(GROUP, f"{BOT} hạn nộp?", user_id=USER)
            tg.push_text(GROUP, "/dangky tatca", user_id=ADMIN)
            await tg.wait_for(lambda: len(tg.sent_to(GROUP)) == 2)
    # Without the list nobody counts as the group's admin: the command is refused by the
    # conversation (not dropped), and the question never needed the list.
    assert [i.user_is_chat_admin for i in router.seen] == [False, False]
    assert tg.injected[fault] >= 1
    assert any("getChatAdministrators" in r.getMessage() for r in caplog.records)


async def test_unexpected_error_apologises_and_records_the_update(
    tg: FakeTelegram, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = open_database(sqlite_url)
    router = FailingRouter()
    with caplog.at_level(logging.ERROR):
        async with running(tg, router, engine):
            tg.push_text(USER, "boom")
            await tg.wait_for(lambda: len(tg.sent_to(USER)) == 1)
            tg.push_text(USER, "sau đó")
            await tg.wait_for(lambda: len(tg.sent_to(USER)) == 2)
        tg.confirmed_offset = 0  # as after a hard kill: both handed out again
        async with running(tg, router, engine):
            tg.push_text(USER, "lần nữa")
            await tg.wait_for(lambda: len(tg.sent_to(USER)) == 3)
            await tg.wait_for(lambda: not tg.pending_updates())
    texts = [s.text for s in tg.sent_to(USER)]
    assert texts[0] == platform_texts.SORRY and texts[1].endswith("sau đó & hết")
    assert [i.text for i in router.seen] == ["boom", "sau đó", "lần nữa"]  # never retried
    failed = [r for r in caplog.records if "failed" in r.getMessage()]
    assert failed and "m:222:" in failed[0].getMessage()  # the update's key is logged
    with Session(engine) as s:
        keys = s.execute(select(HandledUpdate.update_key)).scalars().all()  # type: ignore
    assert len(keys) == 3
    engine.dispose()


async def test_membership_and_migration_reach_the_router(tg: FakeTelegram) -> None:
    router = EchoRouter()
    async with running(tg, router):
        tg.push_my_chat_member(GROUP, "left", "member")
        tg.push_my_chat_member(GROUP, "member", "administrator")  # promoted: nothing to do
        tg.push_my_chat_member(GROUP, "administrator", "kicked")
        tg.push_my_chat_member(USER, "member", "kicked")  # blocked in private
        tg.push_my_chat_member(USER, "kicked", "member")  # unblocked
        tg.push_migration(GROUP, -1009999)
        await tg.wait_for(lambda: len(router.seen) == 5)
        await tg.wait_for(lambda: not tg.pending_updates())
    assert "my_chat_member" in (tg.allowed_updates or [])
    seen = [(i.chat_id, i.membership, i.migrated_to_chat_id) for i in router.seen]
    assert seen == [
        (str(GROUP), "joined", None),
        (str(GROUP), "left", None),
        (str(USER), "left", None),
        (str(USER), "returned", None),
        (str(GROUP), None, "-1009999"),
    ]
    assert router.seen[0].bot_username == "thiduabot_test_bot"
    assert tg.calls_to("sendChatAction") == []  # no "typing…" into a chat that may be gone


async def test_whole_bot_greets_a_new_group_and_stops_when_removed(sqlite_url: str) -> None:
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    async with FakeTelegram(max_poll_wait=0.2) as fake:
        settings = Settings(
            database_url=sqlite_url, load_samples=True, admins=f"telegram:{ADMIN}",
            telegram_token=SecretStr(fake.token), telegram_api_url=fake.base_url,
            telegram_file_url=fake.base_file_url,
        )
        app = build_app(settings, Clock(tz, dt.datetime(2025, 2, 20, 9, 0, tzinfo=tz)))
        stop = asyncio.Event()
        runner = asyncio.create_task(app.run(stop))
        try:
            await fake.wait_for(lambda: fake.calls_to("getUpdates"))
            fake.push_my_chat_member(GROUP, "left", "member", user_id=ADMIN)
            await fake.wait_for(lambda: fake.sent_to(GROUP))
            [greeting] = [s.text for s in fake.sent_to(GROUP)]
            assert greeting == tr("vi", "group_joined", mention="@thiduabot_test_bot")
            fake.set_chat_admins(GROUP, [ADMIN])
            fake.push_text(GROUP, "/dangky tatca", user_id=ADMIN)
            await fake.wait_for(lambda: len(fake.sent_to(GROUP)) == 2)
            fake.push_my_chat_member(GROUP, "member", "left", user_id=ADMIN)

            def inactive() -> bool:
                with Session(app.engine) as s:
                    row = s.execute(select(ChatRow).where(  # type: ignore[call-overload]
                        ChatRow.chat_id == str(GROUP))).scalar_one()
                    return not row.active
            await fake.wait_for(inactive)
            assert len(fake.sent_to(GROUP)) == 2  # nothing written into the group it left
        finally:
            stop.set()
            await asyncio.wait_for(runner, 60)
