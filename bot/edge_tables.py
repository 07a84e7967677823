"""Tables of the chat-platform edge: updates answered, and webhook updates not yet handled."""

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


class WebhookInbox(SQLModel, table=True):
    """A webhook update stored before the platform got its 200, until it has been handled.

    A platform does not send an update again once it was answered 200: without this row a
    crash between the answer and the reply would lose the message. `starts` counts the
    process starts that replayed it; past a limit it is kept as poison, not replayed.
    """

    __tablename__ = "webhook_inbox"

    platform: str = Field(primary_key=True, max_length=16)
    update_key: str = Field(primary_key=True, max_length=96)
    payload: str  # the update's JSON, as received
    received_at: dt.datetime = Field(index=True)
    starts: int = 0
    poisoned_at: dt.datetime | None = None
