"""The webhook inbox: stored before the 200, replayed after a stop, poison set aside, pruned."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest

from bot.db import open_database
from bot.webhook_inbox import MAX_STARTS, WebhookInbox

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)


async def test_stored_until_done_and_resends_not_handled_twice(db_url: str) -> None:
    engine = open_database(db_url)
    tg, zl = WebhookInbox(engine, "telegram"), WebhookInbox(engine, "zalo")
    assert await tg.store([("1", '{"update_id": 1}'), ("2", '{"update_id": 2}')], NOW) == {
        "1", "2"}
    assert await tg.store([("2", '{"update_id": 2}'), ("3", '{"update_id": 3}')], NOW) == {"3"}
    assert await zl.store([("1", '{"zalo": 1}')], NOW) == {"1"}  # platforms kept apart
    await tg.done("2")
    assert [r.update_key for r in tg.pending_sync()] == ["1", "3"]
    assert [r.payload for r in zl.pending_sync()] == ['{"zalo": 1}']
    assert await tg.store([], NOW) == set()


async def test_replayed_on_each_start_until_poison(db_url: str,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    engine = open_database(db_url)
    inbox = WebhookInbox(engine, "zalo")
    await inbox.store([("b", "{}"), ("a", "{}")], NOW)
    await inbox.store([("c", "{}")], NOW + dt.timedelta(seconds=1))
    for start in range(1, MAX_STARTS + 1):
        # a new process each time: only the database knows
        replayed = await WebhookInbox(engine, "zalo").replay(NOW + dt.timedelta(minutes=start))
        assert [key for key, _ in replayed] == (["a", "b", "c"] if start == 1 else ["a", "b"])
        if start == 1:
            await inbox.done("c")  # c finished on the first replay; a and b kill the process
    caplog.set_level(logging.ERROR)
    assert await inbox.replay(NOW + dt.timedelta(hours=1)) == []
    poison = inbox.pending_sync()
    assert sorted((r.update_key, r.starts) for r in poison) == [
        ("a", MAX_STARTS + 1), ("b", MAX_STARTS + 1)]
    assert all(r.poisoned_at is not None for r in poison)
    assert caplog.text.count("kept as poison") == 2
    assert await inbox.replay(NOW + dt.timedelta(hours=2)) == []  # logged once, kept aside


async def test_old_rows_pruned_on_start(db_url: str) -> None:
    engine = open_database(db_url)
    inbox = WebhookInbox(engine, "telegram")
    await inbox.store([("old", "{}")], NOW)
    await inbox.store([("new", "{}")], NOW + dt.timedelta(days=6))
    replayed = await inbox.replay(NOW + dt.timedelta(days=7, hours=1))
    assert [key for key, _ in replayed] == ["new"]
    assert [r.update_key for r in inbox.pending_sync()] == ["new"]
