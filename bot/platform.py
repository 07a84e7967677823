"""A chat platform as the app runs it (`ChatBackend`), and what the platforms
need from the rest of the bot (the conversation, the command menu), as small protocols."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.token_guard import TokenGuard
from handlers.messages import Incoming, Reply
from scheduler.transport import Transport


class ChatBackend(Transport, Protocol):
    """One chat platform (TelegramAdapter, ZaloAdapter): receives between start() and stop(),
    answers through the conversation, and sends the scheduler's messages (`Transport.send`)."""

    platform: str
    guard: TokenGuard  # tells the app (on_rejected) when the platform rejects the bot token

    async def start(self) -> None:
        """Begin receiving (raises when the platform cannot be used now)."""
        ...

    async def stop(self) -> None:
        """Stop receiving and finish the work in hand."""
        ...


class ConversationRouter(Protocol):
    """The platform-neutral conversation (handlers.router.Router satisfies this)."""

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """The replies to one incoming message."""
        ...


class CommandLike(Protocol):
    """A command as menus see it (handlers.commands.Command, the registry's entry, is one)."""

    @property
    def name(self) -> str:
        """The Vietnamese name, without the slash."""
        ...

    @property
    def alias(self) -> str:
        """The English alias ("" when the name is already English)."""
        ...

    @property
    def description_vi(self) -> str:
        """Menu description in Vietnamese."""
        ...

    @property
    def description_en(self) -> str:
        """Menu description in English."""
        ...

    @property
    def admin_only(self) -> bool:
        """Left out of the menus (ordinary users cannot run it)."""
        ...


def menu_entries(commands: Sequence[CommandLike], lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs for a platform menu in one language; admin-only left out.

    The one menu function: Telegram's setMyCommands and any other platform menu use it.
    """
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for spec in commands:
        if spec.admin_only:
            continue
        name = (spec.alias or spec.name) if lang == "en" else spec.name
        desc = spec.description_en if lang == "en" else spec.description_vi
        if name and name not in seen:
            seen.add(name)
            out.append((name, desc[:256]))
    return out
