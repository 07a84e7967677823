"""`thiduabot run` with THIDUABOT_HTTP_PORT: /healthz and /metrics read from the real process."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.telegram_api import DEFAULT_TOKEN, RemoteFakeTelegram

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def wait_for(probe: Callable[[], Any], timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = probe()
        except OSError:  # the server is not listening yet
            value = None
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the Prometheus text format (0 when absent)."""
    for line in text.splitlines():
        match = re.match(r"^([a-z_]+)(\{[^}]*\})? (\S+)$", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(match.group(3))
    return 0.0


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )


def test_healthz_and_metrics_of_the_running_bot(fake: RemoteFakeTelegram, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'bot.db'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "bot.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "THIDUABOT_TELEGRAM_TOKEN": DEFAULT_TOKEN,
        "THIDUABOT_TELEGRAM_API_URL": fake.base_url,
        "THIDUABOT_TELEGRAM_FILE_URL": fake.base_file_url,
        "THIDUABOT_HTTP_PORT": str(port),
        "THIDUABOT_HTTP_LISTEN": "127.0.0.1",
        "THIDUABOT_LOG_FORMAT": "json",
    }
    bot = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "run", "--db", db,
         "--now", "2025-02-20T09:00"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )
    try:
        def healthy() -> dict[str, Any] | None:
            status, body = get(f"{base}/healthz")
            data = json.loads(body)
            ticked = data["scheduler"]["last_tick_age_seconds"] is not None
            return data if status == 200 and ticked else None

        data = wait_for(healthy)
        assert data["database"]["reachable"] is True
        assert data["platforms"]["telegram"]["state"] == "running"
        assert data["outbox_depth"] == 0

        _, text = get(f"{base}/metrics")
        assert metric(text, "thiduabot_campaigns") == 5
        assert metric(text, "thiduabot_documents", status="published") == 5
        assert metric(text, "thiduabot_messages_sent_total", platform="telegram",
                      kind="broadcast") == 0

        fake.push_text(701, "/dangky")  # the chat subscribes: a broadcast reaches it
        wait_for(lambda: fake.sent("701"))
        fake.push_text(701, "hạn nộp báo cáo tổng kết phong trào an giang là khi nào?")
        wait_for(lambda: len(fake.sent("701")) >= 2)
        wait_for(lambda: metric(get(f"{base}/metrics")[1], "thiduabot_answer_seconds_count",
                                platform="telegram") >= 1)

        done = cli("broadcast", "Thông báo thử", "--to", "all", "--db", db,
                   "--now", "2025-02-20T09:00")
        assert done.returncode == 0, done.stderr
        wait_for(lambda: metric(get(f"{base}/metrics")[1], "thiduabot_messages_sent_total",
                                platform="telegram", kind="broadcast") == 1)
        assert any(m["text"] == "Thông báo thử" for m in fake.sent("701"))

        # Telegram starts failing every send: the platform is degraded and /healthz says 503.
        fake.fail("500", method="sendMessage", times=1000)
        done = cli("broadcast", "Thông báo thứ hai", "--to", "all", "--db", db,
                   "--now", "2025-02-20T09:00")
        assert done.returncode == 0, done.stderr

        def unhealthy() -> dict[str, Any] | None:
            status, body = get(f"{base}/healthz")
            return json.loads(body) if status == 503 else None

        data = wait_for(unhealthy)
        assert data["platforms"]["telegram"]["state"] == "degraded"
        assert data["platforms"]["telegram"]["reason"]
        assert data["outbox_depth"] == 1  # the second broadcast waits for its retry
        text = get(f"{base}/metrics")[1]
        assert metric(text, "thiduabot_messages_retried_total", platform="telegram",
                      kind="broadcast") >= 1
        assert metric(text, "thiduabot_outbox_depth") == 1
    finally:
        bot.terminate()
        bot.wait(timeout=60)
    lines = [ln for ln in log.read_text(encoding="utf-8").splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in lines]  # every line is one JSON object
    assert {"time", "level", "logger", "message"} <= set(records[0])
    text = log.read_text(encoding="utf-8")
    assert DEFAULT_TOKEN not in text and DEFAULT_TOKEN.split(":")[1] not in text
