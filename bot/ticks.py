"""APScheduler drives two periodic ticks in the bot process: plan the outbox, dispatch it.

Reminders are not APScheduler jobs: the outbox in the database is the source of truth; these
ticks only call the scheduler package's `plan_reminders` and `dispatch_due` (as on main today).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Mapping

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.settings import Settings
from scheduler.dispatcher import DispatchConfig, DispatchResult, dispatch_due
from scheduler.pacing import Pacer, default_limits
from scheduler.planning import PlanResult, plan_reminders
from scheduler.transport import Transport

log = logging.getLogger(__name__)


class SchedulerTicks:
    """The plan tick (every minute) and the dispatch tick (every couple of seconds)."""

    def __init__(
        self,
        engine: Engine,
        transports: Mapping[str, Transport],
        clock: Clock,
        settings: Settings,
        *,
        plan_every: float = 60.0,
        dispatch_every: float = 2.0,
        stop_grace: float = 10.0,
        config: DispatchConfig | None = None,
    ) -> None:
        self.engine = engine
        self.transports = transports
        self.clock = clock
        self.plan_every = plan_every
        self.dispatch_every = dispatch_every
        self.stop_grace = stop_grace
        self.config = config or DispatchConfig()
        self.pacer = Pacer(default_limits(settings.telegram_paid_broadcast))
        self.scheduler = AsyncIOScheduler(timezone=settings.tz)
        self._running: set[asyncio.Task[object]] = set()
        self.plans = 0
        self.dispatches = 0

    def start(self) -> None:
        """Register both ticks (first run at once) and start APScheduler."""
        first = dt.datetime.now(self.clock.tz)
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        self.scheduler.add_job(self.plan_tick, "interval", seconds=self.plan_every,
                               next_run_time=first, id="plan", **common)
        self.scheduler.add_job(self.dispatch_tick, "interval", seconds=self.dispatch_every,
                               next_run_time=first, id="dispatch", **common)
        self.scheduler.start()

    async def shutdown(self) -> None:
        """Stop ticking; let a running tick finish briefly, then cancel it (rows are leased,
        so a cancelled send is reclaimed later, never lost)."""
        if not self.scheduler.running:
            return
        self.scheduler.pause()  # no new tick starts while the running one finishes
        if self._running:
            _, pending = await asyncio.wait(set(self._running), timeout=self.stop_grace)
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        # APScheduler's asyncio executor cancels whatever still runs: nothing by now.
        self.scheduler.shutdown(wait=False)

    def _track(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    def plan_sync(self, now: dt.datetime) -> PlanResult:
        """One planning transaction."""
        with Session(self.engine) as session:
            result = plan_reminders(session, now)
            session.commit()
            return result

    async def plan_tick(self) -> PlanResult | None:
        """Reconcile the outbox with campaigns and subscriptions (in a worker thread)."""
        self._track()
        try:
            result = await asyncio.to_thread(self.plan_sync, self.clock.now())
        except Exception:
            log.exception("planning failed")
            return None
        self.plans += 1
        if result.inserted or result.updated or result.cancelled:
            log.info("planned: %s", result)
        return result

    async def dispatch_tick(self) -> DispatchResult | None:
        """Send what is due through the platforms' transports."""
        if not self.transports:
            return None
        self._track()
        try:
            result = await dispatch_due(
                lambda: Session(self.engine), self.transports, self.clock.now,
                pacer=self.pacer, config=self.config,
            )
        except Exception:
            log.exception("dispatch failed")
            return None
        self.dispatches += 1
        if result.claimed:
            log.info("dispatched: claimed %d, sent %d, retried %d, failed %d",
                     result.claimed, result.sent, result.retried, result.failed)
        return result
