"""Delivery with an in-memory transport: texts, catch-up, quiet hours, 429/5xx/403/migration."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from scheduler import claims
from scheduler.dispatch_config import DispatchConfig
from scheduler.dispatcher import dispatch_due
from scheduler.outbox import enqueue_broadcast, enqueue_launch, launch_stats, retry_failed
from scheduler.pacing import Pacer
from scheduler.planning.run import plan_reminders
from scheduler.schedule_tables import ChatRow, OutboxRow
from scheduler.transport import (
    ChatGone,
    ChatMigrated,
    OutcomeUnknown,
    PermanentError,
    RetryAfter,
    TransientError,
)
from tests.sched.memory_transport import MemoryTransport
from tests.sched.world import add_campaign, add_chat, add_deadline, add_many_chats, local

D = dt.date
Factory = Callable[[], Session]


def _rows(factory: Factory, **where: object) -> list[OutboxRow]:
    with factory() as s:
        stmt = select(OutboxRow).order_by(OutboxRow.id)  # type: ignore[arg-type]
        for name, value in where.items():
            stmt = stmt.where(getattr(OutboxRow, name) == value)
        return list(s.execute(stmt).scalars())


async def _dispatch(factory: Factory, tr: MemoryTransport, now: dt.datetime, **kw: object):  # type: ignore[no-untyped-def]
    return await dispatch_due(factory, {tr.platform: tr}, now, pacer=Pacer.unlimited(), **kw)  # type: ignore[arg-type]


def _launch_world(factory: Factory, n: int = 3) -> list[int]:
    with factory() as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        pks = [add_chat(s, str(100 + i)).id for i in range(n)]
        s.commit()
        enqueue_launch(s, "c1", local(2025, 1, 10, 9))
        s.commit()
    return [pk for pk in pks if pk is not None]


async def test_launch_is_sent_once_with_its_text(factory: Factory) -> None:
    _launch_world(factory)
    tr = MemoryTransport()
    res = await _dispatch(factory, tr, local(2025, 1, 10, 9))
    assert res.sent == 3 and sorted(c for c, _ in tr.sent) == ["100", "101", "102"]
    text = tr.sent[0][1].text
    assert "Phong trào thi đua yêu nước năm 2025" in text and "UBND tỉnh An Giang" in text
    assert "05/02/2025" in text and "Kế hoạch 31/KH-UBND ngày 02/01/2025" in text
    assert tr.sent[0][1].broadcast
    assert all(r.status == "sent" and r.platform_message_id for r in _rows(factory))
    again = await _dispatch(factory, tr, local(2025, 1, 10, 10))
    assert again.claimed == 0 and len(tr.sent) == 3
    with factory() as s:
        stats = launch_stats(s, None)
    assert (stats.campaign_id, stats.sent, stats.pending, stats.failed) == ("c1", 3, 0, 0)


async def test_reminder_text_counts_days_at_send_time(lite: Factory) -> None:
    with lite() as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        add_chat(s, "100")
        s.commit()
        plan_reminders(s, local(2025, 1, 19, 12))  # 7-day reminder for Mon 20/01 08:00
        s.commit()
    tr = MemoryTransport()
    assert (await _dispatch(lite, tr, local(2025, 1, 19, 12))).claimed == 0  # not yet due
    res = await _dispatch(lite, tr, local(2025, 1, 20, 8))
    assert res.sent == 1
    msg = tr.sent[0][1]
    assert "Gửi bản đăng ký thi đua" in msg.text
    assert "Thứ Tư, 05/02/2025 — còn 16 ngày (7 ngày làm việc)" in msg.text
    assert "Gửi về: Sở Nội vụ (qua Ban Thi đua - Khen thưởng)" in msg.text
    assert "Căn cứ: Kế hoạch 31/KH-UBND ngày 02/01/2025 của UBND tỉnh An Giang, mục III.1" in (
        msg.text
    )
    assert msg.buttons == ((("✅ Đã nộp", "done:dl1"), ("⏰ Nhắc lại sau", "snooze:7:dl1")),)


async def test_downtime_sends_latest_missed_reminder_with_todays_count(lite: Factory) -> None:
    with lite() as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        add_deadline(s, "dl0", D(2025, 2, 3))
        add_chat(s, "100")
        s.commit()
        plan_reminders(s, local(2025, 1, 19, 12))
        s.commit()
    # the bot was down from 19/01 to 04/02 10:00: plan on start, then dispatch
    now = local(2025, 2, 4, 10)
    with lite() as s:
        plan_reminders(s, now)
        s.commit()
    tr = MemoryTransport()
    res = await _dispatch(lite, tr, now)
    texts = tr.texts_to("100")
    assert res.sent == 1 and len(texts) == 1  # dl0 (03/02) is past: nothing for it
    assert "05/02/2025 — ngày mai là hạn cuối" in texts[0]
    assert {r.status for r in _rows(lite, ref_id="dl0")} == {"cancelled"}


async def test_past_cutoff_row_is_cancelled_not_sent(lite: Factory) -> None:
    with lite() as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        add_chat(s, "100")
        s.commit()
        plan_reminders(s, local(2025, 2, 4, 12))
        s.commit()
    tr = MemoryTransport()
    # no planning on start this time: the dispatcher itself refuses a reminder whose day passed
    res = await _dispatch(lite, tr, local(2025, 2, 6, 9))
    assert res.sent == 0 and res.cancelled >= 1 and tr.sent == []


async def test_quiet_hours_defer_until_morning(lite: Factory) -> None:
    _launch_world(lite, 1)
    tr = MemoryTransport()
    res = await _dispatch(lite, tr, local(2025, 1, 10, 22, 30))
    assert res.sent == 0 and res.deferred == 1
    row = _rows(lite)[0]
    assert row.status == "pending" and row.next_attempt_at == local(2025, 1, 11, 7)
    assert (await _dispatch(lite, tr, local(2025, 1, 11, 6, 59))).claimed == 0
    assert (await _dispatch(lite, tr, local(2025, 1, 11, 7))).sent == 1


async def test_429_waits_retry_after_and_resends_the_same_message(lite: Factory) -> None:
    _launch_world(lite, 3)
    tr = MemoryTransport()
    tr.fail("100", RetryAfter(7))
    now = local(2025, 1, 10, 9)
    res = await _dispatch(lite, tr, now, config=DispatchConfig(concurrency=1, chunks_in_flight=1))
    assert res.rate_limited == 1 and res.sent == 0 and res.deferred == 2  # platform held
    assert {r.next_attempt_at for r in _rows(lite)} == {now + dt.timedelta(seconds=7)}
    assert all(r.attempts == 0 for r in _rows(lite))
    assert (await _dispatch(lite, tr, now + dt.timedelta(seconds=6))).claimed == 0
    res = await _dispatch(lite, tr, now + dt.timedelta(seconds=7))
    assert res.sent == 3 and Counter(c for c, _ in tr.sent) == {"100": 1, "101": 1, "102": 1}


async def test_5xx_backs_off_then_fails_visibly_and_can_be_retried(factory: Factory) -> None:
    _launch_world(factory, 1)
    tr = MemoryTransport()
    cfg = DispatchConfig(max_attempts=3)
    tr.fail("100", TransientError("502"), TransientError("503"), TransientError("504"))
    now = local(2025, 1, 10, 9)
    await _dispatch(factory, tr, now, config=cfg)
    row = _rows(factory)[0]
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == now + dt.timedelta(seconds=10)
    now = row.next_attempt_at
    await _dispatch(factory, tr, now, config=cfg)
    row = _rows(factory)[0]
    assert row.next_attempt_at == now + dt.timedelta(seconds=20)  # doubled
    await _dispatch(factory, tr, row.next_attempt_at, config=cfg)
    row = _rows(factory)[0]
    assert row.status == "failed" and "504" in (row.last_error or "")
    with factory() as s:
        assert launch_stats(s, "c1").failed == 1
        assert retry_failed(s, None, row.next_attempt_at) == 1
        s.commit()
    res = await _dispatch(factory, tr, row.next_attempt_at, config=cfg)
    assert res.sent == 1 and tr.texts_to("100")


async def test_403_deactivates_the_chat_and_never_retries(factory: Factory) -> None:
    pks = _launch_world(factory, 2)
    with factory() as s:
        enqueue_broadcast(s, "Thông báo họp", "all", local(2025, 1, 10, 9))
        s.commit()
    tr = MemoryTransport()
    tr.fail("100", ChatGone("Forbidden: bot was blocked by the user"))
    res = await _dispatch(
        factory,
        tr,
        local(2025, 1, 10, 9),
        config=DispatchConfig(concurrency=1, chunks_in_flight=1),
    )
    assert res.deactivated == 1 and tr.calls.count("100") == 1
    assert tr.texts_to("101") and len(tr.texts_to("101")) == 2
    with factory() as s:
        chat = s.get(ChatRow, pks[0])
        assert chat is not None and not chat.active
        assert "blocked" in (chat.deactivated_reason or "")
        stats = launch_stats(s, "c1")
        assert (stats.sent, stats.chats_deactivated) == (1, 1)
        assert retry_failed(s, None, local(2025, 1, 10, 10)) == 0
    statuses = {r.kind: r.status for r in _rows(factory, chat_pk=pks[0])}
    assert statuses == {"launch": "cancelled", "broadcast": "cancelled"}
    assert (await _dispatch(factory, tr, local(2025, 1, 11, 9))).claimed == 0


async def test_migration_moves_the_chat_and_retries_once(lite: Factory) -> None:
    pks = _launch_world(lite, 1)
    tr = MemoryTransport()
    tr.fail("100", ChatMigrated("-100555"))
    res = await _dispatch(lite, tr, local(2025, 1, 10, 9))
    assert res.migrated == 1 and res.sent == 1
    assert tr.calls == ["100", "-100555"] and tr.texts_to("-100555")
    with lite() as s:
        chat = s.get(ChatRow, pks[0])
        assert chat is not None and chat.chat_id == "-100555"


async def test_outcome_unknown_is_retried_at_most_once(lite: Factory) -> None:
    _launch_world(lite, 2)
    tr = MemoryTransport()
    tr.fail("100", OutcomeUnknown("timeout after send"))
    tr.fail("101", OutcomeUnknown("timeout"), OutcomeUnknown("timeout"))
    now = local(2025, 1, 10, 9)
    await _dispatch(lite, tr, now)
    later = now + dt.timedelta(minutes=1)
    res = await _dispatch(lite, tr, later)
    assert res.sent == 1 and res.failed == 1
    by_chat = {r.chat_pk: r for r in _rows(lite)}
    assert sorted((r.status, r.possible_sends) for r in by_chat.values()) == [
        ("failed", 2),
        ("sent", 1),
    ]
    assert tr.calls.count("101") == 2  # never a third time on its own


async def test_permanent_error_fails_without_retry(lite: Factory) -> None:
    _launch_world(lite, 1)
    tr = MemoryTransport()
    tr.fail("100", PermanentError("Bad Request: message is too long"))
    res = await _dispatch(lite, tr, local(2025, 1, 10, 9))
    assert res.failed == 1 and _rows(lite)[0].status == "failed"


def test_reaping_counts_started_sends_as_possibly_sent(engine: Engine) -> None:
    factory = lambda: Session(engine)  # noqa: E731
    _launch_world(factory, 3)
    now = local(2025, 1, 10, 9)
    with factory() as s:
        got = claims.claim(s, now, "dead", 10, dt.timedelta(minutes=2), ["telegram"])
        claims.mark_started(s, [got[0].id], "dead", now)
        s.execute(
            OutboxRow.__table__.update()  # type: ignore[attr-defined]
            .where(OutboxRow.__table__.c.id == got[1].id)  # type: ignore[attr-defined]
            .values(possible_sends=1, send_started_at=now)
        )
        s.commit()
        assert claims.reap(s, now + dt.timedelta(minutes=1)) == 0  # leases still valid
        assert claims.reap(s, now + dt.timedelta(minutes=3)) == 3
    rows = {r.id: r for r in _rows(factory)}
    assert (rows[got[0].id].status, rows[got[0].id].possible_sends) == ("pending", 1)
    assert (rows[got[1].id].status, rows[got[1].id].possible_sends) == ("failed", 2)
    assert (rows[got[2].id].status, rows[got[2].id].possible_sends) == ("pending", 0)


async def test_two_dispatchers_never_send_a_row_twice(engine: Engine) -> None:
    add_many_chats(engine, 300)
    factory = lambda: Session(engine)  # noqa: E731
    with factory() as s:
        add_campaign(s, "c1")
        s.commit()
        assert enqueue_launch(s, "c1", local(2025, 1, 10, 9)) == 300
        s.commit()
    tr = MemoryTransport(delay=0.001)
    cfg = DispatchConfig(batch_size=20, concurrency=5)
    now = local(2025, 1, 10, 9)
    r1, r2 = await asyncio.gather(
        dispatch_due(
            factory,
            {"telegram": tr},
            now,
            pacer=Pacer.unlimited(),
            config=DispatchConfig(batch_size=20, concurrency=5, worker_id="w1"),
        ),
        dispatch_due(
            factory,
            {"telegram": tr},
            now,
            pacer=Pacer.unlimited(),
            config=DispatchConfig(batch_size=20, concurrency=5, worker_id="w2"),
        ),
    )
    counts = Counter(c for c, _ in tr.sent)
    assert len(counts) == 300 and max(counts.values()) == 1
    assert r1.sent + r2.sent == 300 and r1.sent > 0 and r2.sent > 0
    assert cfg.batch_size == 20


@pytest.mark.parametrize("group", [False, True])
async def test_chat_pace_reschedules_rather_than_blocks(lite: Factory, group: bool) -> None:
    with lite() as s:
        add_campaign(s, "c1")
        add_chat(s, "-5", kind="group" if group else "private")
        s.commit()
        for i in range(3):
            enqueue_broadcast(s, f"Tin {i}", "all", local(2025, 1, 10, 9, i))
        s.commit()
    tr = MemoryTransport()
    now = local(2025, 1, 10, 9, 5)
    res = await dispatch_due(
        lite, {"telegram": tr}, now, pacer=Pacer(), config=DispatchConfig(max_chat_wait=0.0)
    )
    # one message now; the others wait for the chat's spacing (1 s, or 3 s in a group)
    assert res.sent == 1 and res.deferred == 2
    waits = sorted(r.next_attempt_at - now for r in _rows(lite, status="pending"))
    step = 3.0 if group else 1.0
    assert all(dt.timedelta(seconds=step * 0.5) <= w <= dt.timedelta(seconds=step) for w in waits)
