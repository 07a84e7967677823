"""Plain text and neutral buttons → Telegram HTML and inline keyboards."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.textsplit import split_text, utf16_len

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CAPTION_LIMIT = 1024
# Parts stay a little below the hard limit, so a part never lands exactly on it.
TELEGRAM_PART_LIMIT = 4000


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
