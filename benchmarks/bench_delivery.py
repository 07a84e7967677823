"""Delivery and planning benchmarks of the scheduler (prints a table).

1. paced launch: N chats through the fake Telegram server enforcing Telegram's limits
   (30/s overall, 20/min per group, 1/s per chat; it answers 429 beyond them): achieved rate
   against 30 msg/s, and the 429s we caused.
2. outbox throughput with the limits lifted, on SQLite and PostgreSQL: end to end through the
   fake server, against a baseline of the bare transport sending the same messages with the
   same concurrency (no database), and the outbox alone with a null transport.
3. planning: C chats x D deadlines, first run (inserts) and second run (idempotent); its
   deadlines are spread so that few fall inside the horizon: the issue's clustered case,
   tick by tick, is benchmarks/bench_planning.py.

    PYTHONPATH=. python benchmarks/bench_delivery.py                 # everything, 10,000 chats
    PYTHONPATH=. python benchmarks/bench_delivery.py --paced-chats 600 --skip-pg
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bot.db import open_database  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.telegram.transport import TelegramTransport  # noqa: E402
from knowledge.dates.workdays import is_working_day  # noqa: E402
from knowledge.store.tables import DeadlineRow  # noqa: E402
from scheduler.dispatch_config import DispatchConfig  # noqa: E402
from scheduler.dispatcher import dispatch_due, dispatch_due_by_clock  # noqa: E402
from scheduler.outbox import enqueue_launch  # noqa: E402
from scheduler.pacing import Pacer  # noqa: E402
from scheduler.planning.run import plan_reminders  # noqa: E402
from scheduler.schedule_tables import OutboxRow  # noqa: E402
from scheduler.transport import OutgoingMessage  # noqa: E402
from tests.sched.procs import start_fake_telegram, stop  # noqa: E402
from tests.sched.world import add_campaign, add_many_chats, local  # noqa: E402

PG_ADMIN = os.environ.get("THIDUABOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = local(2025, 3, 3, 9)
rows_out: list[tuple[str, str, str]] = []


def report(name: str, value: str, note: str = "") -> None:
    """Collect and echo one figure."""
    rows_out.append((name, value, note))
    print(f"  {name}: {value} {note}", flush=True)


class Databases:
    """Throw-away SQLite files and PostgreSQL databases."""

    def __init__(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.pg: list[str] = []

    def sqlite(self) -> str:
        return f"sqlite:///{self.tmp.name}/{uuid.uuid4().hex[:8]}.db"

    def postgres(self) -> str:
        import psycopg

        name = f"thiduabot_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.pg.append(name)
        return f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"

    def close(self) -> None:
        import psycopg

        for name in self.pg:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.tmp.cleanup()


def launch_db(url: str, chats: int) -> Engine:
    """A database with `chats` chats following everything and one launch queued."""
    engine = open_database(url)
    add_many_chats(engine, chats, start=100_000)
    with Session(engine) as s:
        add_campaign(s, "c1")
        s.commit()
        enqueue_launch(s, "c1", NOW)
        s.commit()
    return engine


def sent_count(engine: Engine) -> int:
    with Session(engine) as s:
        return int(
            s.execute(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "sent")
            ).scalar_one()
        )  # type: ignore[arg-type]


def telegram(root_base: str, file_base: str) -> TelegramTransport:
    from tests.fakes.telegram_api import DEFAULT_TOKEN

    cfg = Settings(
        telegram_token=SecretStr(DEFAULT_TOKEN),
        telegram_api_url=root_base,
        telegram_file_url=file_base,
    )
    return TelegramTransport.from_settings(cfg)


async def paced_launch(dbs: Databases, chats: int) -> None:
    """Launch through the fake server enforcing Telegram's limits."""
    print(f"[paced launch to {chats} chats, limits enforced]", flush=True)
    proc, fake = start_fake_telegram("--enforce-limits")
    engine = launch_db(dbs.sqlite(), chats)
    transport = telegram(fake.base_url, fake.base_file_url)
    await transport.start()
    try:
        t0 = time.perf_counter()
        pacer = Pacer()
        sent = 0
        while sent < chats and time.perf_counter() - t0 < chats / 10 + 60:
            # a moving clock, as in the bot: after a 429 the rows wait its retry_after
            res = await dispatch_due_by_clock(
                lambda: Session(engine),
                {"telegram": transport},
                lambda: NOW + dt.timedelta(seconds=time.perf_counter() - t0),
                pacer=pacer,
            )
            sent += res.sent
            if sent < chats:
                await asyncio.sleep(0.5)
        wall = time.perf_counter() - t0
        st = fake.stats()
    finally:
        await transport.close()
        stop(proc)
        engine.dispose()
    span = (st["last_send_at"] - st["first_send_at"]) if st["delivered"] > 1 else 0.0
    rate = (st["delivered"] - 1) / span if span else 0.0
    report(
        "paced: delivered / chats",
        f"{st['delivered']} / {chats}",
        f"(sent recorded {sent}, wall {wall:.1f} s)",
    )
    report("paced: achieved rate", f"{rate:.2f} msg/s", f"= {rate / 30 * 100:.1f}% of 30 msg/s")
    report("paced: 429 caused", str(st["rate_limited"]), "(target 0)")


