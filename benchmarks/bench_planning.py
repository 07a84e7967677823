"""Planning benchmark: C chats x D deadlines clustered in the next 10 working days.

Each measurement runs in its own process (`--worker`) against the source tree given, so the
code of today (a checkout of main) and this code are measured in the same run:

    PYTHONPATH=. python benchmarks/bench_planning.py --baseline-src /tmp/plan-base
    PYTHONPATH=. python benchmarks/bench_planning.py --skip-pg --chats 2000

One whole run as a single command (a fresh database, the world, every tick, the database
dropped), to time with a whole-process tool such as `/usr/bin/time -v` against `--build-only`
(the same command without planning):

    PYTHONPATH=. python benchmarks/bench_planning.py --one postgres
    PYTHONPATH=. python benchmarks/bench_planning.py --one postgres --build-only

The world: D deadlines of `campaigns` published campaigns, due on the next 10 working days
(D/10 per day, as year-end reports cluster), C chats following everything with the default
settings (lead days 7,3,1,0 at 08:00). "Now" is Monday 15/12/2025 09:00, so every deadline's
reminders fall inside or just before the 36-hour horizon: 1.2 reminder rows per deadline and
chat (the latest missed one of each cut-off, and those due by Tuesday 21:00), 1.2 M rows at
10,000 × 100. Ticks, one minute apart:

- first: the first plan (no planner state yet: a complete run inserting every row);
- idle: nothing changed, nothing came due (two small selects);
- corrected: one deadline of one campaign moved by one working day (as a correction of its
  document writes it); the change journal names the campaign, whose rows are re-planned for
  every chat (its D / campaigns deadlines);
- subscribed: one new chat following everything; its rows are planned;
- idle again.

Figures: wall and CPU seconds of the planning call (and its commit) in the worker process;
on PostgreSQL also "server CPU s", the CPU its backend process spent meanwhile (read from
/proc when the server runs on this machine): on a shared machine the wall time varies with the
load, the CPU seconds much less.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("THIDUABOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
RUNS = ("first", "idle", "corrected", "subscribed", "idle2")


def working_days(start: dt.date, n: int) -> list[dt.date]:
    """The first n working days from `start` on."""
    from knowledge.dates.workdays import is_working_day

    days: list[dt.date] = []
    day = start
    while len(days) < n:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def build_world(engine: Any, chats: int, deadlines: int, campaigns: int, today: dt.date) -> None:
    """Campaigns, deadlines clustered on the next 10 working days, chats following all."""
    from sqlalchemy import insert
    from sqlmodel import Session

    from knowledge.store.tables import DeadlineRow
    from tests.sched.world import add_campaign, add_many_chats

    days = working_days(today, 10)
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


def _change(engine: Any, run: str, today: dt.date) -> None:
    """What happens just before a tick: a corrected deadline, a new subscriber."""
    from sqlalchemy import update
    from sqlmodel import Session

    from knowledge.store.tables import DeadlineRow
    from tests.sched.world import add_chat

    with Session(engine) as s:
        if run == "corrected":
            # dl003 (campaign c3) is due today: a correction moves it two working days later
            moved = working_days(today, 3)[2]
            s.execute(
                update(DeadlineRow).where(DeadlineRow.id == "dl003").values(due=moved)  # type: ignore[arg-type]
            )
        elif run == "subscribed":
            add_chat(s, "999999")
        s.commit()


def _backend_pid(session: Any) -> int | None:
    """The PostgreSQL backend serving this session (None on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return int(session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def _server_cpu(pid: int | None) -> float | None:
    """CPU seconds (user + system) of a PostgreSQL backend, when the server runs on this
    machine (its /proc entry is readable); None otherwise."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(
    url: str, chats: int, deadlines: int, campaigns: int, build_only: bool = False
) -> dict[str, object]:
    """Build the world in `url` and time each tick (this source tree)."""
    from sqlalchemy import func, select
    from sqlmodel import Session

    from bot.db import open_database
    from scheduler.planning.run import plan_reminders
    from scheduler.schedule_tables import OutboxRow
    from tests.sched.world import local

    now = local(2025, 12, 15, 9)  # a Monday; cut-offs until 26/12
    engine = open_database(url)
    t0 = time.perf_counter()
    build_world(engine, chats, deadlines, campaigns, now.date())
    out: dict[str, object] = {"build_wall": time.perf_counter() - t0}
    if build_only:
        engine.dispose()
        return out
    for i, run in enumerate(RUNS):
        _change(engine, run, now.date())
        with Session(engine) as s:
            backend = _backend_pid(s)
            s0, c0, t0 = _server_cpu(backend), time.process_time(), time.perf_counter()
            res = plan_reminders(s, now + dt.timedelta(minutes=i))
            s.commit()
            s1 = _server_cpu(backend)
            out[run] = {
                "wall": time.perf_counter() - t0,
                "cpu": time.process_time() - c0,
                "server_cpu": None if s0 is None or s1 is None else s1 - s0,
                "inserted": res.inserted,
                "updated": res.updated,
                "cancelled": res.cancelled,
            }
    with Session(engine) as s:
        out["rows"] = s.execute(select(func.count()).select_from(OutboxRow)).scalar_one()
        if engine.dialect.name == "postgresql":
            size = "SELECT pg_total_relation_size('outbox')"  # heap and every index
        else:  # the whole file: mostly the outbox and its indexes
            size = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
        out["outbox_mb"] = s.connection().exec_driver_sql(size).scalar_one() / 1e6
    engine.dispose()
    return out


def pg_database() -> tuple[str, str]:
    """A fresh PostgreSQL database: (name, URL)."""
    import psycopg

    name = f"thiduabot_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"


def drop_pg(name: str) -> None:
    """Drop a benchmark database."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def worker_args(args: argparse.Namespace) -> list[str]:
    """The world's size as command-line arguments."""
    return [
        "--chats", str(args.chats), "--deadlines", str(args.deadlines),
        "--campaigns", str(args.campaigns),
    ]  # fmt: skip


def measure(src: Path, backend: str, args: argparse.Namespace) -> dict[str, object]:
    """One worker process on the code in `src` against a fresh database."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", backend, *worker_args(args)]
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(cmd, env=env, cwd=src, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def one(backend: str, args: argparse.Namespace) -> dict[str, object]:
    """A fresh database, the world and every tick in this process; the database dropped."""
    with tempfile.TemporaryDirectory() as tmp:
        pg = None
        if backend == "sqlite":
            url = f"sqlite:///{tmp}/bench.db"
        else:
            pg, url = pg_database()
        try:
            return worker(url, args.chats, args.deadlines, args.campaigns, args.build_only)
        finally:
            if pg:
                drop_pg(pg)


def _secs(value: object) -> str:
    return "—" if value is None else f"{float(str(value)):.2f}"


def main() -> None:
    """Print the table (or, with --one, one run's figures as JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", choices=("sqlite", "postgres"))
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--deadlines", type=int, default=100)
    parser.add_argument("--campaigns", type=int, default=10)
    parser.add_argument("--baseline-src", type=Path, help="a checkout of today's code")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="paired runs (A B A B ...)")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args)))
        return
    backends = [
        b for b, skip in (("sqlite", args.skip_sqlite), ("postgres", args.skip_pg)) if not skip
    ]
    codes = [("this code", ROOT)]
    if args.baseline_src:
        codes.append(("baseline", args.baseline_src.resolve()))
    print(f"planning {args.chats} chats x {args.deadlines} deadlines ({args.campaigns} campaigns)")
    print(
        "| code | database | tick | wall s | CPU s | server CPU s | inserted | updated "
        "| outbox rows |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for backend in backends:
        for label, src in [pair for _ in range(args.repeat) for pair in codes]:
            res = measure(src, backend, args)
            for run in RUNS:
                r = res[run]
                assert isinstance(r, dict)
                print(
                    f"| {label} | {backend} | {run} | {r['wall']:.3f} | {r['cpu']:.3f} "
                    f"| {_secs(r.get('server_cpu'))} "
                    f"| {r['inserted']:,} | {r['updated']:,} | {res['rows']:,} |",
                    flush=True,
                )
            print(f"| {label} | {backend} | outbox size | {res['outbox_mb']:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
