"""Plain text and neutral buttons → Telegram HTML and inline keyboards; what a press leaves."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.textsplit import split_text, utf16_len
from handlers.messages import ROW_ONLY_CALLBACKS

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CAPTION_LIMIT = 1024
# Parts stay a little below the hard limit, so a part never lands exactly on it.
TELEGRAM_PART_LIMIT = 4000


def start_link(bot_username: str | None) -> str | None:
    """The deep link that opens the bot with a payload (`Incoming.start_link`); None unnamed."""
    return f"https://t.me/{bot_username}?start={{payload}}" if bot_username else None


def escape(text: str) -> str:
    """Escape plain text for parse_mode=HTML (every <, > and & becomes an entity)."""
    return html.escape(text, quote=False)


def html_parts(text: str, limit: int = TELEGRAM_PART_LIMIT) -> list[str]:
    """Split plain text below Telegram's limit, then escape each part for HTML."""
    return [escape(part) for part in split_text(text, limit, utf16_len)]


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback data) as an inline keyboard; None when there are none."""
    buttons = [
        [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
        for row in rows
        if row
    ]
    return InlineKeyboardMarkup(buttons) if buttons else None


def remaining_buttons(query: CallbackQuery) -> InlineKeyboardMarkup | None:
    """The keyboard left after a press: none, or for a row-only button (👍/👎) the other rows,
    so rating an answer keeps its "Nhắc tôi" and campaign choices."""
    prefix = (query.data or "").partition(":")[0]
    message = query.message
    if prefix not in ROW_ONLY_CALLBACKS or not isinstance(message, Message):
        return None
    markup = message.reply_markup
    if markup is None:
        return None
    rows = [row for row in markup.inline_keyboard
            if not any(b.callback_data == query.data for b in row)]
    return InlineKeyboardMarkup(rows) if rows else None
