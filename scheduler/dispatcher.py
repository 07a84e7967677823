"""Delivery: claim due outbox rows, send them through each platform's Transport, record.

Error mapping (scheduler.transport): 429 -> wait `retry_after` and retry the same message (the
platform is held meanwhile); 5xx/network -> exponential back-off with a cap, then failed
(visible, retryable); 403 -> deactivate the chat, never retry; migration -> move the chat id and
retry once; outcome unknown -> counts as possibly sent, retried at most once more.
Database calls run in a worker thread so the event loop (live answers) never waits on them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.tables import CampaignRow
from scheduler import claims
from scheduler.claims import MAX_POSSIBLE_SENDS, Claimed, Outcome
from scheduler.pacing import Pacer
from scheduler.planning import TZ, parse_clock, quiet_release
from scheduler.sql import table_of
from scheduler.tables import CANCELLED, FAILED, PENDING, SENT, ReminderDoneRow
from scheduler.texts import TextBuilder
from scheduler.transport import (
    ChatGone,
    ChatMigrated,
    OutcomeUnknown,
    OutgoingMessage,
    PermanentError,
    RetryAfter,
    TransientError,
    Transport,
)

CAMPAIGN = table_of(CampaignRow)
DONE = table_of(ReminderDoneRow)

log = logging.getLogger(__name__)
T = TypeVar("T")
SessionFactory = Callable[[], Session]
NowArg = dt.datetime | Callable[[], dt.datetime]


@dataclass(frozen=True)
class DispatchConfig:
    """Tuning of delivery."""

    batch_size: int = 200  # rows claimed per transaction
    concurrency: int = 32  # rows per chunk: sent concurrently, recorded in one transaction
    chunks_in_flight: int = 2  # the next chunk starts while one is still in flight
    lease: dt.timedelta = dt.timedelta(minutes=2)
    backoff_base: dt.timedelta = dt.timedelta(seconds=10)
    backoff_cap: dt.timedelta = dt.timedelta(minutes=15)
    max_attempts: int = 8  # transient failures before a row is failed
    max_chat_wait: float = 1.0  # wait inline for a chat's slot up to this, else reschedule
    worker_id: str | None = None
    tz: ZoneInfo = TZ


@dataclass
class DispatchResult:
    """What one dispatch run did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0  # rescheduled after a transient error
    rate_limited: int = 0  # 429s received
    failed: int = 0
    cancelled: int = 0
    deactivated: int = 0  # chats deactivated (403)
    migrated: int = 0
    deferred: int = 0  # quiet hours, pacing or a platform hold: not an attempt
    possibly_sent: int = 0  # outcome unknown
    errors: list[str] = field(default_factory=list)

    def add(self, other: DispatchResult) -> None:
        """Accumulate another result into this one."""
        for name in self.__dataclass_fields__:
            if name == "errors":
                self.errors.extend(other.errors)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


def new_worker_id() -> str:
    """A unique name for this dispatcher (host, pid, random)."""
    return f"{socket.gethostname()[:24]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def backoff(attempts: int, config: DispatchConfig) -> dt.timedelta:
    """Delay after the n-th failed attempt: base * 2^(n-1), capped."""
    delay = config.backoff_base * (2 ** max(0, attempts - 1))
    return min(delay, config.backoff_cap)


async def _db(factory: SessionFactory, fn: Callable[[Session], T]) -> T:
    def run() -> T:
        with factory() as session:
            return fn(session)

    return await asyncio.to_thread(run)


@dataclass
class _Prepared:
    row: Claimed
    message: OutgoingMessage | None = None
    outcome: Outcome | None = None  # decided without sending
    wait: float = 0.0


