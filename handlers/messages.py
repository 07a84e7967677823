"""Platform-neutral messages: what a chat adapter hands in and what the conversation returns.

Handlers never call a chat API: they return `Reply` objects and the adapter in `bot/` renders
them (Telegram inline keyboards, Zalo numbered choices, console text). `Reply`, `Button` and
`Attachment` are the scheduler's outgoing message types (scheduler/transport.py): one shape for
every message the bot sends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from scheduler.transport import Attachment, Button, OutgoingMessage

__all__ = [
    "ROW_ONLY_CALLBACKS",
    "Attachment",
    "Button",
    "ChatKind",
    "ContentKind",
    "Incoming",
    "IncomingDocument",
    "Membership",
    "Reply",
]

ChatKind = Literal["private", "group"]
ContentKind = Literal["text", "document", "photo", "sticker", "voice", "other"]
# The bot's own membership of a chat changed: added to a group ("joined"), removed from it or
# blocked by a private user ("left"), unblocked by a private user ("returned").
Membership = Literal["joined", "left", "returned"]


# Button-data prefixes whose press removes only the pressed button's row (a 👍/👎 rating
# leaves the answer's other choices usable); any other press removes the message's buttons.
ROW_ONLY_CALLBACKS = frozenset({"fb"})


# A handler's reply is an outgoing message to the chat the update came from.
Reply = OutgoingMessage


@dataclass
class IncomingDocument:
    """A file a user sent; `fetch` is done by the adapter before the handler runs."""

    filename: str
    content: bytes
    mime_type: str | None = None


@dataclass
class Incoming:
    """One incoming update, already translated from the platform's format."""

    # The platform's name as the adapter in bot/ calls itself ("telegram", "zalo", "console"):
    # plain data, so a new platform needs no change here.
    platform: str
    chat_id: str
    user_id: str
    chat_kind: ChatKind
    now: dt.datetime
    text: str = ""
    content: ContentKind = "text"
    callback_data: str | None = None  # set when a button was pressed
    addressed: bool = True  # in groups: mentioned, replied to, or a command
    user_is_admin: bool = False  # bot admin (THIDUABOT_ADMINS)
    user_is_chat_admin: bool = False  # admin of the group, as the platform says
    document: IncomingDocument | None = None
    message_id: str | None = None
    user_name: str | None = None
    chat_title: str | None = None
    bot_username: str | None = None  # the bot's @name (Telegram getMe), for mentions
    # How a chat opens the bot with a payload, "{payload}" in it (a t.me link, a /start
    # text): the platform's own form, set by its adapter; None where it has none.
    start_link: str | None = None
    membership: Membership | None = None  # set for the bot's own membership changes
    migrated_to_chat_id: str | None = None  # the group's new id (group -> supergroup)

    @property
    def may_change_chat(self) -> bool:
        """Whether this update can change the chat's settings: only commands and button presses
        do, so a plain question in a group never needs the group's admin list."""
        return self.callback_data is not None or self.text.lstrip().startswith("/")
