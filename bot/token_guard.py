"""Token faults are not chat faults: confirm the bot's token before deactivating chats.

Zalo answers 401/403 for a bad or expired token as well as for a chat the bot may not write to;
Telegram answers 403 per chat, but a burst of them in a short time is more likely our token
than that many users blocking the bot at once. Before such an answer deactivates a chat, the
guard asks the platform who the bot is (`getMe`, one call shared by a burst, its verdict kept
briefly). A rejected token pauses the platform's outbox (the dispatcher holds the platform, as
for a 429: nothing is deactivated, nothing is lost) and raises one alert.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable

from scheduler.transport import RetryAfter

log = logging.getLogger(__name__)

PAUSE_SECONDS = 300.0  # the outbox of a platform whose token is rejected waits this long
VERDICT_SECONDS = 30.0  # a getMe verdict is reused this long
BURST = 10  # chat-gone answers within BURST_WINDOW that trigger a confirmation (Telegram)
BURST_WINDOW = 60.0


class TokenRejected(RetryAfter):
    """The platform rejects the bot's token: hold its outbox, deactivate nothing."""

    def __init__(self, platform: str, seconds: float = PAUSE_SECONDS) -> None:
        super().__init__(seconds)
        self.args = (f"{platform}: the bot token was rejected; outbox paused {seconds:.0f}s",)
        self.platform = platform


class TokenGuard:
    """Decides whether a chat-gone answer is the chat's fault or the token's."""

    def __init__(
        self,
        platform: str,
        confirm: Callable[[], Awaitable[bool]],
        *,
        on_rejected: Callable[[str], None] | None = None,
        always_confirm: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.platform = platform
        self.confirm = confirm  # True: token fine; False: rejected; raises: unknown
        self.on_rejected = on_rejected
        self.always_confirm = always_confirm  # Zalo: every 401/403; Telegram: bursts only
        self.clock = clock
        self._gone: deque[float] = deque()
        self._verdict: tuple[float, bool] | None = None
        self._lock = asyncio.Lock()
        self.alerts = 0

    def _burst(self) -> bool:
        now = self.clock()
        self._gone.append(now)
        while self._gone and now - self._gone[0] > BURST_WINDOW:
            self._gone.popleft()
        return len(self._gone) >= BURST

    async def token_ok(self) -> bool:
        """The (briefly cached) verdict of getMe; an unknown outcome counts as fine."""
        async with self._lock:  # a burst shares one getMe
            if self._verdict is not None and self.clock() - self._verdict[0] < VERDICT_SECONDS:
                return self._verdict[1]
            try:
                ok = await self.confirm()
            except Exception as exc:  # no verdict: treat the answer as the chat's, as before
                log.warning("%s: confirming the token failed: %s", self.platform,
                            type(exc).__name__)
                return True
            self._verdict = (self.clock(), ok)
            if not ok:
                self.alerts += 1
                log.error("%s: the bot token was rejected (getMe); outbox paused, no chat "
                          "deactivated", self.platform)
                if self.on_rejected is not None:
                    self.on_rejected(self.platform)
            return ok

    async def check_gone(self) -> None:
        """Call before treating an answer as "chat gone": raises TokenRejected if it is ours."""
        burst = self._burst()
        if not (self.always_confirm or burst):
            return
        if not await self.token_ok():
            raise TokenRejected(self.platform)

    async def rejected(self) -> TokenRejected:
        """A plain "bad token" answer (Telegram 401): confirm, alert once, pause."""
        await self.token_ok()
        return TokenRejected(self.platform)
