"""Zalo has no buttons: choices become numbered lines, and "1", "2"… map back to their data."""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot.textsplit import split_text
from bot.zalo.client import ZALO_TEXT_LIMIT

Choice = tuple[str, str]  # (label, callback data)


def flatten(rows: Sequence[Sequence[Choice]]) -> list[Choice]:
    """Button rows as one numbered list, left to right, top to bottom."""
    return [choice for row in rows for choice in row]


def choices_text(choices: Sequence[Choice]) -> str:
    """The numbered choices as lines the user can answer with a number."""
    return "\n".join(f"Trả lời {i} để chọn: {label}" for i, (label, _) in enumerate(choices, 1))


def zalo_parts(text: str, choices: Sequence[Choice] = (), limit: int = ZALO_TEXT_LIMIT
               ) -> list[str]:
    """Split text into ≤ limit parts; the numbered choices end the last part (or follow it)."""
    parts = [p for p in split_text(text, limit) if p.strip()]
    if choices:
        block = choices_text(choices)
        if parts and len(parts[-1]) + 2 + len(block) <= limit:
            parts[-1] = f"{parts[-1]}\n\n{block}"
        else:
            parts.extend(split_text(block, limit))
    return parts or [""]


class ChoiceMemory:
    """The last numbered choices offered in each chat (in memory; fine to lose on restart)."""

    def __init__(self, ttl_seconds: float = 24 * 3600, max_chats: int = 10_000) -> None:
        self.ttl = ttl_seconds
        self.max_chats = max_chats
        self._by_chat: dict[str, tuple[float, list[Choice]]] = {}

    def remember(self, chat_id: str, choices: Sequence[Choice]) -> None:
        """Offer these choices in this chat (replaces the previous ones)."""
        if not choices:
            return
        if len(self._by_chat) >= self.max_chats and chat_id not in self._by_chat:
            oldest = min(self._by_chat, key=lambda c: self._by_chat[c][0])
            del self._by_chat[oldest]
        self._by_chat[chat_id] = (time.monotonic(), list(choices))

    def resolve(self, chat_id: str, text: str) -> str | None:
        """The callback data for a reply "1", "2"… in this chat, or None."""
        answer = text.strip().rstrip(".").strip()
        if not answer.isdigit():
            return None
        entry = self._by_chat.get(chat_id)
        if entry is None or time.monotonic() - entry[0] > self.ttl:
            return None
        index = int(answer) - 1
        choices = entry[1]
        return choices[index][1] if 0 <= index < len(choices) else None