def _prepare(
    session: Session, rows: list[Claimed], now: dt.datetime, tz: ZoneInfo
) -> list[_Prepared]:
    """Decide per claimed row: cancel, defer (quiet hours) or send (text built now)."""
    builder = TextBuilder(session)
    today = now.astimezone(tz).date()
    refs = [(r.chat_pk, r.ref_id) for r in rows if r.kind == "reminder" and r.ref_id]
    done: set[tuple[int, str]] = set()
    if refs:
        done = {
            (pk, ref)
            for pk, ref in session.execute(
                select(DONE.c.chat_pk, DONE.c.ref_id).where(
                    DONE.c.chat_pk.in_({pk for pk, _ in refs})
                )
            )
        }
    published: dict[str, bool] = {}
    out: list[_Prepared] = []
    for row in rows:
        prep = _Prepared(row)
        out.append(prep)
        if not row.chat_active:
            prep.outcome = Outcome(row.id, CANCELLED, {"last_error": "chat inactive"})
            continue
        qs = parse_clock(row.quiet_start, dt.time(21, 0))
        qe = parse_clock(row.quiet_end, dt.time(7, 0))
        release = quiet_release(now, qs, qe, tz)
        if release > now:
            prep.outcome = Outcome(
                row.id, PENDING, {"next_attempt_at": release, "last_error": "quiet hours"}
            )
            continue
        if row.kind == "reminder":
            if row.due is None or row.ref_id is None or row.due < today:
                prep.outcome = Outcome(
                    row.id, CANCELLED, {"last_error": "expired: cut-off passed"}
                )
            elif (row.chat_pk, row.ref_id) in done:
                prep.outcome = Outcome(row.id, CANCELLED, {"last_error": "done"})
            else:
                prep.message = builder.reminder(row.ref_id, row.due, today)
                if prep.message is None:
                    prep.outcome = Outcome(row.id, CANCELLED, {"last_error": "deadline withdrawn"})
        elif row.kind == "launch":
            cid = row.campaign_id or ""
            if cid not in published:
                status = session.execute(
                    select(CAMPAIGN.c.status).where(CAMPAIGN.c.id == cid)
                ).scalar()
                published[cid] = status == "published"
            prep.message = builder.launch(cid, today) if published[cid] else None
            if prep.message is None:
                prep.outcome = Outcome(row.id, CANCELLED, {"last_error": "campaign withdrawn"})
        else:
            prep.message = OutgoingMessage(text=row.text or "", broadcast=True)
    return out


