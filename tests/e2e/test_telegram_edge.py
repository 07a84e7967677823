"""The real python-telegram-bot Application over HTTP against the fake Bot API server."""

from __future__ import annotations

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
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.db import open_database
from bot.edge_tables import HandledUpdate
from bot.redact import install_redaction
from bot.settings import Settings
from bot.telegram.adapter import TelegramAdapter
from bot.telegram.webhook import SECRET_HEADER as SECRET
from bot.webhook_inbox import WebhookInbox
from tests.e2e.echo_router import LONG_REPLY, EchoRouter
from tests.fakes.telegram_api import FakeTelegram

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = 111
USER = 222
GROUP = -100500


class Spec:
    def __init__(self, name: str, alias: str, vi: str, en: str, admin_only: bool = False):
        self.name, self.alias = name, alias
        self.description_vi, self.description_en = vi, en
        self.admin_only = admin_only


COMMANDS = [
    Spec("start", "", "Bắt đầu", "Start"),
    Spec("phongtrao", "campaigns", "Các phong trào", "Campaigns"),
    Spec("hanchot", "deadlines", "Hạn chót sắp tới", "Upcoming deadlines"),
    Spec("thongke", "stats", "Thống kê gửi", "Delivery stats", admin_only=True),
]


def settings_for(tg: FakeTelegram, **kw: Any) -> Settings:
    return Settings(
        telegram_token=SecretStr(tg.token),
        telegram_api_url=tg.base_url,
        telegram_file_url=tg.base_file_url,
        admins=f"telegram:{ADMIN}",
        max_file_bytes=1000,
        **kw,
    )


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(max_poll_wait=0.2) as fake:
        yield fake


@asynccontextmanager
async def running(tg: FakeTelegram, router: EchoRouter, engine: Engine | None = None, **kw: Any
                  ) -> AsyncIterator[TelegramAdapter]:
    clock = Clock(TZ, start=dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ))
    adapter = TelegramAdapter(settings_for(tg, **kw), router, clock, COMMANDS, poll_timeout=1,
                              engine=engine)
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.stop()


async def test_private_question_answered_with_escaped_html(tg: FakeTelegram) -> None:
    router = EchoRouter()
    async with running(tg, router):
        tg.push_text(USER, "hạn đăng ký thi đua là khi nào?")
        await tg.wait_for(lambda: tg.sent_to(USER))
    inc = router.seen[0]
    assert (inc.platform, inc.chat_kind, inc.chat_id, inc.user_id) == (
        "telegram", "private", str(USER), str(USER))
    assert inc.addressed and not inc.user_is_admin and inc.content == "text"
    start = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)  # --now: the clock runs on from there
    assert start <= inc.now < start + dt.timedelta(minutes=1)
    reply = tg.sent_to(USER)[0]
    assert reply.text == "Đáp <31>: hạn đăng ký thi đua là khi nào? & hết"
    assert reply.params["parse_mode"] == "HTML"
    assert tg.calls_to("sendChatAction")  # "typing…" while the router worked


async def test_commands_menu_in_vietnamese_and_english(tg: FakeTelegram) -> None:
    async with running(tg, EchoRouter()):
        pass
    vi = tg.commands[("default", "")]
    en = tg.commands[("default", "en")]
    assert [c["command"] for c in vi] == ["start", "phongtrao", "hanchot"]
    assert [c["command"] for c in en] == ["start", "campaigns", "deadlines"]
    assert en[1]["description"] == "Campaigns" and vi[1]["description"] == "Các phong trào"


async def test_group_only_when_addressed(tg: FakeTelegram) -> None:
    router = EchoRouter()
    tg.set_chat_admins(GROUP, [999, ADMIN])
    async with running(tg, router):
        tg.push_text(GROUP, "chuyện riêng của nhóm", user_id=USER)
        tg.push_text(GROUP, "/phongtrao@some_other_bot", user_id=USER)
        tg.push_text(GROUP, "@thiduabot_test_bot hạn nộp báo cáo?", user_id=USER)
        tg.push_text(GROUP, "/phongtrao@thiduabot_test_bot", user_id=ADMIN)
        tg.push_text(GROUP, "còn đợt 2 thì sao", user_id=USER, reply_to_bot=True)
        tg.push_text(GROUP, "/hanchot", user_id=USER)
        await tg.wait_for(lambda: len(tg.sent_to(GROUP)) == 4)
        await tg.wait_for(lambda: not tg.pending_updates())
    texts = [i.text for i in router.seen]
    assert texts == ["hạn nộp báo cáo?", "/phongtrao", "còn đợt 2 thì sao", "/hanchot"]
    assert all(i.chat_kind == "group" and i.addressed for i in router.seen)
    assert [i.user_is_chat_admin for i in router.seen] == [False, True, False, False]
    assert router.seen[1].user_is_admin and router.seen[1].chat_title == f"Nhóm {GROUP}"
    assert len(tg.calls_to("getChatAdministrators")) == 1  # cached for the group


