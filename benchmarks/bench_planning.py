"""Planning benchmark: C chats x D deadlines clustered in the next 10 working days.

Each measurement runs in its own process (`--worker`) against the source tree given, so the
code of today (a checkout of main) and this code are measured in the same run:

    PYTHONPATH=. python benchmarks/bench_planning.py --baseline-src /tmp/plan-base
    PYTHONPATH=. python benchmarks/bench_planning.py --skip-pg --chats 2000

The world: D deadlines of `campaigns` published campaigns, due on the next 10 working days
(D/10 per day, as year-end reports cluster), C chats following everything with the default
settings. Runs: first plan (inserts every reminder due within the horizon plus the latest
missed one of each cut-off), then an idle tick one minute later (nothing changed, nothing due).
Figures: wall and CPU seconds of the planning call in the worker process (the database
server's own CPU on PostgreSQL is not included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("THIDUABOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def worker(url: str, chats: int, deadlines: int, campaigns: int) -> dict[str, object]:
    """Build the world in `url` and time the first plan and an idle tick (this source tree)."""
    from sqlalchemy import func, insert, select
    from sqlmodel import Session

    from bot.db import open_database
    from knowledge.tables import DeadlineRow
    from scheduler.planning import plan_reminders
    from scheduler.tables import OutboxRow
    from scheduler.workdays import is_working_day
    from tests.sched.world import add_campaign, add_many_chats, local

    now = local(2025, 12, 15, 9)  # a Monday; cut-offs until 26/12
    days: list[dt.date] = []
    day = now.date()
    while len(days) < 10:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    engine = open_database(url)
    add_many_chats(engine, chats, start=200_000)
    with Session(engine) as s:
        for c in range(campaigns):
            add_campaign(s, f"c{c}", end=dt.date(2025, 12, 31))
        s.commit()
    with engine.begin() as conn:
        conn.execute(
            insert(DeadlineRow.__table__),  # type: ignore[attr-defined]
            [
                {
                    "id": f"dl{i:03d}",
                    "campaign_id": f"c{i % campaigns}",
                    "kind": "other",
                    "due": days[i * len(days) // deadlines],
                    "date_text": "",
                    "what": f"Hạn {i}",
                    "recipient": None,
                    "via": None,
                    "quote": "",
                    "section": None,
                }
                for i in range(deadlines)
            ],
        )
    out: dict[str, object] = {}
    for run, at in (("first", now), ("idle", now + dt.timedelta(minutes=1))):
        with Session(engine) as s:
            c0, t0 = time.process_time(), time.perf_counter()
            res = plan_reminders(s, at)
            s.commit()
            out[run] = {
                "wall": time.perf_counter() - t0,
                "cpu": time.process_time() - c0,
                "inserted": res.inserted,
                "targets": res.targets,
            }
    with Session(engine) as s:
        out["rows"] = s.execute(select(func.count()).select_from(OutboxRow)).scalar_one()
    engine.dispose()
    return out


def pg_database() -> tuple[str, str]:
    import psycopg

    name = f"thiduabot_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"


def drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(src: Path, backend: str, args: argparse.Namespace) -> dict[str, object]:
    """One worker process on the code in `src` against a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        pg = None
        if backend == "sqlite":
            url = f"sqlite:///{tmp}/bench.db"
        else:
            pg, url = pg_database()
        try:
            cmd = [
                sys.executable, str(Path(__file__).resolve()), "--worker", url,
                "--chats", str(args.chats), "--deadlines", str(args.deadlines),
                "--campaigns", str(args.campaigns),
            ]  # fmt: skip
            env = {**os.environ, "PYTHONPATH": str(src)}
            done = subprocess.run(
                cmd, env=env, cwd=src, capture_output=True, text=True, check=True
            )
            return dict(json.loads(done.stdout.strip().splitlines()[-1]))
        finally:
            if pg:
                drop_pg(pg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", metavar="URL")
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--deadlines", type=int, default=100)
    parser.add_argument("--campaigns", type=int, default=10)
    parser.add_argument("--baseline-src", type=Path, help="a checkout of today's code")
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.chats, args.deadlines, args.campaigns)))
        return
    backends = ["sqlite"] if args.skip_pg else ["sqlite", "postgres"]
    codes = [("this code", ROOT)]
    if args.baseline_src:
        codes.append(("baseline", args.baseline_src.resolve()))
    print(f"planning {args.chats} chats x {args.deadlines} deadlines ({args.campaigns} campaigns)")
    print("| code | database | run | wall s | CPU s | inserted | outbox rows |")
    print("|---|---|---|---|---|---|---|")
    for backend in backends:
        for label, src in codes:
            res = measure(src, backend, args)
            for run in ("first", "idle"):
                r = res[run]
                assert isinstance(r, dict)
                print(
                    f"| {label} | {backend} | {run} | {r['wall']:.2f} | {r['cpu']:.2f} "
                    f"| {r['inserted']:,} | {res['rows']:,} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
