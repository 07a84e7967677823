"""Platform-neutral messages: what a chat adapter hands in and what the conversation returns.

Handlers never call a chat API: they return `Reply` objects and the adapter in `bot/` renders
them (Telegram inline keyboards, Zalo numbered choices, console text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Platform = Literal["telegram", "zalo", "console"]
ChatKind = Literal["private", "group"]
ContentKind = Literal["text", "document", "photo", "sticker", "voice", "other"]
# The bot's own membership of a chat changed: added to a group ("joined"), removed from it or
# blocked by a private user ("left"), unblocked by a private user ("returned").
Membership = Literal["joined", "left", "returned"]


# Button-data prefixes whose press removes only the pressed button's row (a 👍/👎 rating
# leaves the answer's other choices usable); any other press removes the message's buttons.
ROW_ONLY_CALLBACKS = frozenset({"fb"})


@dataclass(frozen=True)
class Button:
    """A choice under a reply; `data` comes back in a callback (at most 64 bytes)."""

    label: str
    data: str


@dataclass(frozen=True)
class Attachment:
    """A file to send with a reply (calendar, picture)."""

    filename: str
    content: bytes
    mime_type: str
    kind: Literal["document", "photo"] = "document"


@dataclass
class Reply:
    """One outgoing message; `text` is plain text (adapters escape it for their markup)."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)  # rows of buttons
    attachment: Attachment | None = None


@dataclass
class IncomingDocument:
    """A file a user sent; `fetch` is done by the adapter before the handler runs."""

    filename: str
    content: bytes
    mime_type: str | None = None


@dataclass
class Incoming:
    """One incoming update, already translated from the platform's format."""

    platform: Platform
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
    bot_username: str | None = None  # the bot's @name (Telegram getMe), for t.me share links
    membership: Membership | None = None  # set for the bot's own membership changes
    migrated_to_chat_id: str | None = None  # the group's new id (group -> supergroup)

    @property
    def may_change_chat(self) -> bool:
        """Whether this update can change the chat's settings: only commands and button presses
        do, so a plain question in a group never needs the group's admin list."""
        return self.callback_data is not None or self.text.lstrip().startswith("/")
