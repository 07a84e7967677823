"""Tables of the conversation: the question log (with feedback) and calendar-feed tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

FEEDBACK_UP = 1
FEEDBACK_DOWN = -1


class QuestionLogRow(SQLModel, table=True):
    """One question a chat asked, how it was answered, and the 👍/👎 it got (if any)."""

    __tablename__ = "question_log"
    __table_args__ = (Index("ix_question_log_asked_at", "asked_at"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_pk: int = Field(foreign_key="chat.id", index=True)
    platform: str = Field(max_length=16)
    asked_at: dt.datetime
    text: str = Field(sa_column=Column(Text, nullable=False))
    intent: str = Field(default="", max_length=64)
    answered: bool = False
    campaign_id: str | None = Field(default=None, max_length=32)
    citations: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON
    latency_ms: float = 0.0
    feedback: int | None = None  # FEEDBACK_UP, FEEDBACK_DOWN or None
    feedback_at: dt.datetime | None = None


class CalendarFeedRow(SQLModel, table=True):
    """A chat's secret calendar-feed URL; only the SHA-256 of its token is stored."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    chat_pk: int = Field(foreign_key="chat.id", unique=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime
