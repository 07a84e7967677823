"""One generous limit for every wait in the suite, and waits that end on progress, not time.

Tests wait for events (a fake server's state, a row in the database, a process's output) and
return as soon as they happen; the limit only stops a test that is truly stuck. On a loaded
machine (2 cores, several CPU-burning processes) everything is slower, never wrong, so the
limit is the same everywhere and generous: `THIDUABOT_TEST_WAIT` seconds (default 300).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

LIMIT = float(os.environ.get("THIDUABOT_TEST_WAIT", "300"))
# Client-side timeouts of HTTP calls to the local fakes: long enough that a busy machine never
# turns an answer into a timeout (tests of timeouts set their own short ones deliberately).
CLIENT_TIMEOUT = min(LIMIT, 60.0)


def wait_until(predicate: Callable[[], bool], timeout: float = LIMIT, step: float = 0.05
               ) -> bool:
    """Poll a condition (on another process or a fake) until true; False after the limit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def wait_progress(read: Callable[[], int], target: int, *, stall: float = LIMIT / 2,
                  limit: float = LIMIT, step: float = 0.05) -> bool:
    """Wait until read() >= target, failing early only when the value stops moving for `stall`.

    A slow machine makes progress slowly; a stuck one makes none. Returns False when stuck or
    when the overall limit passes.
    """
    began = time.monotonic()
    last = read()
    moved = began
    while last < target:
        now = time.monotonic()
        if now - moved > stall or now - began > limit:
            return False
        time.sleep(step)
        value = read()
        if value != last:
            last, moved = value, time.monotonic()
    return True
