"""The question log's and calendar tokens' SQL on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from bot.db import open_database
from handlers import question_log
from handlers.calendar_feed import chat_for_token, issue_token, revoke
from handlers.conversation_tables import FEEDBACK_DOWN, FEEDBACK_UP
from knowledge.answer.contract import Answer, Citation
from scheduler.subscriptions import get_or_create_chat
from tests.handlers.conftest import NOW


def test_log_feedback_counts_and_prune(db_url: str) -> None:
    engine = open_database(db_url)
    answered = Answer(text="…", answered=True, intent="deadline", campaigns=["ag2025"],
                      citations=[Citation(source="a.txt", document="Kế hoạch 12/KH-UBND")])
    refused = Answer(text="…", answered=False, intent="out_of_scope")
    with Session(engine) as s:
        chat = get_or_create_chat(s, "zalo", "z1", "private", None, NOW)
        other = get_or_create_chat(s, "telegram", "7", "private", None, NOW)
        assert chat.id is not None and other.id is not None
        ids = [
            question_log.record(s, chat_pk=chat.id, platform="zalo", text=t, now=when,
                                result=r, seconds=0.002)
            for t, when, r in [
                ("hạn nộp?", NOW - dt.timedelta(days=40), refused),
                ("hạn nộp kế hoạch", NOW - dt.timedelta(hours=2), answered),
                ("giá vé máy bay", NOW - dt.timedelta(hours=1), refused),
                ("ai phụ trách", NOW, answered),
            ]
        ]
        assert question_log.set_feedback(s, ids[1], chat.id, FEEDBACK_DOWN, NOW)
        assert question_log.set_feedback(s, ids[3], chat.id, FEEDBACK_UP, NOW)
        assert not question_log.set_feedback(s, ids[3], other.id, FEEDBACK_DOWN, NOW)
        s.commit()
        week = NOW - dt.timedelta(days=7)
        assert question_log.counts(s, week) == question_log.FeedbackCounts(3, 1, 1, 1)
        problems = question_log.problem_questions(s, week)
        assert [r.text for r in problems] == ["giá vé máy bay", "hạn nộp kế hoạch"]
        assert problems[0].asked_at == NOW - dt.timedelta(hours=1)  # time zone kept
        row = question_log.row_json(problems[1])
        assert row["citations"] == [{"source": "a.txt", "document": "Kế hoạch 12/KH-UBND",
                                     "section": None}]
        assert question_log.prune(s, NOW - dt.timedelta(days=30)) == 1
        s.commit()
        assert question_log.counts(s, NOW - dt.timedelta(days=365)).questions == 3
    engine.dispose()


def test_calendar_tokens(db_url: str) -> None:
    engine = open_database(db_url)
    with Session(engine) as s:
        chat = get_or_create_chat(s, "telegram", "9", "group", "Cụm thi đua", NOW)
        assert chat.id is not None
        first = issue_token(s, chat.id, NOW)
        second = issue_token(s, chat.id, NOW)  # replaces the first
        s.commit()
        assert chat_for_token(s, first) is None
        found = chat_for_token(s, second)
        assert found is not None and found.id == chat.id
        assert revoke(s, chat.id) and not revoke(s, chat.id)
        s.commit()
        assert chat_for_token(s, second) is None
    engine.dispose()
