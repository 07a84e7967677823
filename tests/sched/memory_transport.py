"""An in-memory Transport with scripted failures (the boundary before the fake servers)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.transport import OutgoingMessage


@dataclass
class MemoryTransport:
    """Records every send; raises the scripted errors for a chat, in order, before succeeding."""

    platform: str = "telegram"
    delay: float = 0.0
    failures: dict[str, list[Exception]] = field(default_factory=lambda: defaultdict(list))
    sent: list[tuple[str, OutgoingMessage]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    _next_id: int = 1000

    def fail(self, chat_id: str, *errors: Exception) -> None:
        """Script errors for the next sends to a chat."""
        self.failures[chat_id].extend(errors)

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send (record) or raise the next scripted error."""
        self.calls.append(chat_id)
        if self.delay:
            await asyncio.sleep(self.delay)
        else:
            await asyncio.sleep(0)
        queue = self.failures.get(chat_id)
        if queue:
            raise queue.pop(0)
        self.sent.append((chat_id, message))
        self._next_id += 1
        return str(self._next_id)

    def texts_to(self, chat_id: str) -> list[str]:
        """Texts delivered to one chat."""
        return [m.text for c, m in self.sent if c == chat_id]
