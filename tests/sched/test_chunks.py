"""Chunk sizing of delivery and bulk recording (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from scheduler import claims
from scheduler.dispatch_config import DispatchConfig, chunk_size
from scheduler.dispatcher import dispatch_due
from scheduler.outbox import enqueue_launch
from scheduler.pacing import Pacer
from scheduler.schedule_tables import OutboxRow
from tests.sched.memory_transport import MemoryTransport
from tests.sched.world import add_campaign, add_many_chats, local

Factory = Callable[[], Session]
NOW = local(2025, 1, 10, 9)


def test_chunk_size_follows_the_observed_rate() -> None:
    cfg = DispatchConfig(concurrency=32, max_chunk=500, chunk_seconds=0.5)
    assert chunk_size(None, cfg) == 32  # nothing measured yet: one round of sends
    assert chunk_size(29.5, cfg) == 32  # paced: about a second of sends, never below 32
    assert chunk_size(150.0, cfg) == 75
    assert chunk_size(5000.0, cfg) == 500
    assert chunk_size(math.inf, cfg) == 500
    assert chunk_size(10.0, DispatchConfig(concurrency=1, max_chunk=500)) == 5
    assert chunk_size(None, DispatchConfig(concurrency=1)) == 1


def _launch(engine: Engine, n: int) -> None:
    add_many_chats(engine, n, start=1000)
    with Session(engine) as s:
        add_campaign(s, "c1")
        s.commit()
        enqueue_launch(s, "c1", NOW)
        s.commit()


def _statuses(engine: Engine) -> Counter[str]:
    with Session(engine) as s:
        return Counter(
            dict(
                s.execute(
                    select(OutboxRow.status, func.count()).group_by(OutboxRow.status)  # type: ignore[arg-type]
                ).all()
            )
        )


async def test_large_chunks_send_and_record_every_row_once(engine: Engine) -> None:
    _launch(engine, 1200)
    tr = MemoryTransport()
    cfg = DispatchConfig(batch_size=500, concurrency=8, max_chunk=300)
    res = await dispatch_due(
        lambda: Session(engine), {"telegram": tr}, NOW, pacer=Pacer.unlimited(), config=cfg
    )
    assert res.sent == 1200 and res.claimed == 1200
    assert Counter(c for c, _ in tr.sent) == {str(1000 + i): 1 for i in range(1200)}
    assert _statuses(engine) == {"sent": 1200}
    with Session(engine) as s:
        ids = s.execute(select(OutboxRow.platform_message_id)).scalars().all()  # type: ignore[call-overload]
        assert len(set(ids)) == 1200 and None not in ids


async def test_a_failed_record_is_raised_and_its_rows_are_not_lost(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _launch(engine, 100)
    real = claims.record
    calls = [0]

    def flaky(session: Session, outcomes, worker, now):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 1:
            raise RuntimeError("database went away")
        return real(session, outcomes, worker, now)

    monkeypatch.setattr(claims, "record", flaky)
    tr = MemoryTransport()
    cfg = DispatchConfig(batch_size=50, concurrency=10, max_chunk=10)
    with pytest.raises(RuntimeError, match="went away"):
        await dispatch_due(
            lambda: Session(engine), {"telegram": tr}, NOW, pacer=Pacer.unlimited(), config=cfg
        )
    left = _statuses(engine)
    assert left["claimed"] >= 10  # the unrecorded chunk stays claimed, sends started
    # the lease runs out: the claims come back (possibly sent once), then everything is sent
    later = NOW + dt.timedelta(minutes=3)
    res = await dispatch_due(
        lambda: Session(engine), {"telegram": tr}, later, pacer=Pacer.unlimited(), config=cfg
    )
    assert _statuses(engine) == {"sent": 100}
    per_chat = Counter(c for c, _ in tr.sent)
    assert len(per_chat) == 100 and max(per_chat.values()) <= 2
    assert res.sent == 100 - left["sent"]
