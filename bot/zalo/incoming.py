"""Zalo event → platform-neutral Incoming (chat kind, addressing, numbered choices)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from bot.zalo.render import ChoiceMemory
from handlers.messages import ContentKind, Incoming

# Zalo has no deep links: a shared invitation is the text a unit sends the bot.
START_LINK = "/start {payload}"

CONTENT_BY_EVENT: dict[str, ContentKind] = {
    "message.text.received": "text",
    "message.image.received": "photo",
    "message.sticker.received": "sticker",
    "message.unsupported.received": "other",
}


@dataclass
class ZaloEvent:
    """The parts of a Zalo event the bot uses."""

    name: str
    message_id: str
    chat_id: str
    chat_type: str
    user_id: str
    user_name: str | None
    text: str
    date_ms: int | None

    @classmethod
    def parse(cls, event: dict[str, Any]) -> ZaloEvent | None:
        """Parse one event; None when it lacks a message id or chat."""
        msg = event.get("message")
        if not isinstance(msg, dict):
            return None
        chat = msg.get("chat") or {}
        sender = msg.get("from") or {}
        message_id = msg.get("message_id")
        chat_id = chat.get("id") or sender.get("id")
        if not message_id or not chat_id:
            return None
        name = str(event.get("event_name") or "")
        if not name:  # undocumented: infer the kind from the fields present
            name = "message.text.received" if "text" in msg else "message.unsupported.received"
        date = msg.get("date")
        return cls(
            name=name,
            message_id=str(message_id),
            chat_id=str(chat_id),
            chat_type=str(chat.get("chat_type") or "PRIVATE").upper(),
            user_id=str(sender.get("id") or chat_id),
            user_name=sender.get("display_name") or sender.get("first_name"),
            text=str(msg.get("text") or msg.get("caption") or ""),
            date_ms=int(date) if isinstance(date, int | float) else None,
        )


def mention_names(account_name: str, display_name: str) -> list[str]:
    """How people may tag the bot in a group."""
    return [n for n in (account_name, display_name) if n]


def strip_mentions(text: str, names: list[str]) -> tuple[str, bool]:
    """Remove "@name" for each of the bot's names; whether any was there."""
    found = False
    for name in names:
        pattern = re.compile(rf"@{re.escape(name)}(?!\w)[,:]?", re.IGNORECASE)
        if pattern.search(text):
            found = True
            text = pattern.sub(" ", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip(), found


def to_incoming(ev: ZaloEvent, now: dt.datetime, admins: set[tuple[str, str]],
                choices: ChoiceMemory, bot_names: list[str]) -> Incoming | None:
    """The Incoming for an event, or None when a group message is not for the bot."""
    private = ev.chat_type != "GROUP"
    content = CONTENT_BY_EVENT.get(ev.name, "other")
    text, mentioned = strip_mentions(ev.text, bot_names)
    callback = choices.resolve(ev.chat_id, text) if content == "text" else None
    addressed = private or mentioned or text.startswith("/") or callback is not None
    if not addressed:
        return None
    return Incoming(
        platform="zalo",
        chat_id=ev.chat_id,
        user_id=ev.user_id,
        chat_kind="private" if private else "group",
        now=now,
        text="" if callback else text,
        content=content,
        callback_data=callback,
        addressed=True,
        user_is_admin=("zalo", ev.user_id) in admins,
        # The Zalo Bot API cannot list a group's admins: only bot admins manage groups there.
        user_is_chat_admin=False,
        message_id=ev.message_id,
        user_name=ev.user_name,
        start_link=START_LINK,
    )
