"""The console chat: piped input through `thiduabot chat`, buttons as numbers, files saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import chat as cli_chat
from tests.handlers.conftest import seed_two_campaigns

ROOT = Path(__file__).resolve().parents[2]


def _db(tmp_path: Path) -> str:
    from bot.db import open_database

    url = f"sqlite:///{tmp_path / 'chat.db'}"
    engine = open_database(url)
    seed_two_campaigns(engine)
    engine.dispose()
    return url


def test_console_chat_via_cli_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THIDUABOT_LOAD_SAMPLES", "false")
    monkeypatch.chdir(tmp_path)
    url = _db(tmp_path)
    app = typer.Typer()
    app.callback()(lambda: None)  # a command group, as in the real CLI with every area
    cli_chat.register(app)
    lines = ["/dot", "1", "/dangky tatca", "/lich", "/khong_co", "/quit", "/start"]
    result = CliRunner().invoke(
        app,
        ["chat", "--db", url, "--now", "2025-02-20T09:30", "--files-dir", str(tmp_path / "f")],
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Bạn muốn xem các đợt của phong trào nào?" in out
    assert "  [1] UBND tỉnh An Giang 2025: Phong trào thi đua đặc biệt" in out
    assert "Đợt 1: 15/01/2025 – 30/04/2025 — đang diễn ra" in out  # "1" pressed the button
    assert "Đã đăng ký" in out
    saved = tmp_path / "f" / "han-chot-2025-02-20.ics"
    assert f"(tệp đã lưu: {saved})" in out and saved.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "/khong_co" in out and "/help" in out
    assert "Xin chào" not in out  # nothing after /quit
    assert out.rstrip().endswith("Tạm biệt!")


def test_console_send_file_is_refused_for_non_admin(tmp_path: Path) -> None:
    import asyncio
    import io

    from bot.console import ConsoleChat
    from bot.db import open_database
    from handlers.router import Router
    from handlers.services import KnowledgeHolder, Services
    from tests.handlers.conftest import NOW

    engine = open_database(_db(tmp_path))
    doc = tmp_path / "kh.pdf"
    doc.write_bytes(b"%PDF-1.4")
    out = io.StringIO()
    console = ConsoleChat(
        Router(Services(engine, KnowledgeHolder(lambda previous: {}))),
        lambda: NOW,
        out=out,
        user_is_admin=False,
    )
    incoming = console.incoming_for(f"/gui {doc}")
    assert incoming is not None and incoming.document is not None
    assert incoming.document.filename == "kh.pdf" and incoming.content == "document"
    console.render(asyncio.run(console.router.handle(incoming)))
    assert "Chỉ quản trị viên" in out.getvalue()
    assert console.incoming_for(f"/gui {tmp_path / 'missing.txt'}") is None
    engine.dispose()


@pytest.mark.slow
def test_console_chat_in_a_subprocess(tmp_path: Path) -> None:
    url = _db(tmp_path)
    env = os.environ | {"PYTHONPATH": str(ROOT), "THIDUABOT_LOAD_SAMPLES": "false"}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from bot.cli import main; main()",
            "chat",
            "--db",
            url,
            "--now",
            "2025-02-20",
            "--files-dir",
            str(tmp_path),
        ],
        input="/phongtrao\n/timeline\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Các phong trào thi đua (2):" in proc.stdout
    png = tmp_path / "timeline-2025-02-20.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