async def raw_transport(fake_base: str, file_base: str, n: int, concurrency: int) -> float:
    """Baseline: the bare transport, same messages, same concurrency, no database."""
    transport = telegram(fake_base, file_base)
    await transport.start()
    sem = asyncio.Semaphore(concurrency)
    msg = OutgoingMessage(text="📢 PHÁT ĐỘNG PHONG TRÀO THI ĐUA\n" + "x" * 400, broadcast=True)

    async def one(i: int) -> None:
        async with sem:
            await transport.send(str(900_000 + i), msg)

    try:
        t0 = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        return n / (time.perf_counter() - t0)
    finally:
        await transport.close()


class NullTransport:
    """Accepts every message at once (measures the outbox alone)."""

    platform = "telegram"

    def __init__(self) -> None:
        self.count = 0

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        self.count += 1
        return str(self.count)


async def throughput(dbs: Databases, n: int, backends: list[str], concurrency: int) -> None:
    """Outbox throughput with the limits lifted."""
    print(f"[throughput, {n} messages, limits lifted, concurrency {concurrency}]", flush=True)
    proc, fake = start_fake_telegram()
    try:
        base = await raw_transport(fake.base_url, fake.base_file_url, n, concurrency)
        report("baseline: bare transport -> fake server", f"{base:.0f} msg/s", "(no database)")
        for backend in backends:
            for kind in ("fake server", "null transport"):
                url = dbs.sqlite() if backend == "sqlite" else dbs.postgres()
                engine = launch_db(url, n)
                factory = functools.partial(Session, engine)
                transport = (
                    telegram(fake.base_url, fake.base_file_url)
                    if kind == "fake server"
                    else NullTransport()
                )
                if isinstance(transport, TelegramTransport):
                    await transport.start()
                cfg = DispatchConfig(batch_size=500, concurrency=concurrency)
                t0 = time.perf_counter()
                res = await dispatch_due(
                    factory, {"telegram": transport}, NOW, pacer=Pacer.unlimited(), config=cfg
                )
                rate = res.sent / (time.perf_counter() - t0)
                if isinstance(transport, TelegramTransport):
                    await transport.close()
                assert sent_count(engine) == n, "not everything was sent"
                engine.dispose()
                note = f"= {rate / base:.2f} x baseline" if kind == "fake server" else ""
                report(f"outbox {backend} -> {kind}", f"{rate:.0f} msg/s", note)
    finally:
        stop(proc)


def planning(dbs: Databases, chats: int, deadlines: int, backends: list[str]) -> None:
    """plan_reminders over chats x deadlines."""
    print(f"[planning {chats} chats x {deadlines} deadlines]", flush=True)
    days: list[dt.date] = []
    day = NOW.date()
    while len(days) < deadlines:  # one cut-off per working day from today on
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    for backend in backends:
        url = dbs.sqlite() if backend == "sqlite" else dbs.postgres()
        engine = open_database(url)
        add_many_chats(engine, chats, start=200_000)
        with Session(engine) as s:
            add_campaign(s, "c1", end=days[-1])
            s.commit()
        with engine.begin() as conn:
            conn.execute(
                insert(DeadlineRow.__table__),
                [  # type: ignore[attr-defined]
                    {
                        "id": f"dl{i:03d}",
                        "campaign_id": "c1",
                        "kind": "other",
                        "due": d,
                        "date_text": "",
                        "what": f"Hạn {i}",
                        "recipient": None,
                        "via": None,
                        "quote": "",
                        "section": None,
                    }
                    for i, d in enumerate(days)
                ],
            )
        for run in ("first", "second"):
            with Session(engine) as s:
                t0 = time.perf_counter()
                res = plan_reminders(s, NOW)
                s.commit()
                took = time.perf_counter() - t0
            report(
                f"planning {backend} ({run} run)",
                f"{took:.2f} s",
                f"(inserted {res.inserted}, targets {res.targets}, chats {res.chats})",
            )
        engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paced-chats", type=int, default=10_000)
    parser.add_argument("--throughput-messages", type=int, default=5_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--plan-chats", type=int, default=10_000)
    parser.add_argument("--plan-deadlines", type=int, default=100)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument(
        "--skip", action="append", default=[], help="paced | throughput | planning"
    )
    args = parser.parse_args()
    backends = ["sqlite"] if args.skip_pg else ["sqlite", "postgres"]
    dbs = Databases()
    try:
        if "planning" not in args.skip:
            planning(dbs, args.plan_chats, args.plan_deadlines, backends)
        if "throughput" not in args.skip:
            await throughput(dbs, args.throughput_messages, backends, args.concurrency)
        if "paced" not in args.skip and args.paced_chats:
            await paced_launch(dbs, args.paced_chats)
    finally:
        dbs.close()
    print()
    width = max(len(r[0]) for r in rows_out) if rows_out else 10
    print(f"{'measure':<{width}}  {'value':>14}  note")
    for name, value, note in rows_out:
        print(f"{name:<{width}}  {value:>14}  {note}")


if __name__ == "__main__":
    asyncio.run(main())
