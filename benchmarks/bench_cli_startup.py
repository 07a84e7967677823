"""Cold CPU of `thiduabot --help` and `thiduabot ask` against a bare import of what ask needs.

Each command runs in a fresh process, `--runs` times after one warm-up; CPU is the child's
user + system time from the operating system (resource.getrusage of the reaped child). The
database is prepared (migrated, samples loaded) before timing, so `ask` measures the steady
state: open, version check, load the knowledge base, answer, exit.

    .venv/bin/python benchmarks/bench_cli_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from bot.cli import main; main()"]
# What `ask` cannot do without: the ORM, settings, fuzzy matching, arrays, the CLI framework.
BARE = [sys.executable, "-c",
        "import sqlalchemy, sqlmodel, pydantic, pydantic_settings, rapidfuzz, numpy, typer"]
QUESTION = "han nop bao cao tong ket dot thi dua dac biet an giang"


def child_cpu(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'kb.db'}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUABOT_")}
        env["PYTHONPATH"] = str(ROOT)
        ask = [*CLI, "ask", QUESTION, "--db", db, "--now", "2025-07-01"]
        subprocess.run(ask, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
        cases = {
            "bare import of ask's libraries": BARE,
            "thiduabot --help": [*CLI, "--help"],
            "thiduabot ask (5 samples)": ask,
        }
        results: dict[str, list[tuple[float, float]]] = {}
        for name, cmd in cases.items():
            child_cpu(cmd, env)  # warm-up: file cache
            results[name] = [child_cpu(cmd, env) for _ in range(args.runs)]
    base = statistics.median(c for c, _ in results["bare import of ask's libraries"])
    print(f"{'command':34} {'CPU s (median)':>15} {'wall s':>8} {'× bare':>7}")
    for name, runs in results.items():
        cpu = statistics.median(c for c, _ in runs)
        wall = statistics.median(w for _, w in runs)
        print(f"{name:34} {cpu:15.3f} {wall:8.3f} {cpu / base:7.2f}")


if __name__ == "__main__":
    main()
