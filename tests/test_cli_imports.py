"""Lazy imports: `ask` never loads python-telegram-bot, matplotlib or Alembic (nor, once its
index is stored, the extractor); `--help` loads no database or knowledge code. Each check runs
the CLI in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, sys
sys.argv = ["thiduabot", *json.loads(sys.argv[1])]
from bot.cli import main
try:
    main()
except SystemExit:
    pass
print("MODULES " + json.dumps(sorted(sys.modules)))
"""


def loaded_modules(*args: str, cwd: Path) -> set[str]:
    """Every module (dotted name) the CLI run with `args` imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUABOT_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("MODULES ")][-1]
    return set(json.loads(line[len("MODULES "):]))


def loaded(*args: str, cwd: Path) -> set[str]:
    """The top-level packages the CLI run with `args` imported."""
    return {name.split(".")[0] for name in loaded_modules(*args, cwd=cwd)}


def test_ask_imports_neither_telegram_nor_matplotlib_nor_alembic(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    first = loaded("ask", "hạn nộp báo cáo tổng kết", "--db", db, cwd=tmp_path)
    assert "alembic" in first  # an empty database is migrated: Alembic is needed once
    modules = loaded_modules("ask", "han nop bao cao tong ket dot 2", "--db", db, cwd=tmp_path)
    again = {name.split(".")[0] for name in modules}
    assert {"telegram", "matplotlib", "alembic", "apscheduler", "aiohttp"}.isdisjoint(again)
    assert "knowledge.answer.core" in modules  # it did answer
    # the stored index is current: nothing is extracted, so no extraction code is loaded
    assert not any(name.startswith("knowledge.extract") for name in modules)


def test_help_loads_no_database_or_knowledge_code(tmp_path: Path) -> None:
    mods = loaded("--help", cwd=tmp_path)
    assert {"sqlalchemy", "sqlmodel", "knowledge", "scheduler", "numpy", "telegram"}.isdisjoint(
        mods
    )
