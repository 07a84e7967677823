"""`thiduabot run` as a real process against the fake Telegram server in another process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.telegram_api import DEFAULT_TOKEN, RemoteFakeTelegram

pytest.importorskip("handlers.router", reason="the conversation (handlers) is not merged yet")

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture
def fake() -> Iterator[RemoteFakeTelegram]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.telegram_api", "--port", "0",
         "--max-poll-wait", "0.3"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    port = int(proc.stdout.readline().split()[1])
    try:
        yield RemoteFakeTelegram(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def start_bot(fake: RemoteFakeTelegram, db: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "THIDUABOT_TELEGRAM_TOKEN": DEFAULT_TOKEN,
        "THIDUABOT_TELEGRAM_API_URL": fake.base_url,
        "THIDUABOT_TELEGRAM_FILE_URL": fake.base_file_url,
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "run", "--db", db,
         "--now", "2025-02-20T09:00", "--log-level", "DEBUG"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )


def wait_until(predicate, timeout: float = 90.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_run_answers_stops_on_sigterm_and_restarts_without_repeats(
    fake: RemoteFakeTelegram, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'bot.db'}"
    log = tmp_path / "bot.log"
    bot = start_bot(fake, db, log)
    try:
        fake.push_text(501, "/start")
        wait_until(lambda: fake.stats()["delivered_per_chat"].get("501") == 1)
        bot.send_signal(signal.SIGTERM)
        assert bot.wait(timeout=60) == 0
        fake.push_text(502, "/help")  # arrives while the bot is down
        bot = start_bot(fake, db, log)
        wait_until(lambda: fake.stats()["delivered_per_chat"].get("502", 0) >= 1)
        fake.push_text(501, "/phongtrao")
        wait_until(lambda: fake.stats()["delivered_per_chat"].get("501") == 2)
        assert fake.stats()["pending_updates"] == 0
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=60)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert DEFAULT_TOKEN not in text and DEFAULT_TOKEN.split(":")[1] not in text
    assert "long polling" in text
    assert fake.sent("501")[0]["text"].startswith("Xin chào")
