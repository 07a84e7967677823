"""Processes for the kill tests and benchmarks: the fake Telegram server and dispatchers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.fakes.telegram_api import DEFAULT_TOKEN, RemoteFakeTelegram
from tests.waiting import wait_until

__all__ = ["wait_until"]

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def start_fake_telegram(*args: str) -> tuple[subprocess.Popen[str], RemoteFakeTelegram]:
    """`python -m tests.fakes.telegram_api` on a free port; waits for READY."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.telegram_api", "--port", "0", *args],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("READY "):
        proc.kill()
        raise RuntimeError(f"fake Telegram did not start: {line!r}")
    return proc, RemoteFakeTelegram(f"http://127.0.0.1:{line.split()[1]}")


def start_dispatcher(
    db_url: str, fake: RemoteFakeTelegram, now: str, *extra: str
) -> subprocess.Popen[bytes]:
    """`thiduabot dispatch` in its own process, sending to the fake server."""
    env = _env()
    env.update(
        THIDUABOT_TELEGRAM_TOKEN=DEFAULT_TOKEN,
        THIDUABOT_TELEGRAM_API_URL=fake.base_url,
        THIDUABOT_TELEGRAM_FILE_URL=fake.base_file_url,
        THIDUABOT_DATABASE_URL=db_url,
    )
    env.pop("THIDUABOT_ZALO_TOKEN", None)
    code = "from bot.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "dispatch", "--db", db_url, "--now", now, *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def settled(read: Callable[[], int], quiet: float = 0.3, timeout: float = 5.0) -> int:
    """The value once it stops changing (requests still in the server finish first)."""
    last = read()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = read()
        if now == last:
            return now
        last = now
    return last


def stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Terminate a process we started (TERM, then KILL)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
