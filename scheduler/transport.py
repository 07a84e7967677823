"""The one interface through which the scheduler sends: each chat platform implements it.

CONTRACT: a transport sends one message to one chat and returns the platform's message id, or
raises one of the errors below, which the dispatcher maps to retry / back-off / deactivate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class SendError(Exception):
    """Base of every delivery failure a transport reports."""


class RetryAfter(SendError):
    """The platform asked us to wait (Telegram 429, Zalo quota)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class ChatGone(SendError):
    """The chat cannot be reached any more (blocked, kicked, deleted): deactivate, never retry."""


class ChatMigrated(SendError):
    """A group became a supergroup: move the chat id and retry once."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(f"chat migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class TransientError(SendError):
    """5xx, network error, timeout before the request left: retry with back-off."""


class OutcomeUnknown(TransientError):
    """A timeout after the request left: the message may have been delivered."""


class PermanentError(SendError):
    """A request the platform will never accept (bad request): mark failed."""


@dataclass(frozen=True)
class OutgoingMessage:
    """What the scheduler asks a transport to send."""

    text: str
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()  # rows of (label, callback data)
    broadcast: bool = False  # sent at broadcast pace, behind live answers


class Transport(Protocol):
    """Sends one message to one chat of one platform."""

    platform: str

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send and return the platform's message id; raise a SendError on failure."""
        ...
