"""Live replies through the shared pacer: each send waits for its chat's and the platform's
turn, and a 429 holds the platform and is retried, so a reply is delayed, never dropped."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from scheduler.pacing import Pacer

log = logging.getLogger(__name__)
T = TypeVar("T")

# How long one reply may wait in total for 429 holds before it is given up (logged). Telegram's
# retry_after is seconds to a few minutes in a flood; a quarter of an hour covers every storm
# we have seen reported without keeping a chat's lock for ever.
MAX_HELD_SECONDS = 900.0


class LiveSender:
    """Sends one platform's live replies in the pacer's order, retrying 429s."""

    def __init__(
        self,
        pacer: Pacer,
        platform: str,
        retry_after: Callable[[BaseException], float | None],
        *,
        max_held: float = MAX_HELD_SECONDS,
    ) -> None:
        self.pacer = pacer
        self.platform = platform
        self.retry_after = retry_after  # seconds to wait for a rate-limit error, else None
        self.max_held = max_held
        self.retried = 0  # 429s met and retried (for tests and /metrics)

    async def send(self, chat_id: str, group: bool, call: Callable[[], Awaitable[T]]) -> T:
        """Run one send call in turn; on a rate-limit error hold the platform, then retry."""
        held = 0.0
        while True:
            wait: float | None = None
            async with self.pacer.live_send(self.platform, chat_id, group):
                try:
                    return await call()
                except Exception as exc:
                    wait = self.retry_after(exc)
                    if wait is None or held + wait > self.max_held:
                        raise
            held += wait
            self.retried += 1
            # Every sender of the platform (live and outbox) waits: a 429 may be the bot's
            # overall limit, not only this chat's.
            self.pacer.hold(self.platform, wait)
            log.info("%s: rate limited in chat %s; reply retried in %.1f s", self.platform,
                     chat_id, wait)
