"""Share links through the fake Telegram server: /phongtrao shows t.me links built from getMe,
and `/start c_<id>` (what Telegram sends when the link is opened) subscribes the chat."""

from __future__ import annotations

import re

from sqlmodel import Session

from bot.app import BotApp
from knowledge.presentation.catalogue import tr
from scheduler import subscriptions as subs
from tests.e2e.test_conversation_telegram import GROUP, START, USER, ask, bot  # noqa: F401
from tests.fakes.telegram_api import FakeTelegram


def _subscriptions(app: BotApp, chat_id: int, kind: str = "private") -> list[tuple[str, str]]:
    with Session(app.engine) as s:
        chat = subs.get_or_create_chat(s, "telegram", str(chat_id), kind, None, START)
        rows = [(r.scope, r.value) for r in subs.list_subscriptions(s, chat)]
        s.commit()
    return rows


async def test_start_link_subscribes_to_the_campaign(
    bot: tuple[FakeTelegram, BotApp],  # noqa: F811
) -> None:
    tg, app = bot
    [listing] = await ask(tg, USER, "/phongtrao")
    username = tg.bot_user()["username"]
    links = re.findall(rf"https://t\.me/{re.escape(username)}\?start=(c_[0-9a-f]+)", listing)
    assert len(links) >= 5  # one per sample campaign
    payload = links[0]
    assert _subscriptions(app, USER) == []
    [done] = await ask(tg, USER, f"/start {payload}")
    assert done.startswith("Đã đăng ký nhắc hạn cho “")
    assert _subscriptions(app, USER) == [("campaign", payload[2:])]
    [again] = await ask(tg, USER, f"/start {payload}")
    assert again == tr("vi", "subscribe_already")
    [unknown] = await ask(tg, USER, "/start c_000000000000")
    assert unknown == tr("vi", "share_campaign_unknown")
    [bad] = await ask(tg, USER, "/start xyz")
    assert bad == tr("vi", "share_bad_link")
    [greeting] = await ask(tg, USER, "/start")
    assert greeting.startswith("Xin chào")
    assert _subscriptions(app, USER) == [("campaign", payload[2:])]


async def test_startgroup_payload_subscribes_the_group_for_its_admin(
    bot: tuple[FakeTelegram, BotApp],  # noqa: F811
) -> None:
    tg, app = bot
    [listing] = await ask(tg, USER, "/phongtrao")
    payload = re.findall(r"\?start=(c_[0-9a-f]+)", listing)[0]
    tg.set_chat_admins(GROUP, [999])
    username = tg.bot_user()["username"]
    # what Telegram sends to a group after ?startgroup=<payload>
    [refused] = await ask(tg, GROUP, f"/start@{username} {payload}", user=USER)
    assert refused == tr("vi", "group_admin_only")
    [done] = await ask(tg, GROUP, f"/start@{username} {payload}", user=999)
    assert done.startswith("Đã đăng ký nhắc hạn cho “")
    assert _subscriptions(app, GROUP, "group") == [("campaign", payload[2:])]
