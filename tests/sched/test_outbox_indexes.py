"""The outbox's launch index covers launch rows only, and the launch queries can use it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from scheduler.outbox import enqueue_launch, launch_stats
from scheduler.schedule_tables import OutboxRow
from scheduler.sql import is_launch
from tests.sched.world import add_campaign, add_chat

OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]


def _index_sql(session: Session, engine: Engine) -> str:
    """The launch index's definition as the database stores it."""
    if engine.dialect.name == "sqlite":
        sql = "SELECT sql FROM sqlite_master WHERE name = 'ix_outbox_launch'"
    else:
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_outbox_launch'"
    return str(session.execute(text(sql)).scalar_one())


def test_launch_index_is_partial_and_kind_is_not_indexed(engine: Engine) -> None:
    names = {ix["name"] for ix in inspect(engine).get_indexes("outbox")}
    assert "ix_outbox_launch" in names and "ix_outbox_kind" not in names
    now = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    with Session(engine) as s:
        add_campaign(s, "c1")
        pks = [add_chat(s, str(100 + i)).id for i in range(3)]
        s.commit()
        assert enqueue_launch(s, "c1", now) == 3
        s.commit()
        s.execute(
            OUTBOX.insert(),
            [
                {
                    "key": f"reminder:x:0:telegram:{i}",
                    "kind": "reminder",
                    "priority": 0,
                    "chat_pk": pks[0],
                    "platform": "telegram",
                    "status": "pending",
                    "send_at": now,
                    "next_attempt_at": now,
                    "attempts": 0,
                    "possible_sends": 0,
                    "migrations": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(5)
            ],
        )
        s.commit()
        definition = _index_sql(s, engine).replace("(", "").replace(")", "")
        assert "WHERE kind" in definition and "'launch'" in definition, definition
        if engine.dialect.name == "postgresql":  # its entries: the launches, no reminder
            s.execute(text("ANALYZE outbox"))
            entries = "SELECT reltuples::int FROM pg_class WHERE relname = 'ix_outbox_launch'"
            assert s.execute(text(entries)).scalar_one() == 3
        assert launch_stats(s, None).campaign_id == "c1"


def test_the_latest_launch_is_planned_through_the_partial_index(engine: Engine) -> None:
    query = (
        select(OUTBOX.c.campaign_id)
        .where(is_launch(OUTBOX))
        .order_by(OUTBOX.c.created_at.desc(), OUTBOX.c.id.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        compiled = query.compile(engine)
        params: object = compiled.params  # named (PostgreSQL's driver)
        prefix = "EXPLAIN"
        if engine.dialect.name == "sqlite":
            params = tuple(compiled.params[name] for name in compiled.positiontup or ())
            prefix = "EXPLAIN QUERY PLAN"
        else:  # an empty table: only a forbidden seq scan makes the planner show its choice
            conn.exec_driver_sql("SET enable_seqscan = off")
        plan = conn.exec_driver_sql(f"{prefix} {compiled}", params).all()
    assert any("ix_outbox_launch" in str(row[-1]) for row in plan), plan
