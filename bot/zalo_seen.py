"""Zalo's getUpdates has no offset: remember handled message ids in the database."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import OrderedDict

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.zalo_tables import ZaloSeenMessage


class SeenMessages:
    """Claims message ids once, across repeats and restarts (database), with a memory cache."""

    def __init__(self, engine: Engine, cache_size: int = 5000) -> None:
        self.engine = engine
        self.cache_size = cache_size
        self._recent: OrderedDict[str, None] = OrderedDict()

    def claim_sync(self, message_id: str, chat_id: str, now: dt.datetime) -> bool:
        """True the first time a message id is claimed, False for every repeat."""
        if message_id in self._recent:
            return False
        try:
            with Session(self.engine) as session:
                session.add(ZaloSeenMessage(message_id=message_id, chat_id=chat_id,
                                            seen_at=now))
                session.commit()
            claimed = True
        except IntegrityError:  # already there: a repeat, or handled before a restart
            claimed = False
        self._recent[message_id] = None
        while len(self._recent) > self.cache_size:
            self._recent.popitem(last=False)
        return claimed

    def done_sync(self, message_id: str, now: dt.datetime) -> None:
        """Record that the message was answered (for diagnostics)."""
        with Session(self.engine) as session:
            stmt = update(ZaloSeenMessage).where(
                ZaloSeenMessage.message_id == message_id  # type: ignore[arg-type]
            )
            session.execute(stmt.values(done_at=now))
            session.commit()

    def prune_sync(self, before: dt.datetime) -> int:
        """Forget ids seen before a moment (Zalo stops repeating long before); how many."""
        with Session(self.engine) as session:
            stmt = delete(ZaloSeenMessage).where(
                ZaloSeenMessage.seen_at < before  # type: ignore[arg-type]
            )
            result = session.execute(stmt)
            session.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    async def claim(self, message_id: str, chat_id: str, now: dt.datetime) -> bool:
        """claim_sync off the event loop."""
        return await asyncio.to_thread(self.claim_sync, message_id, chat_id, now)

    async def done(self, message_id: str, now: dt.datetime) -> None:
        """done_sync off the event loop."""
        await asyncio.to_thread(self.done_sync, message_id, now)

    async def prune(self, before: dt.datetime) -> int:
        """prune_sync off the event loop."""
        return await asyncio.to_thread(self.prune_sync, before)
