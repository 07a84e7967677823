"""Pieces shared by the fake Bot API servers: call records, failure rules, rate windows."""

from __future__ import annotations

import asyncio
import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web


@dataclass
class Call:
    """One request the fake server received."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)  # name, data, mime
    at: float = field(default_factory=time.monotonic)
    outcome: str = "ok"  # ok, 429, 500, 403, migrate, 400, hang, limited, 401, 404

    @property
    def chat_id(self) -> str | None:
        """The target chat as a string, when the call has one."""
        value = self.params.get("chat_id")
        return None if value is None else str(value)

    def as_json(self) -> dict[str, Any]:
        """A JSON-friendly view (file contents reduced to their size)."""
        return {
            "method": self.method,
            "params": self.params,
            "files": {k: {"filename": v[0], "size": len(v[1]), "mime": v[2]}
                      for k, v in self.files.items()},
            "outcome": self.outcome,
        }


@dataclass
class FailureRule:
    """Answer the next `times` matching calls with an error instead of success."""

    # "429", "500", "403", "400", "404", "401", "migrate", "hang", or "malformed" (ok: true
    # with a result missing required fields, as when the library and the API drift apart)
    kind: str
    method: str | None = None  # None: any method
    chat_id: str | None = None  # None: any chat
    times: int = 1
    retry_after: int = 1
    migrate_to_chat_id: int | None = None
    hang_seconds: float = 5.0
    description: str | None = None

    def matches(self, method: str, chat_id: str | None) -> bool:
        """Whether this rule applies to a call."""
        if self.times <= 0:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id


class FailureBook:
    """The pending failure rules, consumed in the order they were added."""

    def __init__(self) -> None:
        self.rules: list[FailureRule] = []

    def add(self, rule: FailureRule) -> FailureRule:
        """Queue a rule."""
        self.rules.append(rule)
        return rule

    def take(self, method: str, chat_id: str | None) -> FailureRule | None:
        """The first matching rule, with one use consumed."""
        for rule in self.rules:
            if rule.matches(method, chat_id):
                rule.times -= 1
                if rule.times <= 0:
                    self.rules.remove(rule)
                return rule
        return None

    def clear(self) -> None:
        """Forget every rule."""
        self.rules.clear()


class SlidingWindow:
    """Counts events in the last `period` seconds; tells how long until one more fits."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.events: deque[float] = deque()

    def _trim(self, now: float) -> None:
        while self.events and self.events[0] <= now - self.period:
            self.events.popleft()

    def wait_needed(self, now: float) -> float:
        """0 when one more event fits now, else the seconds until it would."""
        self._trim(now)
        if len(self.events) < self.limit:
            return 0.0
        return self.events[0] + self.period - now

    def add(self, now: float) -> None:
        """Record one event."""
        self.events.append(now)


@dataclass
class RateLimits:
    """Telegram-like limits: overall per second, per group per minute, per chat per second."""

    overall_per_sec: int = 30
    group_per_min: int = 20
    chat_per_sec: int = 1


class RateEnforcer:
    """Rejects sends beyond the limits, as the real platform does with 429 + retry_after."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self.overall = SlidingWindow(limits.overall_per_sec, 1.0)
        self.groups: dict[str, SlidingWindow] = defaultdict(
            lambda: SlidingWindow(limits.group_per_min, 60.0)
        )
        self.chats: dict[str, SlidingWindow] = defaultdict(
            lambda: SlidingWindow(limits.chat_per_sec, 1.0)
        )
        self.rejected = 0
        self.rejected_by_reason: dict[str, int] = defaultdict(int)

    def check(self, chat_id: str, is_group: bool, now: float | None = None) -> int | None:
        """None when the send may pass (and is counted), else the retry_after in seconds."""
        now = time.monotonic() if now is None else now
        waits = {
            "overall": self.overall.wait_needed(now),
            "chat": self.chats[chat_id].wait_needed(now),
        }
        if is_group:
            waits["group"] = self.groups[chat_id].wait_needed(now)
        reason, wait = max(waits.items(), key=lambda kv: kv[1])
        if wait > 0:
            self.rejected += 1
            self.rejected_by_reason[reason] += 1
            return max(1, math.ceil(wait))
        self.overall.add(now)
        self.chats[chat_id].add(now)
        if is_group:
            self.groups[chat_id].add(now)
        return None


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """Query, form (urlencoded or multipart) or JSON parameters, and uploaded files."""
    params: dict[str, Any] = dict(request.query)
    files: dict[str, Any] = {}
    if request.method != "POST" or not request.can_read_body:
        return params, files
    ctype = request.content_type
    if ctype == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
    elif ctype == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            data = await part.read()
            if part.filename:
                mime = part.headers.get("Content-Type", "application/octet-stream")
                files[part.name] = (part.filename, bytes(data), mime)
            else:
                params[part.name] = bytes(data).decode("utf-8")
    else:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, str):
                params[key] = value
    return params, files


async def start_site(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Start an aiohttp app on host:port (0 = ephemeral) and return the runner and real port."""
    runner = web.AppRunner(app, shutdown_timeout=0.5, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    assert server is not None
    sockets = getattr(server, "sockets", None) or []
    real_port = sockets[0].getsockname()[1] if sockets else port
    return runner, real_port


class PollWaiter:
    """Lets a long-poll wait until something is queued or its timeout passes."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake every waiting poll."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        """Wait for a notification or the timeout, whichever comes first."""
        if timeout <= 0:
            return
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return
