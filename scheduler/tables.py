"""Database tables of chats and their subscriptions (outbox tables come with the scheduler)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class ChatRow(SQLModel, table=True):
    """A chat the bot talks to: private or group, on one platform, with its reminder settings."""

    __tablename__ = "chat"
    __table_args__ = (UniqueConstraint("platform", "chat_id", name="uq_chat_platform_chat"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)  # telegram | zalo | console
    chat_id: str = Field(max_length=64)
    kind: str = Field(default="private", max_length=16)  # private | group
    title: str | None = Field(default=None, max_length=255)
    active: bool = True
    deactivated_reason: str | None = Field(default=None, max_length=255)
    language: str = Field(default="vi", max_length=8)
    lead_days: str = Field(default="7,3,1,0", max_length=64)  # working days before the cut-off
    reminder_hour: int = 8  # local hour reminders are sent at
    quiet_start: str = Field(default="21:00", max_length=5)
    quiet_end: str = Field(default="07:00", max_length=5)
    created_at: dt.datetime


class SubscriptionRow(SQLModel, table=True):
    """What a chat follows: all campaigns, one issuer, or one campaign."""

    __tablename__ = "subscription"
    __table_args__ = (
        UniqueConstraint("chat_pk", "scope", "value", name="uq_subscription_chat_scope_value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_pk: int = Field(foreign_key="chat.id", index=True)
    scope: str = Field(max_length=16)  # all | issuer | campaign
    value: str = Field(default="", max_length=255)  # issuer name or campaign id; "" for all
    created_at: dt.datetime
