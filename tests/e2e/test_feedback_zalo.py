"""Zalo has no buttons: 👍/👎 come as numbered choices, and a bare number right after an answer
is feedback on it, not a new question (through the fake Zalo Bot API)."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from bot.app import BotApp
from handlers.conversation_tables import FEEDBACK_DOWN, QuestionLogRow
from knowledge.presentation.catalogue import tr
from tests.e2e.test_conversation_zalo import USER, bot, say  # noqa: F401
from tests.fakes.zalo_api import FakeZalo


async def test_numbered_reply_after_an_answer_is_feedback(
    bot: tuple[FakeZalo, BotApp],  # noqa: F811
) -> None:
    zl, app = bot
    parts = await say(zl, USER, "han gui ke hoach dot thi dua dac biet la khi nao")
    text = "\n".join(parts)
    down = re.search(r"Trả lời (\d+) để chọn: " + re.escape(tr("vi", "feedback_down_button")),
                     text)
    assert down is not None, text
    [thanks] = await say(zl, USER, down.group(1))
    assert thanks == tr("vi", "feedback_thanks_down")
    with Session(app.engine) as s:
        rows = list(s.exec(select(QuestionLogRow)).all())
    assert [(r.platform, r.feedback) for r in rows] == [("zalo", FEEDBACK_DOWN)]  # no 2nd question