async def test_button_callback_answered_and_buttons_removed(tg: FakeTelegram) -> None:
    router = EchoRouter()
    async with running(tg, router):
        tg.push_text(USER, "/chon")
        await tg.wait_for(lambda: tg.sent_to(USER))
        menu = tg.sent_to(USER)[0]
        assert menu.button_rows() == [[("Phong trào A", "pick:1")], [("Phong trào B", "pick:2")]]
        tg.push_callback(USER, "pick:2", message_id=menu.message_id)
        await tg.wait_for(lambda: len(tg.sent_to(USER)) == 2 and tg.edits)
    assert router.seen[-1].callback_data == "pick:2"
    assert tg.sent_to(USER)[1].text == "Bạn chọn pick:2"
    assert len(tg.callback_answers) == 1
    assert tg.edits[0]["kind"] == "markup" and tg.edits[0]["message_id"] == menu.message_id


async def test_admin_document_downloaded_non_admin_refused(tg: FakeTelegram) -> None:
    router = EchoRouter()
    content = "KẾ HOẠCH Phát động phong trào thi đua năm 2025".encode()
    async with running(tg, router):
        tg.push_document(ADMIN, "kehoach.txt", content, "text/plain", user_id=ADMIN)
        await tg.wait_for(lambda: tg.sent_to(ADMIN))
        tg.push_document(USER, "kehoach.txt", content, "text/plain", user_id=USER)
        await tg.wait_for(lambda: tg.sent_to(USER))
        tg.push_document(GROUP, "kehoach.txt", content, "text/plain", user_id=ADMIN)
        tg.push_document(ADMIN, "lon.pdf", b"x" * 2000, "application/pdf", user_id=ADMIN)
        await tg.wait_for(lambda: len(tg.sent_to(ADMIN)) == 2)
    admin_inc = router.seen[0]
    assert admin_inc.document is not None and admin_inc.document.content == content
    assert admin_inc.document.filename == "kehoach.txt" and admin_inc.user_is_admin
    preview = tg.sent_to(ADMIN)[0]
    assert preview.button_rows() == [[("Công bố", "pub:1"), ("Bỏ", "drop:1")]]
    assert router.seen[1].content == "document" and router.seen[1].document is None
    assert tg.sent_to(USER)[0].text == "Chỉ quản trị viên được gửi văn bản."
    # an unaddressed file in a group is not the bot's business; the big one is refused unread
    assert len(router.seen) == 2
    assert "quá lớn" in tg.sent_to(ADMIN)[1].text
    assert len(tg.calls_to("getFile")) == 1  # only the admin's private, small document


async def test_long_reply_split_below_4096(tg: FakeTelegram) -> None:
    router = EchoRouter()
    question = "Xin hỏi về thi đua. " * 200  # a 4,000-character message
    async with running(tg, router):
        tg.push_text(USER, question.strip())
        tg.push_text(USER, "/dai")
        await tg.wait_for(lambda: len(tg.sent_to(USER)) >= 3)
        await tg.wait_for(lambda: not tg.pending_updates())
    assert len(router.seen[0].text) == len(question.strip())
    parts = tg.sent_to(USER)[1:]
    assert len(parts) >= 2 and all(len(p.text) < 4096 for p in parts)
    assert "\n\n".join(p.text for p in parts) == LONG_REPLY  # cut at paragraph boundaries


async def test_sticker_unknown_command_and_files(tg: FakeTelegram) -> None:
    router = EchoRouter()
    async with running(tg, router):
        tg.push_sticker(USER)
        tg.push_text(USER, "/khongco")
        tg.push_text(USER, "/tep")
        tg.push_text(USER, "/anh")
        await tg.wait_for(lambda: len(tg.sent_to(USER)) == 4)
    assert router.seen[0].content == "sticker"
    sent = tg.sent_to(USER)
    assert sent[0].text == "Bot chỉ đọc tin nhắn chữ."
    assert sent[1].text == "Lệnh /khongco chưa có."
    assert sent[2].method == "sendDocument" and sent[2].text == "Lịch hạn chót"
    assert sent[2].files["document"][0] == "lich.ics"
    assert sent[3].method == "sendPhoto" and sent[3].files["photo"][1].startswith(b"\x89PNG")


