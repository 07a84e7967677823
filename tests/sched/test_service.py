"""The bot-side wiring: two APScheduler ticks, the PostgreSQL dispatcher lock, the CLI."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from bot.cli import _register, app
from scheduler import claims
from scheduler.outbox import enqueue_launch
from scheduler.pacing import Pacer
from scheduler.service import DispatchLoop, SchedulerService
from tests.sched.memory_transport import MemoryTransport
from tests.sched.world import add_campaign, add_chat, add_deadline, local
from tests.waiting import LIMIT

D = dt.date
NOW = local(2025, 1, 10, 9)


def _launch(engine: Engine, n: int) -> None:
    with Session(engine) as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        for i in range(n):
            add_chat(s, str(100 + i))
        s.commit()
        enqueue_launch(s, "c1", NOW)
        s.commit()


async def test_service_has_exactly_two_ticks(sqlite_engine: Engine) -> None:
    service = SchedulerService(
        sqlite_engine, {"telegram": MemoryTransport()}, lambda: NOW, pacer=Pacer.unlimited()
    )
    await service.start()
    try:
        assert service.job_ids() == ["dispatch", "plan"]
    finally:
        await service.stop()


async def test_sqlite_loop_reaps_a_dead_process_claims_on_start(sqlite_engine: Engine) -> None:
    _launch(sqlite_engine, 3)
    with Session(sqlite_engine) as s:  # a previous process claimed and started, then died
        got = claims.claim(s, NOW, "dead:1:x", 10, dt.timedelta(minutes=2), ["telegram"])
        claims.mark_started(s, [got[0].id], "dead:1:x", NOW)
    tr = MemoryTransport()
    loop = DispatchLoop(sqlite_engine, {"telegram": tr}, lambda: NOW, pacer=Pacer.unlimited())
    res = await loop.tick()  # leases are still valid: only the fresh-start reap frees them
    assert res is not None and res.sent == 3


async def test_one_dispatcher_at_a_time_on_postgres(pg_url: str) -> None:
    from bot.db import open_database

    engine = open_database(pg_url)
    try:
        _launch(engine, 4)
        tr_a, tr_b = MemoryTransport(), MemoryTransport()
        a = DispatchLoop(engine, {"telegram": tr_a}, lambda: NOW, pacer=Pacer.unlimited())
        b = DispatchLoop(engine, {"telegram": tr_b}, lambda: NOW, pacer=Pacer.unlimited())
        assert (await a.tick()) is not None
        assert (await b.tick()) is None  # a holds the lock
        assert len(tr_a.sent) == 4 and tr_b.sent == []
        with Session(engine) as s:  # new work claimed by a, which then dies
            enqueue_launch(s, "c1", NOW)  # nothing new: idempotent
            add_chat(s, "999")
            s.commit()
            enqueue_launch(s, "c1", NOW)
            s.commit()
            claims.claim(s, NOW, a.worker, 10, dt.timedelta(minutes=2), ["telegram"])
        a.close()  # the lock's connection closes, as when the process is killed
        # the server frees a dead session's advisory lock once it has seen the connection
        # close, a moment later (longer on a loaded machine): b takes over at a tick after that
        res = await b.tick()
        deadline = time.monotonic() + LIMIT
        while res is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            res = await b.tick()
        assert res is not None and res.sent == 1 and [c for c, _ in tr_b.sent] == ["999"]
        b.close()
    finally:
        engine.dispose()


def test_cli_broadcast_outbox_and_reminders(sqlite_url: str, sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        add_chat(s, "100")
        add_chat(s, "200", follows=[("issuer", "Sở Y tế")])
        s.commit()
    if not app.registered_commands:  # another test module may have registered them
        _register()
    runner = CliRunner()
    db = ["--db", sqlite_url, "--now", "2025-01-28T09:00"]
    out = runner.invoke(
        app, ["broadcast", "Họp giao ban", "--to", "UBND tỉnh An Giang", "--json", *db]
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["queued"] == 1  # chat 100 follows all; 200 another issuer
    out = runner.invoke(app, ["outbox", "--json", *db])
    assert json.loads(out.output)["counts"] == {"pending": 1}
    out = runner.invoke(app, ["reminders", "--chat", "telegram:100", "--json", *db])
    data = json.loads(out.output)
    planned = [(p["ref_id"], p["lead"], p["send_at"][:16]) for p in data[0]["planned"]]
    # 28/01 is Tết: the 3-day reminder went out on 24/01, 1-day on 04/02, 0 on 05/02
    assert planned == [
        ("dl1", 3, "2025-01-24T08:00"),
        ("dl1", 1, "2025-02-04T08:00"),
        ("dl1", 0, "2025-02-05T08:00"),
    ]
    out = runner.invoke(app, ["reminders", *db])
    assert out.exit_code == 0 and "telegram:100" in out.output
