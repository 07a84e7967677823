"""Per-chat conversation memory: a bounded LRU keyed by (platform, chat id)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from knowledge.answer.contract import ConversationContext


@dataclass
class ChatMemory:
    """What the bot remembers of one chat between messages."""

    context: ConversationContext
    last_question: str | None = None


class ChatStates:
    """Thread-safe LRU of ChatMemory; the least recently used chat is forgotten first."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = max(1, capacity)
        self._items: OrderedDict[tuple[str, str], ChatMemory] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> ChatMemory:
        """The chat's memory (a fresh one if unknown or forgotten)."""
        with self._lock:
            memory = self._items.get(key)
            if memory is None:
                memory = ChatMemory(ConversationContext())
                self._items[key] = memory
                while len(self._items) > self.capacity:
                    self._items.popitem(last=False)
            else:
                self._items.move_to_end(key)
            return memory

    def __len__(self) -> int:
        return len(self._items)