class _Run:
    """One dispatch_due call: the state shared by its batches."""

    def __init__(
        self,
        factory: SessionFactory,
        transports: Mapping[str, Transport],
        pacer: Pacer,
        config: DispatchConfig,
        worker: str,
    ) -> None:
        self.factory = factory
        self.transports = transports
        self.pacer = pacer
        self.config = config
        self.worker = worker
        self.result = DispatchResult()
        self.holds: dict[str, dt.datetime] = {}  # platform -> moment a 429 allows again
        self.gone: set[int] = set()  # chats found unreachable during this run
        self.slots = asyncio.Semaphore(config.chunks_in_flight)
        self.tasks: set[asyncio.Task[None]] = set()

    async def batch(self, now: dt.datetime) -> bool:
        """Claim one batch and start sending it; False when nothing more is due.

        Chunks are pipelined: while one chunk's requests are in flight the next one is
        already started (at most `chunks_in_flight`), so the pace never stalls on a database
        write between chunks.
        """
        cfg = self.config
        platforms = list(self.transports)
        rows = await _db(
            self.factory,
            lambda s: claims.claim(s, now, self.worker, cfg.batch_size, cfg.lease, platforms),
        )
        if not rows:
            if self.tasks:  # what they reschedule for "now" (a migration) is due again
                await self.drain()
                return True
            return False
        self.result.claimed += len(rows)
        prepared = await _db(self.factory, lambda s: _prepare(s, rows, now, cfg.tz))
        decided = [p.outcome for p in prepared if p.outcome is not None]
        if decided:
            self._count(decided)
            await self._record(decided, now)
        sendable = [p for p in prepared if p.outcome is None]
        for start in range(0, len(sendable), cfg.concurrency):
            chunk = sendable[start : start + cfg.concurrency]
            await self.slots.acquire()
            try:
                outcomes, go = self._plan_chunk(chunk, now)
                if go:
                    ids = [p.row.id for p in go]
                    await _db(
                        self.factory,
                        lambda s, ids=ids: claims.mark_started(s, ids, self.worker, now),  # type: ignore[misc]
                    )
            except BaseException:
                self.slots.release()
                raise
            task = asyncio.create_task(self._finish_chunk(go, outcomes, now))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
            if task.done() and task.exception():  # pragma: no cover - surfaced by drain
                break
        return True

    async def drain(self) -> None:
        """Wait for every chunk in flight; re-raise the first failure."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks))

    async def _record(self, outcomes: list[Outcome], now: dt.datetime) -> None:
        def write(session: Session) -> None:
            claims.record(session, outcomes, self.worker, now)

        await _db(self.factory, write)

    def _count(self, outcomes: list[Outcome]) -> None:
        for o in outcomes:
            if o.status == CANCELLED:
                self.result.cancelled += 1
            elif o.status == PENDING:
                self.result.deferred += 1

    def _defer(self, prep: _Prepared, until: dt.datetime, why: str) -> Outcome:
        self.result.deferred += 1
        return Outcome(prep.row.id, PENDING, {"next_attempt_at": until, "last_error": why})

    def _plan_chunk(
        self, chunk: list[_Prepared], now: dt.datetime
    ) -> tuple[list[Outcome], list[_Prepared]]:
        """Rows not to send now (gone chat, 429 hold, chat pace) and rows to send."""
        outcomes: list[Outcome] = []
        go: list[_Prepared] = []
        for prep in chunk:
            row = prep.row
            if row.chat_pk in self.gone:
                self.result.cancelled += 1
                outcomes.append(Outcome(row.id, CANCELLED, {"last_error": "chat_gone: earlier"}))
                continue
            hold = self.holds.get(row.platform)
            if hold is not None and hold > now:
                outcomes.append(self._defer(prep, hold, "platform asked to wait (429)"))
                continue
            wait = self.pacer.reserve_chat(
                row.platform, row.chat_id, row.group, self.config.max_chat_wait
            )
            if wait < 0:
                later = now + dt.timedelta(seconds=self.pacer.chat_wait(row.platform, row.chat_id))
                outcomes.append(self._defer(prep, later, "chat pace"))
                continue
            prep.wait = wait
            go.append(prep)
        return outcomes, go

    async def _finish_chunk(
        self, go: list[_Prepared], outcomes: list[Outcome], now: dt.datetime
    ) -> None:
        try:
            if go:
                outcomes = outcomes + list(
                    await asyncio.gather(*(self._send_one(p, now) for p in go))
                )
            if outcomes:
                await self._record(outcomes, now)
        finally:
            self.slots.release()

    async def _send_one(self, prep: _Prepared, now: dt.datetime) -> Outcome:
        row, msg, cfg = prep.row, prep.message, self.config
        assert msg is not None
        transport = self.transports[row.platform]
        if prep.wait > 0:
            await asyncio.sleep(prep.wait)
        if row.chat_pk in self.gone:  # another message found the chat gone meanwhile
            self.result.cancelled += 1
            return Outcome(row.id, CANCELLED, {"last_error": "chat_gone: earlier"})
        try:
            async with self.pacer.outbox_send(row.platform, msg.broadcast):
                hold = self.holds.get(row.platform)
                if hold is not None and hold > now:  # a 429 came while this one waited
                    return self._defer(prep, hold, "platform asked to wait (429)")
                message_id = await transport.send(row.chat_id, msg)
        except RetryAfter as exc:
            self.result.rate_limited += 1
            until = now + dt.timedelta(seconds=max(exc.seconds, 0.0))
            if until > self.holds.get(row.platform, now):
                self.holds[row.platform] = until
            self.pacer.hold(row.platform, exc.seconds)
            return Outcome(
                row.id,
                PENDING,
                {"next_attempt_at": until, "last_error": f"429: retry after {exc.seconds}s"},
            )
        except ChatGone as exc:
            self.gone.add(row.chat_pk)
            self.result.deactivated += 1
            self.result.cancelled += 1
            reason = str(exc) or "chat gone"
            await _db(self.factory, lambda s: claims.deactivate_chat(s, row.chat_pk, reason, now))
            return Outcome(row.id, CANCELLED, {"last_error": f"chat_gone: {exc}"})
        except ChatMigrated as exc:
            if row.migrations >= 1:
                self.result.failed += 1
                return Outcome(row.id, FAILED, {"last_error": f"migrated again: {exc}"})
            new_id = exc.new_chat_id
            moved = await _db(self.factory, lambda s: claims.migrate_chat(s, row.chat_pk, new_id))
            self.result.migrated += 1
            if not moved:
                self.result.failed += 1
                return Outcome(row.id, FAILED, {"last_error": f"migration target taken: {exc}"})
            return Outcome(
                row.id,
                PENDING,
                {"next_attempt_at": now, "migrations": row.migrations + 1, "last_error": str(exc)},
            )
        except OutcomeUnknown as exc:
            return self._unknown(row, str(exc) or "timeout", now)
        except TransientError as exc:
            attempts = row.attempts + 1
            if attempts >= cfg.max_attempts:
                self.result.failed += 1
                return Outcome(
                    row.id, FAILED, {"attempts": attempts, "last_error": f"gave up: {exc}"}
                )
            self.result.retried += 1
            return Outcome(
                row.id,
                PENDING,
                {
                    "attempts": attempts,
                    "next_attempt_at": now + backoff(attempts, cfg),
                    "last_error": f"transient: {exc}",
                },
            )
        except PermanentError as exc:
            self.result.failed += 1
            return Outcome(row.id, FAILED, {"last_error": f"rejected: {exc}"})
        except Exception as exc:  # a transport bug: the request may have left
            log.exception("transport %s raised an unexpected error", row.platform)
            self.result.errors.append(repr(exc))
            return self._unknown(row, f"unexpected {exc!r}", now)
        self.result.sent += 1
        return Outcome(
            row.id, SENT, {"platform_message_id": str(message_id)[:64], "last_error": None}
        )

    def _unknown(self, row: Claimed, why: str, now: dt.datetime) -> Outcome:
        self.result.possibly_sent += 1
        possible = row.possible_sends + 1
        attempts = row.attempts + 1
        if possible >= MAX_POSSIBLE_SENDS:
            self.result.failed += 1
            return Outcome(
                row.id,
                FAILED,
                {
                    "possible_sends": possible,
                    "attempts": attempts,
                    "last_error": f"outcome unknown twice: {why}",
                },
            )
        self.result.retried += 1
        return Outcome(
            row.id,
            PENDING,
            {
                "possible_sends": possible,
                "attempts": attempts,
                "next_attempt_at": now + backoff(attempts, self.config),
                "last_error": f"possibly sent: {why}",
            },
        )


async def dispatch_due(
    session_factory: SessionFactory,
    transports: Mapping[str, Transport],
    now: NowArg,
    *,
    pacer: Pacer | None = None,
    config: DispatchConfig | None = None,
) -> DispatchResult:
    """Send everything due at `now` (a moment, or a clock read before each batch), then return.

    Rows rescheduled during the run (back-off, 429, quiet hours) are due later and wait for the
    next run; only platforms with a transport are claimed.
    """
    cfg = config or DispatchConfig()
    clock: Callable[[], dt.datetime] = now if callable(now) else (lambda: now)
    run = _Run(
        session_factory, transports, pacer or Pacer(), cfg, cfg.worker_id or new_worker_id()
    )
    if not transports:
        return run.result
    # claims whose lease ran out belong to a dispatcher that died or hung: give them back
    start = clock()
    await _db(session_factory, lambda s: claims.reap(s, start))
    try:
        while await run.batch(clock()):
            pass
    finally:
        await run.drain()
    return run.result