async def test_restart_with_pending_updates_answers_each_once(tg: FakeTelegram) -> None:
    router = EchoRouter()
    async with running(tg, router):
        tg.push_text(USER, "trước khi tắt")
        await tg.wait_for(lambda: len(tg.sent_to(USER)) == 1)
    # the bot is down: three questions arrive
    for i in range(3):
        tg.push_text(USER + i + 1, f"câu hỏi {i}")
    async with running(tg, router):
        await tg.wait_for(lambda: len(tg.sent) == 4)
        await tg.wait_for(lambda: not tg.pending_updates())
    async with running(tg, router):  # a second restart must not answer them again
        tg.push_text(USER, "sau khi bật lại")
        await tg.wait_for(lambda: len(tg.sent) == 5)
    assert sorted(tg.delivered_per_chat().values()) == [1, 1, 1, 2]
    assert len(router.seen) == 5


async def test_unconfirmed_updates_after_a_crash_answered_once(
    tg: FakeTelegram, sqlite_url: str
) -> None:
    """A hard kill before the next getUpdates leaves answered updates unconfirmed."""
    engine = open_database(sqlite_url)
    router = EchoRouter()
    async with running(tg, router, engine):
        for i in range(3):
            tg.push_text(USER + i, f"câu hỏi {i}")
        await tg.wait_for(lambda: len(tg.sent) == 3)
        tg.push_callback(USER, "pick:1")
        await tg.wait_for(lambda: len(tg.sent) == 4)
        await tg.wait_for(lambda: not tg.pending_updates())
    # As after SIGKILL: the offset that would have confirmed them never reached Telegram.
    tg.confirmed_offset = 0
    assert len(tg.pending_updates()) == 4
    async with running(tg, router, engine):
        tg.push_text(USER, "sau khi bật lại")
        await tg.wait_for(lambda: len(tg.sent) >= 5)
        await tg.wait_for(lambda: not tg.pending_updates())
    assert sorted(tg.delivered_per_chat().values()) == [1, 1, 3]
    assert [s.text for s in tg.sent_to(USER)][1:] == ["Bạn chọn pick:1",
                                                      "Đáp <15>: sau khi bật lại & hết"]
    assert len(router.seen) == 5  # the four handed out again never reached the Router
    with Session(engine) as s:
        stmt = select(HandledUpdate.update_key)  # type: ignore[call-overload]
        keys = s.execute(stmt).scalars().all()
    assert len(keys) == 5 and sum(k.startswith("c:") for k in keys) == 1
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_secret_checked_and_updates_stored_first(tg: FakeTelegram,
                                                                 sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    inbox = WebhookInbox(engine, "telegram")
    port = _free_port()
    router = EchoRouter()
    url = f"http://127.0.0.1:{port}/tg-hook"
    async with running(tg, router, engine, telegram_webhook_url=url,
                       telegram_webhook_listen="127.0.0.1", telegram_webhook_port=port,
                       telegram_webhook_secret=SecretStr("s3cret-Token_1")):
        assert tg.webhook == {"url": url, "secret_token": "s3cret-Token_1"}
        assert tg.calls_to("setWebhook")[-1].params["allowed_updates"]  # what the bot handles
        tg.push_text(USER, "qua webhook")  # built, then taken off the polling queue
        update = tg.updates.pop()
        assert await tg.deliver_webhook(update, secret="wrong-secret") == 403
        assert await tg.deliver_webhook({"message": update["message"]}, secret="") == 403
        async with aiohttp.ClientSession(headers={SECRET: "s3cret-Token_1"}) as http:
            for bad in ({"message": update["message"]}, {"update_id": "7"}, [1]):
                async with http.post(url, json=bad) as resp:
                    assert resp.status == 400, bad  # no update: refused, not stored
            async with http.post(url, data=b"{not json") as resp:
                assert resp.status == 400
        assert not router.seen and not inbox.pending_sync()
        tg.fail("hang", method="sendMessage", hang_seconds=2)  # the reply takes a while
        assert await tg.deliver_webhook(update) == 200
        # answered 200 while the reply is still on its way: the update is in the inbox
        assert [r.update_key for r in inbox.pending_sync()] == [str(update["update_id"])]
        assert await tg.deliver_webhook(update) == 200  # Telegram re-sends: not handled twice
        await tg.wait_for(lambda: tg.sent_to(USER))
        await tg.wait_for(lambda: not inbox.pending_sync())  # handled: the row went
    assert [i.text for i in router.seen] == ["qua webhook"]
    assert not tg.calls_to("getUpdates")


async def test_token_never_logged(tg: FakeTelegram, caplog: pytest.LogCaptureFixture) -> None:
    install_redaction(tg.token)
    caplog.set_level(logging.DEBUG)
    tg.fail("500", method="getUpdates")  # errors get logged too
    async with running(tg, EchoRouter()):
        tg.push_text(USER, "xin chào")
        await tg.wait_for(lambda: tg.sent_to(USER))
    assert caplog.records  # PTB did log at DEBUG
    assert tg.token not in caplog.text
    assert tg.token.split(":")[1] not in caplog.text
