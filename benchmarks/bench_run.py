"""`thiduabot run`: time from process start to its first answer, and the running bot's memory.

A fake Telegram Bot API server (tests/fakes/telegram_api.py) runs in its own process; the
question is queued before the bot starts, so the figure is everything a restart costs a user
who is waiting: imports, the schema check, opening the knowledge base, the first getUpdates,
answering, sendMessage. Then `--questions` more distinct questions are answered one after
another, and once the bot is idle its resident memory (VmRSS, and its peak VmHWM, from /proc)
is read. The database is prepared first (migrated, documents stored, persisted index written by
one `ask`). The first start on it also plans every deadline for the first time, a one-off of a
new deployment, and has its own row; the `--runs` starts after it are what a server that
restarts pays. 5 documents are the samples; larger sizes the real-shaped corpus of
benchmarks/kb_corpus.py.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_run.py [--sizes 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from bot.cli import main; main()"]
FIRST = "han nop bao cao tong ket dot thi dua dac biet an giang"
MORE = [
    "Phong trào thi đua nào đang diễn ra?",
    "khi nao nop ho so de nghi khen thuong",
    "Ai chịu trách nhiệm tổng hợp báo cáo?",
    "hinh thuc khen thuong gom nhung gi",
    "thời gian thực hiện kế hoạch",
    "chỉ tiêu phấn đấu là gì",
]
LIMIT = 300.0


def _memory(pid: int) -> tuple[float, float, float]:
    """(VmRSS, VmHWM, RssFile) of a running process in MB; RssFile is the part that is mapped
    files (the SQLite database through its memory map, shared libraries): page cache."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return tuple(int(fields[k].split()[0]) / 1024  # type: ignore[return-value]
                 for k in ("VmRSS", "VmHWM", "RssFile"))


def _wait(predicate, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + LIMIT
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.01)


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a running process."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def _settled(pid: int, quiet: float = 1.5) -> None:
    """Wait until the process has used no CPU for `quiet` seconds (its start-up planning and
    the answers are done), within the overall limit."""
    deadline = time.monotonic() + LIMIT
    last, since = _cpu(pid), time.monotonic()
    while time.monotonic() - since < quiet:
        if time.monotonic() > deadline:
            raise SystemExit("the bot never went idle")
        time.sleep(0.25)
        now = _cpu(pid)
        if now - last > 0.02:
            last, since = now, time.monotonic()


def one_run(fake, db: str, env: dict[str, str], chat: int, questions: int):  # type: ignore[no-untyped-def]
    """(seconds to first answer, CPU s of the bot by then, RSS MB once idle, peak MB) of one
    start."""
    key = str(chat)
    fake.push_text(chat, FIRST)
    began = time.perf_counter()
    bot = subprocess.Popen(
        [*CLI, "run", "--db", db, "--now", "2025-07-01T09:00", "--log-level", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: fake.stats()["delivered_per_chat"].get(key, 0) >= 1, "the first answer")
        first = time.perf_counter() - began
        cpu = _cpu(bot.pid)
        for i, text in enumerate(MORE[:questions], start=2):
            fake.push_text(chat, text)
            _wait(lambda n=i: fake.stats()["delivered_per_chat"].get(key, 0) >= n, "an answer")
        _settled(bot.pid)
        rss, peak, mapped = _memory(bot.pid)
    finally:
        bot.terminate()
        bot.wait(timeout=LIMIT)
    return first, cpu, rss, peak, mapped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10000", help="corpus sizes besides the samples")
    parser.add_argument("--questions", type=int, default=len(MORE))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from benchmarks.kb_corpus import base_json, make_database
    from tests.fakes.telegram_api import DEFAULT_TOKEN, RemoteFakeTelegram

    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.telegram_api", "--port", "0",
         "--max-poll-wait", "0.3"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    assert server.stdout is not None
    fake = RemoteFakeTelegram(f"http://127.0.0.1:{int(server.stdout.readline().split()[1])}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUABOT_")}
    env.update({
        "PYTHONPATH": str(ROOT),
        "THIDUABOT_TELEGRAM_TOKEN": DEFAULT_TOKEN,
        "THIDUABOT_TELEGRAM_API_URL": fake.base_url,
        "THIDUABOT_TELEGRAM_FILE_URL": fake.base_file_url,
    })
    bases = base_json()
    rows = []
    chat = 700
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for size in [5, *(int(x) for x in args.sizes.split(",") if x)]:
                db = f"sqlite:///{Path(tmp) / f'run{size}.db'}"
                if size != 5:
                    make_database(db, size, bases)
                ask = [*CLI, "ask", FIRST, "--db", db, "--now", "2025-07-01"]
                subprocess.run(ask, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
                # The first start on this database also plans every deadline for the first
                # time (a one-off of a new deployment); it is reported on its own row.
                chat += 1
                rows.append((f"{size} (first start)", [one_run(fake, db, env, chat, 0)]))
                runs = []
                for _ in range(args.runs):
                    chat += 1
                    runs.append(one_run(fake, db, env, chat, args.questions))
                rows.append((str(size), runs))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{'docs':>20} | {'start → 1st answer s':>20} | {'bot CPU by then s':>17} | "
          f"{'RSS MB':>6} | {'of it files MB':>14} | {'peak MB':>7} | runs")
    for size, runs in rows:
        print(f"{size:>20} | {statistics.median(r[0] for r in runs):>20.2f} | "
              f"{statistics.median(r[1] for r in runs):>17.2f} | "
              f"{max(r[2] for r in runs):>6.0f} | {max(r[4] for r in runs):>14.0f} | "
              f"{max(r[3] for r in runs):>7.0f} | {len(runs)}")


if __name__ == "__main__":
    main()
