"""SIGKILL a dispatcher in the middle of a 2,000-chat broadcast; count at the fake server.

Every chat gets the message, none more than twice, and no more chats twice than sends that
were in flight (started, not recorded) when the process died.
"""

from __future__ import annotations

import signal
import time
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from bot.db import open_database
from scheduler.outbox import enqueue_launch
from scheduler.schedule_tables import OutboxRow
from tests.sched.procs import settled, start_dispatcher, start_fake_telegram, stop
from tests.sched.world import add_campaign, add_many_chats, local
from tests.waiting import wait_progress

N = 2000
NOW = "2025-01-10T09:00"


def _prepare(db_url: str) -> None:
    engine = open_database(db_url)
    add_many_chats(engine, N, start=10_000)
    with Session(engine) as s:
        add_campaign(s, "c1")
        s.commit()
        assert enqueue_launch(s, "c1", local(2025, 1, 10, 9)) == N
        s.commit()
    engine.dispose()


def _count(db_url: str, *conditions: object) -> int:
    engine = open_database(db_url)
    try:
        with Session(engine) as s:
            stmt = select(func.count()).select_from(OutboxRow)
            for c in conditions:
                stmt = stmt.where(c)  # type: ignore[arg-type]
            return int(s.execute(stmt).scalar_one())
    finally:
        engine.dispose()


def _sent(db_url: str) -> int:
    return _count(db_url, OutboxRow.status == "sent")


def _check(per_chat: Counter[str], in_flight: int, possibly: int) -> None:
    doubles = sum(1 for v in per_chat.values() if v > 1)
    print(f"chats {len(per_chat)}, doubles {doubles}, in flight {in_flight}, reaped {possibly}")
    assert len(per_chat) == N, f"{N - len(per_chat)} chats never got the launch"
    assert max(per_chat.values()) <= 2
    assert doubles <= in_flight, (doubles, in_flight)
    assert doubles <= possibly, (doubles, possibly)


@pytest.mark.slow
def test_sigkill_mid_broadcast_on_sqlite(sqlite_url: str) -> None:
    _prepare(sqlite_url)
    fake_proc, fake = start_fake_telegram()
    procs = []
    try:
        first = start_dispatcher(sqlite_url, fake, NOW, "--unpaced")
        procs.append(first)
        assert wait_progress(lambda: int(fake.stats()["delivered"]), 500), "no progress"
        first.send_signal(signal.SIGKILL)
        first.wait()
        delivered_at_kill = settled(lambda: int(fake.stats()["delivered"]))
        recorded_at_kill = _sent(sqlite_url)
        in_flight = delivered_at_kill - recorded_at_kill
        assert 0 < delivered_at_kill < N  # really mid-broadcast
        second = start_dispatcher(sqlite_url, fake, "2025-01-10T09:01", "--unpaced")
        procs.append(second)
        assert wait_progress(
            lambda: _sent(sqlite_url) + _count(sqlite_url, OutboxRow.status == "failed"), N
        ), "did not finish after restart"
        per_chat = Counter({k: int(v) for k, v in fake.stats()["delivered_per_chat"].items()})
        possibly = _count(sqlite_url, OutboxRow.possible_sends > 0)
        _check(per_chat, in_flight, possibly)
        assert _count(sqlite_url, OutboxRow.status == "failed") == 0
    finally:
        for p in procs:
            stop(p)
        stop(fake_proc)


@pytest.mark.slow
@pytest.mark.postgres
def test_sigkill_one_of_two_dispatchers_on_postgres(pg_url: str) -> None:
    _prepare(pg_url)
    fake_proc, fake = start_fake_telegram()
    procs = []
    try:
        a = start_dispatcher(pg_url, fake, NOW, "--unpaced")
        b = start_dispatcher(pg_url, fake, NOW, "--unpaced")
        procs += [a, b]
        assert wait_progress(lambda: int(fake.stats()["delivered"]), 500), "no progress"
        engine = open_database(pg_url)
        with Session(engine) as s:
            owners = (
                s.execute(
                    select(OutboxRow.claimed_by).where(OutboxRow.claimed_by.is_not(None))  # type: ignore[union-attr]
                )
                .scalars()
                .all()
            )
        engine.dispose()
        pids = {int(o.split(":")[1]) for o in owners}
        assert len(pids) == 1, f"only the lock holder dispatches: {pids}"
        victim = a if a.pid in pids else b
        survivor = b if victim is a else a
        recorded = _sent(pg_url)
        victim.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        victim.wait()
        delivered = int(fake.stats()["delivered"])
        in_flight_upper = delivered - recorded  # survivor sends only raise it: lenient order
        before = delivered
        assert wait_progress(lambda: int(fake.stats()["delivered"]), before + 6)
        takeover = time.monotonic() - killed_at
        print(f"takeover after the kill: {takeover:.1f} s")
        assert wait_progress(lambda: _sent(pg_url), N), "survivor did not finish"
        assert survivor.poll() is None
        per_chat = Counter({k: int(v) for k, v in fake.stats()["delivered_per_chat"].items()})
        possibly = _count(pg_url, OutboxRow.possible_sends > 0)
        _check(per_chat, in_flight_upper, possibly)
        # The advisory lock dies with the victim's connection: the survivor takes over well
        # before the victim's claims' lease (2 min) would have let it, however busy the machine.
        assert takeover < 100, f"takeover took {takeover:.1f}s"
    finally:
        for p in procs:
            stop(p)
        stop(fake_proc)
