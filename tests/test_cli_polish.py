"""Newcomer rough edges: first run on ended samples, output folder, --version, db commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("THIDUABOT_")}
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=cwd, env={**base, "PYTHONPATH": str(ROOT), **env}, input=stdin,
        capture_output=True, text=True, timeout=300,
    )


def test_version_and_db_commands_on_a_fresh_database(tmp_path: Path) -> None:
    done = cli("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("thiduabot ")
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    before = cli("db", "current", "--db", db, cwd=tmp_path)
    assert before.returncode == 1 and "chưa có lược đồ" in before.stdout
    up = cli("db", "upgrade", "--db", db, cwd=tmp_path)
    assert up.returncode == 0 and "Đã nâng cấp" in up.stdout
    after = cli("db", "current", "--db", db, cwd=tmp_path, THIDUABOT_DATABASE_URL="sqlite:///x")
    assert after.returncode == 0 and "Đã cập nhật" in after.stdout
    # without --db it reads the bot's own setting, like alembic's env does
    env_db = cli("db", "current", cwd=tmp_path, THIDUABOT_DATABASE_URL=db)
    assert env_db.returncode == 0 and "fresh.db" in env_db.stdout


def test_alembic_upgrade_migrates_the_bots_database(tmp_path: Path) -> None:
    target = tmp_path / "via-alembic.db"
    base = {k: v for k, v in os.environ.items() if not k.startswith("THIDUABOT_")}
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini"), "upgrade", "head"],
        cwd=tmp_path, env={**base, "PYTHONPATH": str(ROOT),
                           "THIDUABOT_DATABASE_URL": f"sqlite:///{target}"},
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert target.exists() and not (tmp_path / "thiduabot.db").exists()
    current = cli("db", "current", "--db", f"sqlite:///{target}", cwd=tmp_path)
    assert current.returncode == 0, current.stdout


def test_console_says_every_campaign_ended_and_suggests_now(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    today = cli("chat", "--db", db, "--now", "2026-01-05", cwd=tmp_path, stdin="/start\n")
    assert today.returncode == 0, today.stderr
    assert today.stdout.count("mọi phong trào trong kho đã kết thúc") == 2  # banner, /start
    assert "thiduabot run --now 2025-02-20" in today.stdout
    folder = tmp_path / "thiduabot-files"
    assert f"được lưu vào: {folder}" in today.stdout
    then = cli("chat", "--db", db, "--now", "2025-02-20", cwd=tmp_path, stdin="/start\n")
    assert "đã kết thúc" not in then.stdout


def test_logging_json_lines_redacted_and_warnings_to_the_file(tmp_path: Path) -> None:
    import json
    import logging
    import warnings

    from bot.logs import configure_logging

    token = "123456789:AAsecret-token_value"
    log_file = tmp_path / "out" / "thiduabot.log"
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_logging("INFO", "json", (token,), file=log_file)
        logging.getLogger("apscheduler.executors").warning("Run time of job was missed by 0:01")
        logging.getLogger("x").info("calling https://api.telegram.org/bot%s/getMe", token)
        warnings.warn("a library warning", UserWarning, stacklevel=1)
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        logging.captureWarnings(False)
    records = [json.loads(ln) for ln in log_file.read_text(encoding="utf-8").splitlines()]
    assert [r["logger"] for r in records] == ["apscheduler.executors", "x", "py.warnings"]
    assert "missed by" in records[0]["message"]
    text = log_file.read_text(encoding="utf-8")
    assert token not in text and "AAsecret" not in text


def test_show_by_name_fragment_offers_choices(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    assert cli("ask", "abc", "--db", db, cwd=tmp_path).returncode == 0  # loads the samples
    one = cli("show", "dien bien", "--db", db, cwd=tmp_path)  # no accents, one campaign
    assert one.returncode == 0, one.stderr
    assert "Điện Biên" in one.stdout
    many = cli("show", "ubnd", "--db", db, cwd=tmp_path)
    assert many.returncode == 2
    assert "khớp" in many.stderr and many.stderr.count("thiduabot show ") >= 2
    none = cli("show", "khong-co-dau-ca", "--db", db, cwd=tmp_path)
    assert none.returncode == 2 and "không tìm thấy" in none.stderr


def test_broadcast_refuses_an_unknown_issuer_listing_known_ones(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    assert cli("ask", "abc", "--db", db, cwd=tmp_path).returncode == 0
    bad = cli("broadcast", "Thông báo", "--to", "UBND tỉnh Cà Mau", "--db", db, cwd=tmp_path)
    assert bad.returncode == 2
    assert "Các cơ quan đã biết" in bad.stderr and "An Giang" in bad.stderr
    good = cli("broadcast", "Thông báo", "--to", "UBND tỉnh An Giang", "--db", db, cwd=tmp_path)
    assert good.returncode == 0, good.stderr


def test_ingest_publish_says_why_nothing_was_queued(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    folder = tmp_path / "docs"
    folder.mkdir()
    samples = sorted((ROOT / "knowledge" / "samples").glob("*.txt"))
    for i, src in enumerate(samples):
        (folder / f"plan-{i}.txt").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"THIDUABOT_LOAD_SAMPLES": "false"}
    done = cli("ingest", str(folder), "--publish", "--db", db, cwd=tmp_path, **env)
    assert done.returncode == 0, done.stderr
    assert "Đã xếp 0 tin công bố" in done.stdout
    assert "Chưa có chat nào đăng ký" in done.stdout
    again = cli("ingest", str(folder), "--publish", "--db", db, cwd=tmp_path, **env)
    assert "Không có phong trào mới" in again.stdout


def test_reminders_documents_the_chat_format(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    assert "telegram:123456789" in cli("reminders", "--help", cwd=tmp_path).stdout
    missing = cli("reminders", "--chat", "telegram:1", "--db", db, cwd=tmp_path)
    assert missing.returncode == 2 and "nền_tảng:mã" in missing.stderr
