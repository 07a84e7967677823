"""Sending pace per platform, by design rather than by 429s.

Telegram: about 30 messages/s for the whole bot, 20/min into one group, 1/s into one chat.
Two mechanisms keep the bot under the overall limit:

- a spacer (aiolimiter leaky bucket of about one message) spreads sends evenly;
- a send window (`SendWindow`) that never lets a send start while `limit` others may still be
  counted in the server's one-second window. A request reaches the server after it starts and
  before its answer comes back, so an earlier send is certainly out of the server's window of a
  new one only once its answer arrived more than a period before the new one starts; a send
  still in flight always counts. This holds whatever the scheduling delays of either side,
  so a late wake-up, a catch-up or a cold connection can never put 31 requests into one of the
  server's seconds. The price is the answer latency: the pace is limit / (period + latency).

Outbox messages (reminders, launches, broadcasts) wait in a lane of their own: one of them at
a time queues for the shared budget, so a live answer is never queued behind a broadcast. With
`allow_paid_broadcast` the broadcast lane runs at up to 1000/s, outside the free budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass

from aiolimiter import AsyncLimiter


@dataclass(frozen=True)
class PlatformLimits:
    """How fast one platform may be sent to."""

    per_second: float | None = 30.0  # spacing of all messages of the bot (None: unlimited)
    chat_interval: float = 1.0  # seconds between two messages into one private chat
    group_interval: float = 3.0  # seconds between two messages into one group (20/min)
    outbox_per_second: float | None = None  # cap of the outbox lane below per_second
    paid_broadcast_per_second: float | None = None  # allow_paid_broadcast lane (1000/s)
    window_limit: int | None = None  # at most this many sends in any window_period (server)
    window_period: float = 1.0


# Spacing at 30/s; the send window (30 per second, counted from answers) is what guarantees
# the server's limit, so the spacer needs no safety margin of its own.
TELEGRAM_LIMITS = PlatformLimits(
    per_second=30.0, chat_interval=1.0, group_interval=3.0, window_limit=30
)
TELEGRAM_PAID_LIMITS = PlatformLimits(
    per_second=30.0,
    chat_interval=1.0,
    group_interval=3.0,
    paid_broadcast_per_second=1000.0,
    window_limit=30,
)
# Zalo publishes no per-second figure for bots; its quota errors are handled as 429. We keep
# the same per-chat spacing and a conservative overall pace.
ZALO_LIMITS = PlatformLimits(per_second=10.0, chat_interval=1.0, group_interval=3.0)
UNLIMITED = PlatformLimits(per_second=None, chat_interval=0.0, group_interval=0.0)


def default_limits(paid_broadcast: bool = False) -> dict[str, PlatformLimits]:
    """Limits of the platforms the bot talks to."""
    telegram = TELEGRAM_PAID_LIMITS if paid_broadcast else TELEGRAM_LIMITS
    return {"telegram": telegram, "zalo": ZALO_LIMITS}


# A bucket of 1.2 messages: steady spacing of 1/rate, and a sender that woke up late (a busy
# event loop) may catch up by up to a fifth of an interval.
CATCH_UP = 0.2
# Added to the window period: clock-rate differences and the server's timestamp resolution.
WINDOW_MARGIN = 0.01
# A live send taken with `live_slot` (no answer reported) counts as in flight this long.
LIVE_ASSUMED_LATENCY = 1.0


def _spacer(rate: float | None) -> AsyncLimiter | None:
    return AsyncLimiter(1 + CATCH_UP, (1 + CATCH_UP) / rate) if rate else None


class SendWindow:
    """Client-side guard of a server's sliding window: at most `limit` sends per `period`.

    Pure bookkeeping with explicit timestamps. A send counts from its start until its answer
    came back `period + margin` ago (a send without an answer counts indefinitely); a new send
    may start when fewer than `limit` sends count.
    """

    def __init__(self, limit: int, period: float = 1.0, margin: float = WINDOW_MARGIN) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.period = period
        self.margin = margin
        self._open: dict[int, float] = {}  # token -> start, sends awaiting their answer
        self._expiries: list[float] = []  # answered sends: when they stop counting
        self._tokens = itertools.count(1)

    def _prune(self, now: float) -> None:
        if self._expiries and min(self._expiries) <= now:
            self._expiries = [e for e in self._expiries if e > now]

    def counted(self, now: float) -> int:
        """Sends that may still be inside the server's window of a send starting now."""
        self._prune(now)
        return len(self._open) + len(self._expiries)

    def wait(self, now: float) -> float:
        """Seconds until a send may start (0: now; inf: only after an answer arrives)."""
        busy = self.counted(now)
        if busy < self.limit:
            return 0.0
        k = busy - self.limit + 1  # this many counted sends must stop counting first
        if k > len(self._expiries):
            return math.inf
        return sorted(self._expiries)[k - 1] - now

    def start(self, now: float) -> int:
        """Record a send starting now (the caller checked `wait`); returns its token."""
        token = next(self._tokens)
        self._open[token] = now
        return token

    def finish(self, token: int, now: float) -> None:
        """Record the answer (or failure) of a send: it stops counting a period later."""
        if self._open.pop(token, None) is not None:
            self._expiries.append(now + self.period + self.margin)

    def in_flight(self) -> int:
        """Sends started and not answered."""
        return len(self._open)


