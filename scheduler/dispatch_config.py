"""Tuning of delivery: batch and chunk sizes, leases, back-off, the dispatcher's name."""

from __future__ import annotations

import datetime as dt
import math
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from knowledge.dates.zone import VIETNAM


@dataclass(frozen=True)
class DispatchConfig:
    """Tuning of delivery."""

    batch_size: int = 200  # rows claimed per transaction
    concurrency: int = 32  # sends in flight at once; also the smallest chunk
    max_chunk: int = 500  # rows per chunk at most (a chunk is marked and recorded at once)
    chunk_seconds: float = 0.5  # a chunk holds about this much of the observed send rate
    chunks_in_flight: int = 2  # the next chunk starts while one is still in flight
    lease: dt.timedelta = dt.timedelta(minutes=2)
    backoff_base: dt.timedelta = dt.timedelta(seconds=10)
    backoff_cap: dt.timedelta = dt.timedelta(minutes=15)
    max_attempts: int = 8  # transient failures before a row is failed
    max_chat_wait: float = 1.0  # wait inline for a chat's slot up to this, else reschedule
    worker_id: str | None = None
    tz: ZoneInfo = VIETNAM
    # called with (platform, kind, outcome) after every send attempt; outcome is one of
    # sent, failed, retried, rate_limited, cancelled, deferred (metrics, health)
    observe: Callable[[str, str, str], None] | None = None


def new_worker_id() -> str:
    """A unique name for this dispatcher (host, pid, random)."""
    return f"{socket.gethostname()[:24]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def backoff(attempts: int, config: DispatchConfig) -> dt.timedelta:
    """Delay after the n-th failed attempt: base * 2^(n-1), capped."""
    delay = config.backoff_base * (2 ** max(0, attempts - 1))
    return min(delay, config.backoff_cap)


def chunk_size(rate: float | None, config: DispatchConfig) -> int:
    """Rows in the next chunk: about `chunk_seconds` of the send rate observed so far, between
    `concurrency` and `max_chunk`.

    Every chunk costs two commits (started, then outcomes), so a fast transport wants large
    chunks; but a chunk's rows count as possibly sent if the process dies while it is in flight,
    so a slow (paced) one keeps them small.
    """
    low = max(1, config.concurrency)
    if rate is None:
        return low
    high = max(low, config.max_chunk)
    if math.isinf(rate):
        return high
    return max(low, min(high, int(rate * config.chunk_seconds)))
