"""Each platform starts, runs and fails on its own; their states are visible to the operator.

A platform whose start raises (an auth error, an answer of an unexpected shape, a network
fault) goes to `degraded`: the fault is logged once, the platform is cleaned up and started
again with exponential back-off, while the other platforms keep serving. A running adapter may
report a fault it meets later (e.g. Zalo's getUpdates answering 401) through `report()`.

`PlatformSupervisor.states()` is the shape the health endpoint reads; keep it stable.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from bot.platform import ChatBackend

log = logging.getLogger(__name__)

StateName = Literal["starting", "running", "degraded", "stopped"]


@dataclass(frozen=True)
class PlatformState:
    """One platform's state, why it is in it (degraded), and since when (UTC)."""

    name: str
    state: StateName
    reason: str | None
    since: dt.datetime


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def describe(exc: BaseException) -> str:
    """A short, token-free reason for a fault (the exception types here never hold tokens)."""
    text = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {text}"[:300] if text else name


class PlatformSupervisor:
    """Starts every platform in its own task; a failing one is retried, never fatal."""

    def __init__(
        self,
        platforms: Sequence[ChatBackend],
        *,
        backoff_base: float = 2.0,
        backoff_cap: float = 300.0,
        now: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self.platforms = list(platforms)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._now = now
        self._states: dict[str, PlatformState] = {
            p.platform: PlatformState(p.platform, "stopped", None, now()) for p in platforms
        }
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._started: set[str] = set()
        self._wake: dict[str, asyncio.Event] = {}
        self._stopping = asyncio.Event()
        self.first_attempts = asyncio.Event()  # set once every platform tried to start once

    # ---- what the operator sees --------------------------------------------------------------

    def states(self) -> dict[str, PlatformState]:
        """Every platform's current state, by platform name."""
        return dict(self._states)

    def state(self, name: str) -> PlatformState:
        """One platform's current state."""
        return self._states[name]

    def _set(self, name: str, state: StateName, reason: str | None = None) -> None:
        old = self._states.get(name)
        if old is not None and old.state == state and old.reason == reason:
            return  # logged once: a repeat of the same fault changes nothing
        self._states[name] = PlatformState(name, state, reason, self._now())
        if state == "degraded":
            log.error("%s: degraded: %s (retrying with back-off; other platforms serve on)",
                      name, reason)
        elif state == "running" and old is not None and old.state == "degraded":
            log.warning("%s: recovered, running again", name)

    def report(self, name: str, reason: str | None) -> None:
        """A running platform reports a fault (reason) or its recovery (None)."""
        current = self._states.get(name)
        if current is None or current.state in ("stopped", "starting"):
            return
        if reason is None:
            self._set(name, "running")
        else:
            self._set(name, "degraded", reason)

    # ---- life cycle --------------------------------------------------------------------------

    async def start(self) -> None:
        """Launch every platform's supervision; returns once each has tried to start once."""
        self._stopping.clear()
        pending = {p.platform: asyncio.Event() for p in self.platforms}
        for platform in self.platforms:
            self._wake[platform.platform] = asyncio.Event()
            self._tasks[platform.platform] = asyncio.create_task(
                self._supervise(platform, pending[platform.platform]),
                name=f"supervise-{platform.platform}",
            )
        if pending:
            await asyncio.wait([asyncio.create_task(e.wait()) for e in pending.values()])
        self.first_attempts.set()

    async def _supervise(self, platform: ChatBackend, tried: asyncio.Event) -> None:
        name = platform.platform
        delay = self.backoff_base
        while not self._stopping.is_set():
            if self._states[name].state != "degraded":  # a degraded one stays so while retrying
                self._set(name, "starting", None)
            try:
                await platform.start()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._set(name, "degraded", describe(exc))
                log.debug("%s: start failed", name, exc_info=True)
                with contextlib.suppress(Exception):
                    await platform.stop()  # release sessions and servers of the failed start
                tried.set()
                wake = self._wake[name]
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), delay)
                wake.clear()
                delay = min(delay * 2, self.backoff_cap)
                continue
            self._started.add(name)
            self._set(name, "running")
            tried.set()
            return

    def retry_now(self, name: str) -> None:
        """Cut the current back-off of a degraded platform short (tests, operators)."""
        event = self._wake.get(name)
        if event is not None:
            event.set()

    async def stop(self) -> None:
        """Stop retrying, then stop every platform that started, in reverse order."""
        self._stopping.set()
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        for platform in reversed(self.platforms):
            name = platform.platform
            try:
                await platform.stop()
            except Exception:
                if name in self._started:
                    log.exception("%s: stopping failed", name)
            self._started.discard(name)
            self._states[name] = replace(self._states[name], state="stopped", since=self._now())
