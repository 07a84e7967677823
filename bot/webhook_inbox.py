"""Webhook updates stored before the platform is answered 200, replayed after a crash.

A platform that got its 200 never sends the update again, so the receipt is made durable
first: the raw update goes into `webhook_inbox`, then the 200, then the handling; the row is
deleted once the handling ended (answered, skipped, or failed and apologised for). On start
the rows still there (a crash or kill in between) are handled again; the update ledger keeps
an update answered before the crash from being answered twice. An update whose handling kills
the process would be replayed on every start: after MAX_STARTS it is kept as poison, logged,
and no longer replayed. Rows older than KEEP (poison included) are pruned on start.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from bot.edge_tables import WebhookInbox as InboxRow

log = logging.getLogger(__name__)

MAX_STARTS = 3  # replays before an update counts as poison
KEEP = dt.timedelta(days=7)  # platforms give up re-sending long before (Telegram: 24 h)


class WebhookInbox:
    """One platform's stored webhook updates: store, done, replay on start, prune."""

    def __init__(self, engine: Engine, platform: str, *, max_starts: int = MAX_STARTS,
                 keep: dt.timedelta = KEEP) -> None:
        self.engine = engine
        self.platform = platform
        self.max_starts = max_starts
        self.keep = keep

    async def store(self, items: Sequence[tuple[str, str]], now: dt.datetime) -> set[str]:
        """Make (key, raw JSON) updates durable; the keys new to the inbox (to handle now).

        A key already there is being handled (stored earlier by this process, or replayed on
        its start): a re-send of it is answered 200 and not handled twice. Raises when the
        database cannot store (the caller answers 5xx, so the platform sends again).
        """
        return await asyncio.to_thread(self.store_sync, items, now) if items else set()

    async def done(self, key: str) -> None:
        """The update's handling ended: forget it (a failure here only means one replay)."""
        try:
            await asyncio.to_thread(self.done_sync, key)
        except Exception as exc:
            log.warning("%s: removing webhook update %s from the inbox failed: %s",
                        self.platform, key, type(exc).__name__)

    async def replay(self, now: dt.datetime) -> list[tuple[str, str]]:
        """The (key, raw JSON) updates to handle again on this start, oldest first."""
        return await asyncio.to_thread(self.replay_sync, now)

    # ---- database ----------------------------------------------------------------------------

    def store_sync(self, items: Sequence[tuple[str, str]], now: dt.datetime) -> set[str]:
        """Insert the rows in one transaction; a key already stored is kept as is."""
        keys = [key for key, _ in items]
        with Session(self.engine) as session:
            stored = set(session.execute(
                select(col(InboxRow.update_key)).where(
                    col(InboxRow.platform) == self.platform,
                    col(InboxRow.update_key).in_(keys),
                )
            ).scalars())
            fresh: dict[str, str] = {}
            for key, payload in items:
                if key not in stored:
                    fresh.setdefault(key, payload)
            session.add_all(InboxRow(platform=self.platform, update_key=key, payload=payload,
                                     received_at=now) for key, payload in fresh.items())
            session.commit()
        return set(fresh)

    def done_sync(self, key: str) -> None:
        """Delete the row of a handled update."""
        with Session(self.engine) as session:
            session.execute(delete(InboxRow).where(
                col(InboxRow.platform) == self.platform,
                col(InboxRow.update_key) == key,
            ))
            session.commit()

    def replay_sync(self, now: dt.datetime) -> list[tuple[str, str]]:
        """Count this start on every live row, set aside poison, prune; the rows to replay."""
        out: list[tuple[str, str]] = []
        with Session(self.engine) as session:
            session.execute(delete(InboxRow).where(
                col(InboxRow.platform) == self.platform,
                col(InboxRow.received_at) < now - self.keep,
            ))
            rows = session.execute(
                select(InboxRow).where(
                    col(InboxRow.platform) == self.platform,
                    col(InboxRow.poisoned_at).is_(None),
                ).order_by(col(InboxRow.received_at), col(InboxRow.update_key))
            ).scalars().all()
            for row in rows:
                row.starts += 1
                if row.starts > self.max_starts:
                    row.poisoned_at = now
                    log.error("%s: webhook update %s was replayed on %d starts without "
                              "finishing; kept as poison, not replayed again", self.platform,
                              row.update_key, self.max_starts)
                else:
                    out.append((row.update_key, row.payload))
            session.commit()
        if out:
            log.info("%s: replaying %d webhook update(s) received before a stop",
                     self.platform, len(out))
        return out

    def pending_sync(self) -> list[InboxRow]:
        """Every row of the platform, poison included (tests, operators)."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(InboxRow).where(
                    col(InboxRow.platform) == self.platform
                ).order_by(col(InboxRow.received_at))
            ).scalars().all()
            session.expunge_all()
            return list(rows)
