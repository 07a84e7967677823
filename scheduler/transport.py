"""The one interface through which the scheduler sends, and the one outgoing message type.

CONTRACT: a transport sends one message to one chat and returns the platform's message id, or
raises one of the errors below, which the dispatcher maps to retry / back-off / deactivate.

`OutgoingMessage` is every message the bot sends: the scheduler's reminders and launches, and
the handlers' replies (handlers.messages calls it `Reply`). It lives here, in the lowest layer
that sends, because the scheduler may not import the handlers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol


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


class Button(NamedTuple):
    """A choice under a message; `data` comes back when it is pressed (at most 64 bytes)."""

    label: str
    data: str


# Rows of buttons. A row holds (label, data) pairs, so a plain pair is a button too (the
# scheduler's reminder texts build them so) and a Button unpacks as `label, data`.
ButtonRows = Sequence[Sequence[tuple[str, str]]]


@dataclass(frozen=True)
class Attachment:
    """A file to send with a message (calendar, picture)."""

    filename: str
    content: bytes
    mime_type: str
    kind: Literal["document", "photo"] = "document"


@dataclass
class OutgoingMessage:
    """One message to one chat; `text` is plain text (platforms escape it for their markup)."""

    text: str
    buttons: ButtonRows = ()
    attachment: Attachment | None = None
    broadcast: bool = False  # sent at broadcast pace, behind live answers


class Transport(Protocol):
    """Sends one message to one chat of one platform."""

    platform: str

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send and return the platform's message id; raise a SendError on failure."""
        ...
