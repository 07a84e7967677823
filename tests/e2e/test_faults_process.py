"""Platform faults against `thiduabot run` as a real process, fakes in their own processes.

One platform's fault (Zalo rejecting the token, Zalo answering setWebhook with `true`) must
leave the process up and the other platform serving; the fault is logged once, without a
traceback and without shutdown noise.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.telegram_api import DEFAULT_TOKEN, RemoteFakeTelegram
from tests.fakes.zalo_api import DEFAULT_TOKEN as ZALO_TOKEN
from tests.waiting import LIMIT, wait_until

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.slow


def _spawn_fake(module: str, *args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", module, "--port", "0", "--max-poll-wait", "0.3", *args],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().split()
    assert line and line[0] == "READY", line
    return proc, f"http://127.0.0.1:{line[1]}"


def _end(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=LIMIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class RemoteFakeZalo(RemoteFakeTelegram):
    """The fake Zalo's control API (same verbs as the fake Telegram's)."""

    def __init__(self, root: str) -> None:
        super().__init__(root, ZALO_TOKEN)


@pytest.fixture
def tg() -> Iterator[RemoteFakeTelegram]:
    proc, root = _spawn_fake("tests.fakes.telegram_api")
    try:
        yield RemoteFakeTelegram(root)
    finally:
        _end(proc)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_bot(tmp_path: Path, tg: RemoteFakeTelegram, zalo_root: str,
              **env_extra: str) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / "bot.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "THIDUABOT_TELEGRAM_TOKEN": DEFAULT_TOKEN,
        "THIDUABOT_TELEGRAM_API_URL": tg.base_url,
        "THIDUABOT_TELEGRAM_FILE_URL": tg.base_file_url,
        "THIDUABOT_ZALO_TOKEN": ZALO_TOKEN,
        "THIDUABOT_ZALO_API_URL": f"{zalo_root}/bot",
        **env_extra,
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "run", "--db",
         f"sqlite:///{tmp_path / 'bot.db'}", "--now", "2025-02-20T09:00"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )
    return proc, log


def _stop_cleanly(bot: subprocess.Popen[bytes], log: Path) -> str:
    bot.send_signal(signal.SIGTERM)
    assert bot.wait(timeout=LIMIT) == 0
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, text
    assert "meta_path" not in text, text
    assert ZALO_TOKEN not in text and ZALO_TOKEN.split(":")[1] not in text
    return text


def test_zalo_401_on_start_leaves_telegram_serving(tg: RemoteFakeTelegram,
                                                   tmp_path: Path) -> None:
    zproc, zroot = _spawn_fake("tests.fakes.zalo_api", "--token", "42:another-bots-token")
    bot, log = start_bot(tmp_path, tg, zroot)
    try:
        tg.push_text(701, "/start")
        assert wait_until(lambda: tg.stats()["delivered_per_chat"].get("701") == 1)
        assert bot.poll() is None  # the process is up although Zalo refuses the token
        zalo = RemoteFakeZalo(zroot)
        assert wait_until(lambda: zalo.stats()["calls"].get("getMe", 0) >= 2)  # retried
        text = _stop_cleanly(bot, log)
    finally:
        _end(bot)
        _end(zproc)
    assert text.count("zalo: degraded") == 1, text  # logged once, however often retried
    assert "401" in text


def test_zalo_setwebhook_answering_true_is_accepted(tg: RemoteFakeTelegram,
                                                    tmp_path: Path) -> None:
    zproc, zroot = _spawn_fake("tests.fakes.zalo_api", "--webhook-result", "true")
    port = _free_port()
    secret = "webhook-secret-123"
    bot, log = start_bot(
        tmp_path, tg, zroot,
        THIDUABOT_ZALO_WEBHOOK_URL=f"http://127.0.0.1:{port}/zalo",
        THIDUABOT_ZALO_WEBHOOK_LISTEN="127.0.0.1",
        THIDUABOT_ZALO_WEBHOOK_PORT=str(port),
        THIDUABOT_ZALO_WEBHOOK_SECRET=secret,
    )
    zalo = RemoteFakeZalo(zroot)
    try:
        tg.push_text(702, "/start")
        assert wait_until(lambda: tg.stats()["delivered_per_chat"].get("702") == 1)
        assert wait_until(lambda: zalo.stats()["calls"].get("setWebhook", 0) >= 1)
        event = {"event_name": "message.text.received", "message": {
            "message_id": "abc123def456", "date": 1740016800000, "text": "/start",
            "chat": {"id": "z702", "chat_type": "PRIVATE"},
            "from": {"id": "z702", "display_name": "Cán bộ", "is_bot": False}}}

        def post() -> bool:
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/zalo", method="POST",
                data=json.dumps({"ok": True, "result": event}).encode(),
                headers={"Content-Type": "application/json", "X-Bot-Api-Secret-Token": secret})
            try:
                with urllib.request.urlopen(req, timeout=LIMIT) as resp:
                    return resp.status == 200
            except OSError:
                return False  # not listening yet

        assert wait_until(post, step=0.2)
        assert wait_until(lambda: zalo.stats()["delivered_per_chat"].get("z702", 0) >= 1)
        assert zalo.stats()["calls"].get("setWebhook") == 1  # accepted at once, no retry
        text = _stop_cleanly(bot, log)
    finally:
        _end(bot)
        _end(zproc)
    assert "degraded" not in text


def test_a_429_storm_delays_a_live_reply_and_loses_nothing(tg: RemoteFakeTelegram,
                                                           tmp_path: Path) -> None:
    zproc, zroot = _spawn_fake("tests.fakes.zalo_api")
    tg.fail("429", method="sendMessage", times=4, retry_after=1)
    bot, log = start_bot(tmp_path, tg, zroot)
    try:
        tg.push_text(703, "/start")
        tg.push_text(704, "/help")
        assert wait_until(lambda: tg.stats()["injected"].get("429", 0) == 4)
        assert wait_until(lambda: tg.stats()["delivered_per_chat"].get("703") == 1)
        assert wait_until(lambda: tg.stats()["delivered_per_chat"].get("704", 0) >= 1)
        text = _stop_cleanly(bot, log)
    finally:
        _end(bot)
        _end(zproc)
    assert tg.stats()["delivered_per_chat"]["703"] == 1  # retried, not doubled
    assert "reply retried" in text and "replying in chat" not in text


def _post_json(url: str, body: Any, headers: dict[str, str]) -> bool:
    req = urllib.request.Request(url, method="POST", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(req, timeout=LIMIT) as resp:
            return resp.status == 200
    except OSError:
        return False  # not listening yet


def _inbox_rows(tmp_path: Path) -> int:
    import sqlite3

    with sqlite3.connect(tmp_path / "bot.db") as conn:
        return int(conn.execute("SELECT count(*) FROM webhook_inbox").fetchone()[0])


@pytest.mark.parametrize("platform", ["telegram", "zalo"])
def test_kill_9_between_webhook_receipt_and_reply_loses_nothing(
        platform: str, tg: RemoteFakeTelegram, tmp_path: Path) -> None:
    """The webhook answered 200, the reply was on its way, then kill -9: answered after restart."""
    zproc, zroot = _spawn_fake("tests.fakes.zalo_api")
    zalo = RemoteFakeZalo(zroot)
    port = _free_port()
    secret = "webhook-secret-456"
    url = f"http://127.0.0.1:{port}/hook"
    if platform == "telegram":
        fake: RemoteFakeTelegram = tg
        env = {"THIDUABOT_TELEGRAM_WEBHOOK_URL": url,
               "THIDUABOT_TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
               "THIDUABOT_TELEGRAM_WEBHOOK_PORT": str(port),
               "THIDUABOT_TELEGRAM_WEBHOOK_SECRET": secret}
        chat = "705"
        body: Any = {"update_id": 9001, "message": {
            "message_id": 11, "date": 1740016800, "text": "/start",
            "chat": {"id": 705, "type": "private", "first_name": "Cán bộ"},
            "from": {"id": 705, "is_bot": False, "first_name": "Cán bộ"}}}
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
    else:
        fake = zalo
        env = {"THIDUABOT_ZALO_WEBHOOK_URL": url, "THIDUABOT_ZALO_WEBHOOK_LISTEN": "127.0.0.1",
               "THIDUABOT_ZALO_WEBHOOK_PORT": str(port), "THIDUABOT_ZALO_WEBHOOK_SECRET": secret}
        chat = "z705"
        body = {"ok": True, "result": {"event_name": "message.text.received", "message": {
            "message_id": "feedc0ffee705", "date": 1740016800000, "text": "/start",
            "chat": {"id": chat, "chat_type": "PRIVATE"},
            "from": {"id": chat, "display_name": "Cán bộ", "is_bot": False}}}}
        headers = {"X-Bot-Api-Secret-Token": secret}
    # The first reply hangs in the fake (far longer than the test): the bot is mid-reply.
    fake.fail("hang", method="sendMessage", hang_seconds=3600)
    bot, log = start_bot(tmp_path, tg, zroot, **env)
    try:
        assert wait_until(lambda: fake.stats()["calls"].get("setWebhook", 0) >= 1)
        assert wait_until(lambda: _post_json(url, body, headers), step=0.2)  # the 200
        assert wait_until(lambda: fake.stats()["calls"].get("sendMessage", 0) >= 1)
        bot.send_signal(signal.SIGKILL)
        bot.wait(timeout=LIMIT)
        assert fake.stats()["delivered_per_chat"].get(chat, 0) == 0  # no reply went out
        assert _inbox_rows(tmp_path) == 1  # but the update is on disk
        bot, log = start_bot(tmp_path, tg, zroot, **env)  # same database
        assert wait_until(lambda: fake.stats()["delivered_per_chat"].get(chat, 0) >= 1)
        assert wait_until(lambda: _inbox_rows(tmp_path) == 0)  # handled: the row went
        _stop_cleanly(bot, log)
        assert fake.stats()["delivered_per_chat"][chat] == 1  # answered once, after restart
    finally:
        _end(bot)
        _end(zproc)
