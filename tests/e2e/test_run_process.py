"""`thiduabot run` as a real process against the fake Telegram server in another process."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import waiting
from tests.fakes.telegram_api import DEFAULT_TOKEN, RemoteFakeTelegram
from tests.waiting import LIMIT

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


def wait_until(predicate, timeout: float = LIMIT) -> None:  # type: ignore[no-untyped-def]
    assert waiting.wait_until(predicate, timeout, step=0.1), "timed out"


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
        assert bot.wait(timeout=LIMIT) == 0
        fake.push_text(502, "/help")  # arrives while the bot is down
        bot = start_bot(fake, db, log)
        wait_until(lambda: fake.stats()["delivered_per_chat"].get("502", 0) >= 1)
        fake.push_text(501, "/phongtrao")
        wait_until(lambda: fake.stats()["delivered_per_chat"].get("501") == 2)
        assert fake.stats()["pending_updates"] == 0
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=LIMIT)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert DEFAULT_TOKEN not in text and DEFAULT_TOKEN.split(":")[1] not in text
    assert "long polling" in text
    assert fake.sent("501")[0]["text"].startswith("Xin chào")


def ledger_rows(db_file: Path) -> int:
    """Updates the bot has recorded as answered (read beside the running bot; WAL)."""
    if not db_file.exists():
        return 0
    with contextlib.closing(sqlite3.connect(db_file, timeout=10)) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM handled_update").fetchone()[0])
        except sqlite3.OperationalError:  # the schema is not there yet
            return 0


def test_sigkill_before_the_offset_is_confirmed_answers_each_update_once(
    fake: RemoteFakeTelegram, tmp_path: Path
) -> None:
    """Answered, then killed before the next getUpdates confirmed them: none answered again."""
    db_file = tmp_path / "bot.db"
    log = tmp_path / "bot.log"
    bot = start_bot(fake, f"sqlite:///{db_file}", log)
    try:
        wait_until(lambda: fake.stats()["calls"].get("getUpdates", 0) >= 1)
        fake.hold_offsets(True)  # the getUpdates that would confirm them will not get through
        chats = [601, 602, 603, 601]
        fake.push_texts([(chat, "/start") for chat in chats])  # all in one getUpdates
        expected = {str(c): chats.count(c) for c in set(chats)}
        wait_until(lambda: fake.stats()["delivered_per_chat"] == expected)
        wait_until(lambda: ledger_rows(db_file) == len(chats))
        stats = fake.stats()
        assert stats["held_polls"] >= 1 and stats["pending_updates"] == len(chats)
        bot.send_signal(signal.SIGKILL)
        assert bot.wait(timeout=LIMIT) == -signal.SIGKILL
        fake.hold_offsets(False)
        assert fake.stats()["pending_updates"] == len(chats)  # Telegram will send them again
        bot = start_bot(fake, f"sqlite:///{db_file}", log)
        fake.push_text(604, "/start")  # something new, to know the restarted bot is through
        wait_until(lambda: fake.stats()["delivered_per_chat"].get("604") == 1)
        wait_until(lambda: fake.stats()["pending_updates"] == 0)
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=LIMIT)
    assert fake.stats()["delivered_per_chat"] == {**expected, "604": 1}
    text = log.read_text(encoding="utf-8", errors="replace")
    assert text.count("was answered before; skipped") == len(chats)
