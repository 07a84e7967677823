"""The scheduler inside the bot process: APScheduler drives exactly two periodic ticks.

`plan` reconciles the outbox with the knowledge base (idempotent); `dispatch` sends what is
due. Reminders are never APScheduler jobs: the database outbox is the only record of what must
be sent, so nothing is lost on restart and several processes can share PostgreSQL. On
PostgreSQL one process at a time dispatches (`pg_try_advisory_lock`, held on a dedicated
connection; when its process dies the server drops the lock and another process takes over at
its next tick, reaping the dead one's claims at once).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Collection, Mapping
from dataclasses import replace
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from knowledge.dates.zone import VIETNAM
from scheduler import claims
from scheduler.dispatch_config import DispatchConfig, new_worker_id
from scheduler.dispatch_result import DispatchResult
from scheduler.dispatcher import Clock, dispatch_due_by_clock
from scheduler.pacing import Pacer
from scheduler.planning.run import PlanResult, plan_reminders
from scheduler.transport import Transport

log = logging.getLogger(__name__)


class _DropShutdownCancels(logging.Filter):
    """Drops APScheduler's "Error running job" for a tick cancelled at shutdown.

    Shutdown cancels the tick tasks still running (or not yet started); APScheduler logs
    their CancelledError with a traceback as if the job had failed. Nothing is lost: planning
    is idempotent and claimed outbox rows keep their lease for the next run.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, asyncio.CancelledError)


_SHUTDOWN_FILTER = _DropShutdownCancels()
logging.getLogger("apscheduler.executors.default").addFilter(_SHUTDOWN_FILTER)
LOCK_KEY = 0x7468_6964_7561  # "thidua": the dispatcher's advisory lock id


