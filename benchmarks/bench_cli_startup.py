"""Cold CPU and peak RSS of `thiduabot --help` and `thiduabot ask` at 5, 1,000 and 10,000
documents, against a bare import of what ask needs.

Each command runs in a fresh process, `--runs` rounds after one warm-up, the commands
interleaved within each round; CPU is the child's
user + system time and peak RSS its ru_maxrss, both from os.wait4 of that child. Every database
is prepared (migrated, documents stored, persisted index written by one first `ask`) before
timing, so `ask` measures the steady state: open, version check, open the knowledge base,
answer, exit. 5 documents are the samples; 1,000 and 10,000 the real-shaped corpus of
benchmarks/kb_corpus.py (51 distinct real and sample documents, varied).

    .venv/bin/python benchmarks/bench_cli_startup.py [--runs 7] [--sizes 1000,10000]
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
# What `ask` cannot do without: the ORM, settings, fuzzy matching, arrays, the CLI framework.
BARE = [sys.executable, "-c",
        "import sqlalchemy, sqlmodel, pydantic, pydantic_settings, rapidfuzz, numpy, typer"]
QUESTION = "han nop bao cao tong ket dot thi dua dac biet an giang"


def child_cpu(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS MB) of one run of cmd."""
    began = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, cmd)
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes besides the samples")
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
        for size in [int(x) for x in args.sizes.split(",") if x]:
            url = f"sqlite:///{Path(tmp) / f'kb{size}.db'}"
            # In a child: this process stays small, and a child's peak RSS counts what it had
            # when forked from here.
            subprocess.run([sys.executable, "benchmarks/kb_corpus.py", "--docs", str(size),
                            "--db", url], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                           check=True)
            cmd = [*CLI, "ask", QUESTION, "--db", url, "--now", "2025-07-01"]
            subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
            cases[f"thiduabot ask ({size:,} documents)"] = cmd
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in cases}
        for cmd in cases.values():
            child_cpu(cmd, env)  # warm-up: file cache
        # Interleaved (every command once per round): a change in the shared machine's load
        # falls on all of them alike instead of on whichever ran then.
        for _ in range(args.runs):
            for name, cmd in cases.items():
                results[name].append(child_cpu(cmd, env))
    base = statistics.median(c for c, _, _ in results["bare import of ask's libraries"])
    five = statistics.median(c for c, _, _ in results["thiduabot ask (5 samples)"])
    print(f"{'command':34} {'CPU s (median)':>15} {'wall s':>8} {'peak MB':>8} {'× bare':>7}"
          f" {'× ask(5)':>9}")
    for name, runs in results.items():
        cpu = statistics.median(c for c, _, _ in runs)
        wall = statistics.median(w for _, w, _ in runs)
        peak = max(m for _, _, m in runs)
        print(f"{name:34} {cpu:15.3f} {wall:8.3f} {peak:8.0f} {cpu / base:7.2f}"
              f" {cpu / five:9.2f}")


if __name__ == "__main__":
    main()
