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
import math
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

from sqlalchemy.orm import Session

from scheduler import claims
from scheduler.claims import MAX_POSSIBLE_SENDS, Claimed, Outcome
from scheduler.dispatch_config import DispatchConfig, backoff, chunk_size, new_worker_id
from scheduler.dispatch_result import DispatchResult, outcome_name
from scheduler.pacing import Pacer
from scheduler.prepare import Prepared, prepare
from scheduler.schedule_tables import CANCELLED, FAILED, PENDING, SENT
from scheduler.transport import (
    ChatGone,
    ChatMigrated,
    OutcomeUnknown,
    PermanentError,
    RetryAfter,
    TransientError,
    Transport,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
SessionFactory = Callable[[], Session]
Clock = Callable[[], dt.datetime]  # reads the current moment (a running dispatcher's clock)


async def _db(factory: SessionFactory, fn: Callable[[Session], T]) -> T:
    def run() -> T:
        with factory() as session:
            return fn(session)

    return await asyncio.to_thread(run)


class _Run:
    """One dispatch run: the state shared by its batches."""

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
        self.sending = asyncio.Semaphore(max(1, config.concurrency))
        self.rate: float | None = None  # rows/s of the last chunk sent (sets the chunk size)
        self.tasks: set[asyncio.Task[None]] = set()
        self.failures: list[BaseException] = []  # chunks that raised (surfaced by drain)

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
        prepared = await _db(self.factory, lambda s: prepare(s, rows, now, cfg.tz))
        decided = [p.outcome for p in prepared if p.outcome is not None]
        if decided:
            self._count(decided)
            await self._record(decided, now)
        sendable = [p for p in prepared if p.outcome is None]
        start = 0
        while start < len(sendable):
            await self.slots.acquire()
            try:
                # sized once the slot is free: the chunk that freed it measured the rate
                size = chunk_size(self.rate, cfg)
                chunk = sendable[start : start + size]
                start += size
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
            task.add_done_callback(self._chunk_done)
            if self.failures:  # a chunk failed (its database write): stop, drain re-raises
                break
        return not self.failures

    def _chunk_done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.failures.append(task.exception())  # type: ignore[arg-type]

    async def drain(self) -> None:
        """Wait for every chunk in flight; re-raise the first failure."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)
        if self.failures:
            raise self.failures[0]

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

    def _defer(self, prep: Prepared, until: dt.datetime, why: str) -> Outcome:
        self.result.deferred += 1
        return Outcome(prep.row.id, PENDING, {"next_attempt_at": until, "last_error": why})

    def _plan_chunk(
        self, chunk: list[Prepared], now: dt.datetime
    ) -> tuple[list[Outcome], list[Prepared]]:
        """Rows not to send now (gone chat, 429 hold, chat pace) and rows to send."""
        outcomes: list[Outcome] = []
        go: list[Prepared] = []
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
        self, go: list[Prepared], outcomes: list[Outcome], now: dt.datetime
    ) -> None:
        try:
            if go:
                began = time.perf_counter()
                outcomes = outcomes + list(
                    await asyncio.gather(*(self._send_limited(p, now) for p in go))
                )
                took = time.perf_counter() - began
                self.rate = len(go) / took if took > 0 else math.inf
            if outcomes:
                await self._record(outcomes, now)
        finally:
            self.slots.release()

    async def _send_limited(self, prep: Prepared, now: dt.datetime) -> Outcome:
        async with self.sending:
            outcome = await self._send_one(prep, now)
        if self.config.observe is not None:
            try:
                self.config.observe(prep.row.platform, prep.row.kind, outcome_name(outcome))
            except Exception:
                log.exception("delivery observer failed")
        return outcome

    async def _send_one(self, prep: Prepared, now: dt.datetime) -> Outcome:
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
    now: dt.datetime,
    *,
    pacer: Pacer | None = None,
    config: DispatchConfig | None = None,
) -> DispatchResult:
    """Send everything due at `now` (one moment for the whole run), then return."""
    return await dispatch_due_by_clock(
        session_factory, transports, lambda: now, pacer=pacer, config=config
    )


async def dispatch_due_by_clock(
    session_factory: SessionFactory,
    transports: Mapping[str, Transport],
    clock: Clock,
    *,
    pacer: Pacer | None = None,
    config: DispatchConfig | None = None,
) -> DispatchResult:
    """Send everything due, reading `clock` before each batch, then return.

    A long run (a broadcast to every chat) moves on with the clock, so a 429's wait ends. Rows
    rescheduled during the run (back-off, 429, quiet hours) are due later and wait for the next
    run; only platforms with a transport are claimed.
    """
    cfg = config or DispatchConfig()
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
