"""A durable ledger of the updates each platform has answered, so none is answered twice.

Telegram confirms an update only with the next getUpdates (a hard kill before it hands the
same updates out again) and Zalo's getUpdates has no offset at all. An update is recorded
AFTER its reply went out: a kill in between may answer it once more, but never loses it. While
it is being handled its key sits in an in-memory set, so a repeat arriving meanwhile is skipped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import OrderedDict

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.edge_tables import HandledUpdate

log = logging.getLogger(__name__)

KEEP = dt.timedelta(days=7)  # platforms stop re-sending long before (Telegram: 24 h)
PRUNE_EVERY = dt.timedelta(hours=1)


class UpdateLedger:
    """Which updates of one platform were answered: in flight in memory, done in the database."""

    def __init__(
        self,
        engine: Engine,
        platform: str,
        *,
        keep: dt.timedelta = KEEP,
        prune_every: dt.timedelta = PRUNE_EVERY,
        cache_size: int = 5000,
    ) -> None:
        self.engine = engine
        self.platform = platform
        self.keep = keep
        self.prune_every = prune_every
        self.cache_size = cache_size
        self._in_flight: set[str] = set()
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._last_prune: dt.datetime | None = None

    # ---- the life of one update --------------------------------------------------------------

    async def begin(self, key: str) -> bool:
        """True when the update should be handled now; False if in flight or answered before."""
        if key in self._in_flight or key in self._recent:
            return False
        self._in_flight.add(key)  # before the await: a repeat arriving meanwhile is skipped
        try:
            answered = await asyncio.to_thread(self.is_handled_sync, key)
        except BaseException:
            self._in_flight.discard(key)
            raise
        if answered:
            self._in_flight.discard(key)
            self._remember(key)
            return False
        return True

    async def finish(self, key: str, chat_id: str, now: dt.datetime) -> None:
        """Record that the update was answered (call after the reply was sent)."""
        try:
            await asyncio.to_thread(self.record_sync, key, chat_id, now)
        except Exception as exc:  # the reply is out; memory still stops a repeat here
            log.warning("%s: recording update %s as answered failed: %s", self.platform, key,
                        type(exc).__name__)
        finally:
            self._in_flight.discard(key)
            self._remember(key)
        await self.maybe_prune(now)

    def release(self, key: str) -> None:
        """Handling failed before a reply: forget the key, so a repeat is handled again."""
        self._in_flight.discard(key)

    def in_flight(self, key: str) -> bool:
        """Whether the update is being handled right now."""
        return key in self._in_flight

    def _remember(self, key: str) -> None:
        self._recent[key] = None
        while len(self._recent) > self.cache_size:
            self._recent.popitem(last=False)

    # ---- database ----------------------------------------------------------------------------

    def is_handled_sync(self, key: str) -> bool:
        """Whether the database records the update as answered."""
        stmt = select(HandledUpdate.update_key).where(  # type: ignore[call-overload]
            HandledUpdate.platform == self.platform, HandledUpdate.update_key == key
        )
        with Session(self.engine) as session:
            return session.execute(stmt).first() is not None

    def record_sync(self, key: str, chat_id: str, now: dt.datetime) -> None:
        """Insert the ledger row (a row already there, e.g. from a repeat, is fine)."""
        with Session(self.engine) as session:
            session.add(HandledUpdate(platform=self.platform, update_key=key, chat_id=chat_id,
                                      handled_at=now))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()

    def prune_sync(self, before: dt.datetime) -> int:
        """Forget updates answered before a moment; how many rows went."""
        stmt = delete(HandledUpdate).where(
            HandledUpdate.platform == self.platform,  # type: ignore[arg-type]
            HandledUpdate.handled_at < before,  # type: ignore[arg-type]
        )
        with Session(self.engine) as session:
            result = session.execute(stmt)
            session.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    async def maybe_prune(self, now: dt.datetime) -> int:
        """Prune rows older than `keep`, at most once per `prune_every`; how many went."""
        if self._last_prune is not None and now - self._last_prune < self.prune_every:
            return 0
        self._last_prune = now
        try:
            return await asyncio.to_thread(self.prune_sync, now - self.keep)
        except Exception as exc:  # pruning is housekeeping: never fail an answer over it
            log.warning("%s: pruning the update ledger failed: %s", self.platform,
                        type(exc).__name__)
            return 0