class PgDispatchLock:
    """The PostgreSQL advisory lock that lets one dispatcher run at a time."""

    def __init__(self, engine: Engine, key: int = LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        """Whether this process believes it holds the lock."""
        return self._conn is not None

    def try_hold(self) -> tuple[bool, bool]:
        """(holding now, just acquired). Checks a held lock's connection is still alive."""
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                return True, False
            except Exception:
                log.warning("dispatcher lock connection lost")
                self.release()
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = bool(
                conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
            )
        except Exception:
            conn.close()
            raise
        if not got:
            conn.close()
            return False, False
        self._conn = conn
        return True, True

    def release(self) -> None:
        """Drop the lock (closing its connection releases it server-side)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                # invalidate: a pooled connection would keep the session-level lock alive
                conn.invalidate()
                conn.close()
            except Exception:
                log.debug("closing the lock connection failed", exc_info=True)


class DispatchLoop:
    """Dispatch ticks with the lock and claim reaping around dispatch_due_by_clock."""

    def __init__(
        self,
        engine: Engine,
        transports: Mapping[str, Transport],
        clock: Clock,
        *,
        pacer: Pacer | None = None,
        config: DispatchConfig | None = None,
        officers: Collection[tuple[str, str]] = (),
    ) -> None:
        self.engine = engine
        self.officers = frozenset(officers)  # (platform, user id): who gets progress summaries
        self.transports = dict(transports)
        self.clock = clock
        self.pacer = pacer or Pacer()
        worker = (config.worker_id if config else None) or new_worker_id()
        base = config or DispatchConfig()
        self.config = DispatchConfig(**{**base.__dict__, "worker_id": worker})
        self.postgres = engine.dialect.name == "postgresql"
        self.lock = PgDispatchLock(engine) if self.postgres else None
        self._started = False
        self._busy = False

    @property
    def worker(self) -> str:
        """This dispatcher's claim name."""
        assert self.config.worker_id is not None
        return self.config.worker_id

    def _session(self) -> Session:
        return Session(self.engine)

    def _reap(self, everything: bool) -> int:
        with self._session() as session:
            return claims.reap(
                session, self.clock(), everything=everything, keep_worker=self.worker
            )

    async def tick(self) -> DispatchResult | None:
        """One dispatch tick; None when another tick or another process is dispatching."""
        if self._busy:
            return None
        self._busy = True
        try:
            fresh = False
            if self.lock is not None:
                holding, fresh = await asyncio.to_thread(self.lock.try_hold)
                if not holding:
                    return None
            elif not self._started:
                fresh = True  # SQLite: one process; claims left over are a dead process's
            self._started = True
            reaped = await asyncio.to_thread(self._reap, fresh)
            if reaped:
                log.info("reaped %d stale claims", reaped)
            return await dispatch_due_by_clock(
                self._session, self.transports, self.clock, pacer=self.pacer, config=self.config
            )
        finally:
            self._busy = False

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Tick until `stop` is set (a standalone dispatcher process)."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("dispatch tick failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    def close(self) -> None:
        """Release the dispatcher lock."""
        if self.lock is not None:
            self.lock.release()


def plan_once(
    engine: Engine,
    now: dt.datetime,
    officers: Collection[tuple[str, str]] = (),
    tz: ZoneInfo = VIETNAM,
) -> PlanResult:
    """One planning transaction, then the digests and officers' summaries due now."""
    with Session(engine) as session:
        result = plan_reminders(session, now, tz=tz)
        session.commit()
    try:
        plan_messages(engine, now, officers, tz)
    except Exception:  # reminders are planned and committed; these retry at the next tick
        log.exception("planning digests or summaries failed")
    return result


def plan_messages(
    engine: Engine,
    now: dt.datetime,
    officers: Collection[tuple[str, str]],
    tz: ZoneInfo = VIETNAM,
) -> int:
    """Monday digests and officers' summaries due now, in their own transaction."""
    from scheduler.digest import plan_digests
    from scheduler.progress import plan_officer_summaries

    with Session(engine) as session:
        added = plan_digests(session, now, tz) + plan_officer_summaries(
            session, now, officers, tz
        )
        session.commit()
    if added:
        log.info("queued %d digests / officer summaries", added)
    return added


class SchedulerService:
    """APScheduler (AsyncIOScheduler) with two interval jobs: plan and dispatch."""

    def __init__(
        self,
        engine: Engine,
        transports: Mapping[str, Transport],
        clock: Clock,
        *,
        plan_every: dt.timedelta = dt.timedelta(minutes=5),
        dispatch_every: dt.timedelta = dt.timedelta(seconds=2),
        pacer: Pacer | None = None,
        config: DispatchConfig | None = None,
        officers: Collection[tuple[str, str]] = (),
        tz: ZoneInfo = VIETNAM,
    ) -> None:
        self.engine = engine
        self.officers = frozenset(officers)  # (platform, user id): who gets progress summaries
        self.clock = clock
        self.tz = tz  # the deployment's zone (Settings.tz): planning, delivery and APScheduler
        self.plan_every = plan_every
        self.dispatch_every = dispatch_every
        delivery = replace(config or DispatchConfig(), tz=tz)
        self.loop = DispatchLoop(engine, transports, clock, pacer=pacer, config=delivery)
        self.scheduler = AsyncIOScheduler(timezone=tz)
        self._plan_busy = False
        self.plans = 0  # completed ticks, for health checks and tests
        self.dispatches = 0
        self.last_tick: float | None = None  # time.monotonic() of the last finished tick

    async def plan_tick(self) -> PlanResult | None:
        """Plan reminders (skipped when the previous planning run is still going)."""
        if self._plan_busy:
            return None
        self._plan_busy = True
        try:
            result = await asyncio.to_thread(
                plan_once, self.engine, self.clock(), self.officers, self.tz
            )
            self.plans += 1
            self.last_tick = time.monotonic()
            if result.inserted or result.updated or result.cancelled:
                log.info("planned: %s", result)
            return result
        except Exception:
            log.exception("planning failed")
            return None
        finally:
            self._plan_busy = False

    async def dispatch_tick(self) -> DispatchResult | None:
        """Send what is due."""
        self.dispatches += 1  # ticks started (a long broadcast tick may still be running)
        try:
            result = await self.loop.tick()
            self.last_tick = time.monotonic()
            return result
        except Exception:
            log.exception("dispatch failed")
            return None

    async def start(self) -> None:
        """Plan once (catch-up after downtime), then start the two periodic ticks."""
        await self.plan_tick()
        # max_instances=2 with our own busy flags: a long broadcast tick makes the next ones
        # return at once instead of APScheduler logging a skipped run every two seconds.
        self.scheduler.add_job(
            self.plan_tick,
            "interval",
            id="plan",
            max_instances=2,
            coalesce=True,
            seconds=self.plan_every.total_seconds(),
        )
        self.scheduler.add_job(
            self.dispatch_tick,
            "interval",
            id="dispatch",
            max_instances=2,
            coalesce=True,
            seconds=self.dispatch_every.total_seconds(),
            next_run_time=dt.datetime.now(dt.UTC),
        )
        self.scheduler.start()

    def job_ids(self) -> list[str]:
        """The periodic jobs (always exactly plan and dispatch)."""
        return sorted(job.id for job in self.scheduler.get_jobs())

    async def stop(self) -> None:
        """Stop the ticks and release the dispatcher lock."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.loop.close()
