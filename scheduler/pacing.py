"""Sending pace per platform, by design rather than by 429s (aiolimiter leaky buckets).

Telegram: about 30 messages/s for the whole bot, 20/min into one group, 1/s into one chat.
Every lane is a bucket of about one message, so messages are evenly spaced and no one-second
window ever holds more than the rate (a bucket of 30 would allow a burst of 30 plus the steady
flow).
Outbox messages (reminders, launches, broadcasts) wait in a lane of their own: one of them at
a time queues for the shared budget, so a live answer is never queued behind a broadcast. With
`allow_paid_broadcast` the broadcast lane runs at up to 1000/s, outside the free budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass

from aiolimiter import AsyncLimiter


@dataclass(frozen=True)
class PlatformLimits:
    """How fast one platform may be sent to."""

    per_second: float | None = 30.0  # all messages of the bot (None: unlimited)
    chat_interval: float = 1.0  # seconds between two messages into one private chat
    group_interval: float = 3.0  # seconds between two messages into one group (20/min)
    outbox_per_second: float | None = None  # cap of the outbox lane below per_second
    paid_broadcast_per_second: float | None = None  # allow_paid_broadcast lane (1000/s)


# 29.2/s rather than 30: a little room for scheduling jitter at the server's one-second window.
TELEGRAM_LIMITS = PlatformLimits(per_second=29.2, chat_interval=1.0, group_interval=3.0)
TELEGRAM_PAID_LIMITS = PlatformLimits(
    per_second=29.2, chat_interval=1.0, group_interval=3.0, paid_broadcast_per_second=1000.0
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
# event loop) may catch up by up to a fifth of an interval. Any half-open one-second window then
# holds at most rate + 0.2 messages: below 30 at 29.2/s (GCRA with tolerance 0.2/rate).
CATCH_UP = 0.2
COLD_AFTER = 1.0  # seconds without a send after which the lane's connections may be cold


def _spacer(rate: float | None) -> AsyncLimiter | None:
    return AsyncLimiter(1 + CATCH_UP, (1 + CATCH_UP) / rate) if rate else None


class _Lanes:
    def __init__(self, limits: PlatformLimits) -> None:
        self.limits = limits
        self.overall = _spacer(limits.per_second)
        self.outbox = _spacer(limits.outbox_per_second)
        self.paid = _spacer(limits.paid_broadcast_per_second)
        self.outbox_lock = asyncio.Lock()
        self.hold_until = 0.0
        self.last_slot = float("-inf")  # when the outbox lane last took a slot
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

    @contextlib.asynccontextmanager
    async def outbox_send(self, platform: str, broadcast: bool) -> AsyncIterator[None]:
        """Wrap one outbox send: wait for the lane's turn (one waiter at a time queues for the
        shared budget), then send inside the block.

        After the lane has been idle, the first send keeps the turn until it is answered: its
        request opens the connection and arrives late, and the next one must not land right
        behind it at the server. A 429 hold is not waited for here: the dispatcher reschedules.
        """
        lane = self._lane(platform)
        if broadcast and lane.paid is not None:
            await lane.paid.acquire()
            yield
            return
        await lane.outbox_lock.acquire()
        locked = True
        try:
            if lane.outbox is not None:
                await lane.outbox.acquire()
            if lane.overall is not None:
                await lane.overall.acquire()
                now = self._clock()
                cold = now - lane.last_slot > COLD_AFTER
                lane.last_slot = now
            else:
                cold = False
            if not cold:
                lane.outbox_lock.release()
                locked = False
            yield
            if locked and lane.overall is not None:
                # count the spacing from the answer (≈ its arrival), not from when it left
                await lane.overall.acquire()
                lane.last_slot = self._clock()
        finally:
            if locked:
                lane.outbox_lock.release()

    async def live_slot(self, platform: str, chat_id: str, group: bool = False) -> None:
        """Wait for a live answer's turn: its chat's spacing, then the shared budget."""
        lane = self._lane(platform)
        wait = self.reserve_chat(platform, chat_id, group, max_wait=float("inf"))
        if wait > 0:
            await asyncio.sleep(wait)
        await self._wait_hold(lane)
        if lane.overall is not None:
            await lane.overall.acquire()
