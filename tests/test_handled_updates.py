"""The update ledger: answered updates are skipped across restarts; old rows are pruned."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from alembic import command
from bot.db import alembic_config, make_engine, open_database
from bot.handled_updates import UpdateLedger

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)


def _count(engine: Engine, platform: str | None = None) -> int:
    sql = "SELECT count(*) FROM handled_update"
    params = {}
    if platform:
        sql += " WHERE platform = :p"
        params["p"] = platform
    with engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


async def test_answered_once_across_restarts_and_platforms(db_url: str) -> None:
    engine = open_database(db_url)
    tg = UpdateLedger(engine, "telegram")
    assert await tg.begin("m:1:1")
    assert not await tg.begin("m:1:1")  # a repeat while in flight
    assert _count(engine) == 0  # nothing recorded before the reply went out
    await tg.finish("m:1:1", "1", NOW)
    assert not await tg.begin("m:1:1")
    restarted = UpdateLedger(engine, "telegram")  # a new process: only the database knows
    assert not await restarted.begin("m:1:1")
    assert await restarted.begin("m:1:2")
    assert await UpdateLedger(engine, "zalo").begin("m:1:1")  # keys are per platform
    await restarted.finish("m:1:1", "1", NOW)  # recording twice (another process) is harmless
    assert _count(engine) == 1
    engine.dispose()


async def test_released_update_is_handled_again(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    ledger = UpdateLedger(engine, "zalo")
    assert await ledger.begin("abc")
    ledger.release("abc")  # handling failed before any reply
    assert await ledger.begin("abc")
    engine.dispose()


async def test_concurrent_repeats_only_one_begins(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    ledger = UpdateLedger(engine, "zalo")
    results = await asyncio.gather(*(ledger.begin("same") for _ in range(5)))
    assert sorted(results) == [False, False, False, False, True]
    engine.dispose()


async def test_old_rows_pruned_at_most_hourly(db_url: str) -> None:
    engine = open_database(db_url)
    ledger = UpdateLedger(engine, "telegram", keep=dt.timedelta(days=7),
                          prune_every=dt.timedelta(hours=1))
    other = UpdateLedger(engine, "zalo")
    for day in range(10):
        ledger.record_sync(f"m:1:{day}", "1", NOW + dt.timedelta(days=day))
        other.record_sync(f"z{day}", "1", NOW + dt.timedelta(days=day))
    later = NOW + dt.timedelta(days=10)
    assert await ledger.maybe_prune(later) == 3  # days 0, 1, 2 are older than 7 days
    assert _count(engine, "telegram") == 7 and _count(engine, "zalo") == 10
    assert await ledger.maybe_prune(later + dt.timedelta(days=1, minutes=-30)) == 1
    # finishing an update prunes too, but not more often than once an hour
    await ledger.finish("m:1:99", "1", later + dt.timedelta(days=1, minutes=-10))
    assert _count(engine, "telegram") == 7
    await ledger.finish("m:1:100", "1", later + dt.timedelta(days=1, minutes=40))
    assert _count(engine, "telegram") == 7  # day 4 went, two new rows came
    assert not await ledger.begin("m:1:9")  # recent rows are kept
    engine.dispose()


def test_migration_moves_answered_zalo_rows(db_url: str) -> None:
    engine = make_engine(db_url)
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    command.upgrade(cfg, "0003_platform")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO zalo_seen_message (message_id, chat_id, seen_at, done_at) "
                 "VALUES (:m, :c, :s, :d)"),
            [{"m": "answered", "c": "u1", "s": NOW, "d": NOW},
             {"m": "crashed", "c": "u2", "s": NOW, "d": None}],
        )
    command.upgrade(cfg, "head")
    assert "zalo_seen_message" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT platform, update_key, chat_id FROM handled_update"))
        assert [tuple(r) for r in rows] == [("zalo", "answered", "u1")]
    command.downgrade(cfg, "0003_platform")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT message_id, chat_id FROM zalo_seen_message"))
        assert [tuple(r) for r in rows] == [("answered", "u1")]
    assert "handled_update" not in inspect(engine).get_table_names()
    engine.dispose()