class _Lanes:
    def __init__(self, limits: PlatformLimits) -> None:
        self.limits = limits
        self.overall = _spacer(limits.per_second)
        self.outbox = _spacer(limits.outbox_per_second)
        self.paid = _spacer(limits.paid_broadcast_per_second)
        self.window = (
            SendWindow(limits.window_limit, limits.window_period) if limits.window_limit else None
        )
        self.answered = asyncio.Event()  # set (and replaced) whenever a send is answered
        self.outbox_lock = asyncio.Lock()
        self.hold_until = 0.0
        self.next_free: dict[str, float] = {}


class Pacer:
    """Paces sends per platform: overall budget, outbox lane, per-chat and per-group spacing."""

    def __init__(
        self,
        limits: Mapping[str, PlatformLimits] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = dict(limits) if limits is not None else default_limits()
        self._clock = clock
        self._lanes: dict[str, _Lanes] = {}

    @classmethod
    def unlimited(cls) -> Pacer:
        """No pacing at all (tests, and throughput benchmarks with limits lifted)."""
        return cls({}, clock=time.monotonic)

    def limits(self, platform: str) -> PlatformLimits:
        """The limits used for a platform (unlimited when not configured)."""
        return self._limits.get(platform, UNLIMITED)

    def _lane(self, platform: str) -> _Lanes:
        lane = self._lanes.get(platform)
        if lane is None:
            lane = self._lanes[platform] = _Lanes(self.limits(platform))
        return lane

    def reserve_chat(self, platform: str, chat_id: str, group: bool, max_wait: float) -> float:
        """Book the next slot of a chat; returns seconds to wait, or -1 (not booked) when the
        slot is further away than `max_wait`."""
        lane = self._lane(platform)
        interval = lane.limits.group_interval if group else lane.limits.chat_interval
        if interval <= 0:
            return 0.0
        now = self._clock()
        slot = max(now, lane.next_free.get(chat_id, 0.0))
        wait = slot - now
        if wait > max_wait:
            return -1.0
        lane.next_free[chat_id] = slot + interval
        if len(lane.next_free) > 50_000:  # forget chats whose spacing has long passed
            lane.next_free = {k: v for k, v in lane.next_free.items() if v > now}
        return wait

    def chat_wait(self, platform: str, chat_id: str) -> float:
        """Seconds until a chat may receive its next message."""
        lane = self._lane(platform)
        return max(0.0, lane.next_free.get(chat_id, 0.0) - self._clock())

    def hold(self, platform: str, seconds: float) -> None:
        """Stop sending on a platform for a while (after a 429's retry_after)."""
        lane = self._lane(platform)
        lane.hold_until = max(lane.hold_until, self._clock() + seconds)

    def held_for(self, platform: str) -> float:
        """Seconds left of a hold (0 when none)."""
        return max(0.0, self._lane(platform).hold_until - self._clock())

    async def _wait_hold(self, lane: _Lanes) -> None:
        while (left := lane.hold_until - self._clock()) > 0:
            await asyncio.sleep(left)

    async def _take(self, lane: _Lanes) -> int | None:
        """Wait for the spacer and the send window; returns the window token of the send."""
        if lane.overall is not None:
            await lane.overall.acquire()
        if lane.window is None:
            return None
        while (wait := lane.window.wait(self._clock())) > 0:
            if math.isinf(wait):  # every counted send is still in flight: wait for an answer
                await lane.answered.wait()
            else:
                await asyncio.sleep(wait)
        return lane.window.start(self._clock())

    def _finish(self, lane: _Lanes, token: int | None, at: float | None = None) -> None:
        if token is None or lane.window is None:
            return
        lane.window.finish(token, self._clock() if at is None else at)
        lane.answered.set()
        lane.answered = asyncio.Event()

    @contextlib.asynccontextmanager
    async def outbox_send(self, platform: str, broadcast: bool) -> AsyncIterator[None]:
        """Wrap one outbox send: wait for the lane's turn (one waiter at a time queues for the
        shared budget), then send inside the block; leaving the block records the answer.

        A 429 hold is not waited for here: the dispatcher reschedules.
        """
        lane = self._lane(platform)
        if broadcast and lane.paid is not None:
            await lane.paid.acquire()
            yield
            return
        async with lane.outbox_lock:
            if lane.outbox is not None:
                await lane.outbox.acquire()
            token = await self._take(lane)
        try:
            yield
        finally:
            self._finish(lane, token)

    @contextlib.asynccontextmanager
    async def live_send(
        self, platform: str, chat_id: str, group: bool = False
    ) -> AsyncIterator[None]:
        """Wrap a live answer's send: its chat's spacing, then the shared budget."""
        lane = self._lane(platform)
        wait = self.reserve_chat(platform, chat_id, group, max_wait=float("inf"))
        if wait > 0:
            await asyncio.sleep(wait)
        await self._wait_hold(lane)
        token = await self._take(lane)
        try:
            yield
        finally:
            self._finish(lane, token)

    async def live_slot(self, platform: str, chat_id: str, group: bool = False) -> None:
        """Wait for a live answer's turn (prefer `live_send`: without the answer's arrival the
        send counts as in flight for LIVE_ASSUMED_LATENCY)."""
        lane = self._lane(platform)
        wait = self.reserve_chat(platform, chat_id, group, max_wait=float("inf"))
        if wait > 0:
            await asyncio.sleep(wait)
        await self._wait_hold(lane)
        token = await self._take(lane)
        self._finish(lane, token, at=self._clock() + LIVE_ASSUMED_LATENCY)
