"""Tables of the chat-platform edge: updates already answered, per platform."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel


class HandledUpdate(SQLModel, table=True):
    """An incoming update the bot has answered; the same key is never answered again.

    Telegram confirms updates only with the next getUpdates, and Zalo's getUpdates has no
    offset at all: after a hard kill both hand out updates the bot already answered.
    """

    __tablename__ = "handled_update"

    platform: str = Field(primary_key=True, max_length=16)
    update_key: str = Field(primary_key=True, max_length=96)
    chat_id: str = Field(max_length=64)
    handled_at: dt.datetime = Field(index=True)
