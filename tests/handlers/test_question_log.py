"""The question log through the real Router and answering core: every question stored, 👍/👎
recorded, /chuatraloi groups the unanswered and disliked ones, retention prunes old rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db import open_database
from handlers import question_log
from handlers.conversation_tables import FEEDBACK_DOWN, QuestionLogRow
from handlers.feedback import parse_days
from handlers.router import Router
from handlers.services import Services
from knowledge.documents.ingest import ensure_samples
from knowledge.presentation.catalogue import tr
from tests.handlers.conftest import TZ, Chat

NOW = dt.datetime(2025, 2, 20, 9, 30, tzinfo=TZ)
ANSWERABLE = "han gui ke hoach dot thi dua dac biet la khi nao"
UNANSWERABLE = "giá vé máy bay đi Đà Nẵng bao nhiêu?"


@pytest.fixture
def samples_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = open_database(sqlite_url)
    ensure_samples(engine, NOW)
    yield engine
    engine.dispose()


@pytest.fixture
def router(samples_engine: Engine) -> Router:
    return Router(Services.create(samples_engine, admins={("telegram", "1")}, tz=TZ,
                                  question_retention_days=30))


def _rows(engine: Engine) -> list[QuestionLogRow]:
    with Session(engine) as s:
        return list(s.exec(select(QuestionLogRow).order_by(col(QuestionLogRow.id))).all())


def _feedback_data(reply) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.data for row in reply.buttons for b in row if b.data.startswith("fb:")]


async def test_every_question_is_logged_with_its_outcome(router: Router) -> None:
    chat = Chat(router)
    [answered] = await chat.send(ANSWERABLE)
    [refused] = await chat.send(UNANSWERABLE, now=NOW + dt.timedelta(minutes=1))
    rows = _rows(router.services.engine)
    assert [(r.text, r.answered) for r in rows] == [(ANSWERABLE, True), (UNANSWERABLE, False)]
    first = rows[0]
    assert first.intent and first.campaign_id and first.platform == "telegram"
    assert first.latency_ms > 0
    assert first.asked_at == NOW
    cited = json.loads(first.citations)
    assert cited and cited[0]["document"] and "Nguồn:" in answered.text
    # answers carry 👍/👎 naming their own log row; a refusal has nothing to rate
    assert _feedback_data(answered) == [f"fb:up:{first.id}", f"fb:down:{first.id}"]
    assert _feedback_data(refused) == []


async def test_feedback_is_recorded_only_for_the_chats_own_question(router: Router) -> None:
    chat = Chat(router)
    [answered] = await chat.send(ANSWERABLE)
    down = _feedback_data(answered)[1]
    stranger = Chat(router, chat_id="555")
    [refused] = await stranger.press(down)
    assert refused.text == tr("vi", "feedback_gone")
    assert _rows(router.services.engine)[0].feedback is None
    [thanks] = await chat.press(down)
    assert thanks.text == tr("vi", "feedback_thanks_down")
    assert _rows(router.services.engine)[0].feedback == FEEDBACK_DOWN


async def test_unanswered_command_groups_similar_wordings(router: Router) -> None:
    user = Chat(router)
    other = Chat(router, chat_id="200")
    await user.send(UNANSWERABLE)
    await other.send("Gia ve may bay di Da Nang bao nhieu", now=NOW + dt.timedelta(hours=1))
    await user.send("công thức nấu phở bò", now=NOW + dt.timedelta(hours=2))
    [answered] = await user.send(ANSWERABLE, now=NOW + dt.timedelta(hours=3))
    await user.press(_feedback_data(answered)[1], now=NOW + dt.timedelta(hours=3))
    admin = Chat(router, chat_id="1", user_id="1")
    [report] = await admin.send("/chuatraloi", now=NOW + dt.timedelta(days=1))
    lines = report.text.splitlines()
    assert lines[0].startswith("Câu hỏi chưa trả lời được hoặc bị đánh giá 👎 trong 7 ngày qua")
    assert "4 câu hỏi, 3 chưa trả lời được, 0 👍, 1 👎" in report.text
    numbered = [ln for ln in lines if ln[:2] in ("1.", "2.", "3.", "4.")]
    assert len(numbered) == 3  # the two Đà Nẵng wordings are one group, asked most
    assert "Đà Nẵng" in numbered[0] or "Da Nang" in numbered[0]
    assert "2 lần (2 chưa trả lời được)" in numbered[0]
    assert any("1 👎" in ln for ln in numbered[1:])
    # an ordinary user may not see the log
    [refused] = await user.send("/chuatraloi")
    assert refused.text == tr("vi", "bot_admin_only")
    # only the last N days count
    [later] = await admin.send("/chuatraloi 3", now=NOW + dt.timedelta(days=5))
    assert later.text.startswith(tr("vi", "unanswered_none", days=3))
    [bad] = await admin.send("/chuatraloi mai")
    assert bad.text == tr("vi", "unanswered_bad_days", max=366)


async def test_retention_prunes_questions_older_than_the_setting(router: Router) -> None:
    chat = Chat(router)
    await chat.send(UNANSWERABLE)
    await chat.send(UNANSWERABLE, now=NOW + dt.timedelta(days=10))
    assert len(_rows(router.services.engine)) == 2
    await chat.send(ANSWERABLE, now=NOW + dt.timedelta(days=35))  # retention is 30 days
    assert [r.asked_at for r in _rows(router.services.engine)] == [
        NOW + dt.timedelta(days=10), NOW + dt.timedelta(days=35)
    ]


def test_grouping_puts_the_most_frequent_first() -> None:
    def row(i: int, text: str, answered: bool = False) -> QuestionLogRow:
        return QuestionLogRow(id=i, chat_pk=i % 2, platform="zalo", text=text,
                              asked_at=NOW - dt.timedelta(minutes=i), answered=answered)

    rows = [row(1, "lịch nghỉ tết 2025"), row(2, "hạn nộp hồ sơ khen thưởng"),
            row(3, "han nop ho so khen thuong?"), row(4, "Hạn nộp hồ sơ khen thưởng là khi nào"),
            row(5, "lich nghi Tet 2025"), row(6, "khen thưởng")]
    groups = question_log.group_questions(rows)
    assert [(g.count, len(g.chats)) for g in groups] == [(3, 2), (2, 1), (1, 1)]
    assert groups[0].text == "hạn nộp hồ sơ khen thưởng"  # the newest wording of the group
    assert groups[0].wordings[1:] == ["han nop ho so khen thuong?",
                                      "Hạn nộp hồ sơ khen thưởng là khi nào"]


@pytest.mark.parametrize(("args", "days"), [("", 7), ("30", 30), ("30 ngày", 30), ("0", None),
                                            ("abc", None), ("400", None)])
def test_parse_days(args: str, days: int | None) -> None:
    assert parse_days(args) == days


async def test_an_unwritable_log_never_costs_the_answer(router: Router) -> None:
    from sqlalchemy import text

    with router.services.engine.begin() as conn:
        conn.execute(text("DROP TABLE question_log"))
    [reply] = await Chat(router).send(ANSWERABLE)
    assert "25/02/2025" in reply.text and _feedback_data(reply) == []


def test_grouping_keeps_different_numbers_apart() -> None:
    rows = [QuestionLogRow(id=i, chat_pk=1, platform="telegram", text=t, asked_at=NOW)
            for i, t in enumerate(["hạn nộp báo cáo đợt 1", "han nop bao cao dot 2",
                                   "Hạn nộp báo cáo đợt 1 là khi nào?"])]
    groups = question_log.group_questions(rows)
    assert sorted(g.count for g in groups) == [1, 2]
