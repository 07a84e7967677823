"""/lich link and /lich revoke through the Router: configuration, permissions, token storage."""

from __future__ import annotations

import re
from collections.abc import Callable

from icalendar import Calendar
from sqlmodel import Session

from handlers.calendar_feed import chat_for_token, token_hash
from handlers.calendar_ics import feed_for_token
from handlers.router import Router
from knowledge.presentation.catalogue import tr
from tests.handlers.conftest import NOW, TZ, Chat

PUBLIC = "https://bot.example.gov.vn/"


async def test_without_public_url_the_reply_says_how_to_enable_it(router: Router) -> None:
    [reply] = await Chat(router).send("/lich link")
    assert reply.text == tr("vi", "feed_not_configured")
    assert "THIDUABOT_PUBLIC_URL" in reply.text and "THIDUABOT_HTTP_PORT" in reply.text


async def test_link_revoke_and_permissions(make_router: Callable[..., Router]) -> None:
    router = make_router(public_url=PUBLIC, http_enabled=True)
    engine = router.services.engine
    chat = Chat(router)
    await chat.send("/dangky tatca")
    [reply] = await chat.send("/lich link")
    token = re.search(r"https://bot\.example\.gov\.vn/lich/([A-Za-z0-9_-]{43})\.ics",
                      reply.text).group(1)  # type: ignore[union-attr]
    body = feed_for_token(engine, token, NOW, TZ)
    assert body is not None
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")]
    assert any("Gửi kế hoạch triển khai" in s for s in summaries)  # ag2025's 25/02/2025
    with Session(engine) as s:
        assert chat_for_token(s, token) is not None
        assert chat_for_token(s, token_hash(token)) is None  # the stored hash opens nothing
    group = Chat(router, chat_id="-9", chat_kind="group")
    [refused] = await group.send("/lich link")
    assert refused.text == tr("vi", "group_admin_only")
    [usage] = await chat.send("/lich gì đó")
    assert usage.text == tr("vi", "feed_usage")
    [revoked] = await chat.send("/lich thu hoi")
    assert revoked.text == tr("vi", "feed_revoked")
    assert feed_for_token(engine, token, NOW, TZ) is None
    [none] = await chat.send("/lich revoke")
    assert none.text == tr("vi", "feed_none")
