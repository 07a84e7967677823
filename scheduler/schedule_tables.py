"""Database tables of chats, their subscriptions, the outbox and "Đã nộp" marks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint, text
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
    # Monday digest of this week's and next week's cut-offs (migration 0009).
    weekly_digest: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


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


# Outbox statuses. A row moves pending -> claimed -> sent, or back to pending (retry), or to
# failed (visible, retryable by an admin) or cancelled (no longer wanted: withdrawn, done, gone).
PENDING = "pending"
CLAIMED = "claimed"
SENT = "sent"
FAILED = "failed"
CANCELLED = "cancelled"


class OutboxRow(SQLModel, table=True):
    """One message to one chat, durable until sent; `key` makes every enqueue idempotent."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("key", name="uq_outbox_key"),
        Index("ix_outbox_due", "status", "priority", "next_attempt_at"),
        Index("ix_outbox_ref_chat", "ref_id", "chat_pk"),
        # launch rows only: reminder rows (the bulk of the outbox) pay for no entry in it
        Index(
            "ix_outbox_launch",
            "created_at",
            postgresql_where=text("kind = 'launch'"),
            sqlite_where=text("kind = 'launch'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255)  # reminder:{ref}:{lead}:{platform}:{chat_pk} | launch:...
    # indexed for launches only (ix_outbox_launch, migration 0012)
    kind: str = Field(max_length=16)  # reminder | launch | broadcast
    priority: int = 0  # lower first: reminders 0, launches 1, admin broadcasts 2
    # chat.id, without a foreign key: chats are never deleted, and the key's check cost the
    # first plan a trigger call per row on PostgreSQL (migration 0015)
    chat_pk: int = Field(index=True)
    platform: str = Field(max_length=16)
    campaign_id: str | None = Field(default=None, max_length=32, index=True)
    ref_id: str | None = Field(default=None, max_length=96)  # deadline id or occurrence id
    lead: int | None = None  # working days before the cut-off (reminders)
    due: dt.date | None = None  # the cut-off this reminder is for
    text: str | None = Field(default=None, sa_column=Column(Text))  # broadcasts only
    status: str = Field(default=PENDING, max_length=16)
    send_at: dt.datetime  # when it was planned for
    next_attempt_at: dt.datetime  # when it may be tried next
    attempts: int = 0  # failed attempts (5xx/network), drives the back-off
    possible_sends: int = 0  # attempts whose outcome is unknown (timeout, kill mid-send)
    migrations: int = 0  # supergroup migrations followed (retry once)
    lease_until: dt.datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=64)
    send_started_at: dt.datetime | None = None  # set just before the request leaves
    platform_message_id: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    sent_at: dt.datetime | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class ReminderDoneRow(SQLModel, table=True):
    """A chat pressed "Đã nộp" for one deadline (or one occurrence of a recurring report)."""

    __tablename__ = "reminder_done"
    __table_args__ = (UniqueConstraint("chat_pk", "ref_id", name="uq_reminder_done_chat_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_pk: int = Field(foreign_key="chat.id", index=True)
    ref_id: str = Field(max_length=96)
    created_at: dt.datetime


class PlanChangeRow(SQLModel, table=True):
    """Something planning reads changed (written by database triggers, migration 0007).

    scope "campaign": its deadlines, reports, status, issuer, period or document changed;
    scope "chat": its settings, activity, subscriptions or "Đã nộp" marks changed. The planner
    re-plans that scope and deletes the rows it read.
    """

    __tablename__ = "plan_change"

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=16)
    ref: str = Field(max_length=96)


class PlanStateRow(SQLModel, table=True):
    """The planner's progress (one row, id 1): every reminder eligible at `planned_at` exists."""

    __tablename__ = "plan_state"

    id: int | None = Field(default=None, primary_key=True)
    planned_at: dt.datetime  # the `now` of the last complete planning run
    horizon_seconds: int
    wake_at: dt.datetime  # before this, with no change recorded, a tick has nothing to do
    recheck: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON
    updated_at: dt.datetime


class UnitRow(SQLModel, table=True):
    """A unit (sở, huyện, xã, school) some chats speak for; `name_key` is the folded name."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("name_key", name="uq_unit_name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=255)
    name_key: str = Field(max_length=255)
    created_at: dt.datetime


class ChatUnitRow(SQLModel, table=True):
    """The unit a chat speaks for (at most one per chat), declared with /donvi."""

    __tablename__ = "chat_unit"

    chat_pk: int = Field(foreign_key="chat.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    set_by: str | None = Field(default=None, max_length=64)  # platform user id
    set_at: dt.datetime


class UnitSubmissionRow(SQLModel, table=True):
    """A unit confirmed "Đã nộp" for one deadline or report occurrence: who, when, where."""

    __tablename__ = "unit_submission"
    __table_args__ = (
        UniqueConstraint("unit_id", "ref_id", name="uq_unit_submission_unit_ref"),
        Index("ix_unit_submission_ref", "ref_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    ref_id: str = Field(max_length=96)
    campaign_id: str | None = Field(default=None, max_length=32)
    chat_pk: int | None = Field(default=None, foreign_key="chat.id")  # the chat pressed in
    user_id: str | None = Field(default=None, max_length=64)
    user_name: str | None = Field(default=None, max_length=255)
    created_at: dt.datetime
