"""What one handler call sees: the message, the chat's row and memory, a DB session, language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from handlers.messages import Incoming
from handlers.services import Services
from handlers.state import ChatMemory
from knowledge.presentation.catalogue import tr
from scheduler.schedule_tables import ChatRow


@dataclass
class Ctx:
    """One incoming message being handled."""

    services: Services
    incoming: Incoming
    session: Session
    chat: ChatRow
    memory: ChatMemory
    lang: str

    @property
    def now(self) -> dt.datetime:
        """The moment of the message, in the bot's time zone."""
        now = self.incoming.now
        if now.tzinfo is None:
            now = now.replace(tzinfo=self.services.tz)
        return now.astimezone(self.services.tz)

    @property
    def today(self) -> dt.date:
        """The local date of the message."""
        return self.now.date()

    def t(self, key: str, **params: object) -> str:
        """A frame text in this reply's language."""
        return tr(self.lang, key, **params)

    @property
    def is_bot_admin(self) -> bool:
        """A bot admin, by the adapter's flag or THIDUABOT_ADMINS."""
        inc = self.incoming
        return inc.user_is_admin or self.services.is_bot_admin(inc.platform, inc.user_id)

    @property
    def can_manage_chat(self) -> bool:
        """May change this chat's subscriptions and settings (anyone in a private chat)."""
        inc = self.incoming
        return inc.chat_kind == "private" or inc.user_is_chat_admin or self.is_bot_admin

    @property
    def chat_pk(self) -> int:
        """The chat's primary key."""
        assert self.chat.id is not None
        return self.chat.id
