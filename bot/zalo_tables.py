"""Tables of the Zalo edge: message ids already handled (getUpdates has no offset)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel


class ZaloSeenMessage(SQLModel, table=True):
    """A Zalo message the bot has taken on; a repeat of the same id is never answered again."""

    __tablename__ = "zalo_seen_message"

    message_id: str = Field(primary_key=True, max_length=64)
    chat_id: str = Field(max_length=64)
    seen_at: dt.datetime = Field(index=True)
    done_at: dt.datetime | None = None
