"""The pacer: live answers never queue behind outbox messages; chat spacing; paid lane."""

from __future__ import annotations

import asyncio
import math

import pytest

from scheduler.pacing import Pacer, PlatformLimits, SendWindow


async def test_live_answer_overtakes_a_queued_broadcast() -> None:
    pacer = Pacer({"telegram": PlatformLimits(per_second=100.0)})
    order: list[str] = []

    async def outbox(i: int) -> None:
        async with pacer.outbox_send("telegram", broadcast=True):
            order.append(f"b{i}")

    tasks = [asyncio.create_task(outbox(i)) for i in range(15)]
    await asyncio.sleep(0)  # the broadcast is queued
    await pacer.live_slot("telegram", "42")
    order.append("live")
    await asyncio.gather(*tasks)
    # only the one outbox message already waiting for the budget may go first
    assert order.index("live") <= 2, order


async def test_chat_spacing_books_slots_or_refuses() -> None:
    clock = [100.0]
    pacer = Pacer(
        {"telegram": PlatformLimits(per_second=None, chat_interval=1.0, group_interval=3.0)},
        clock=lambda: clock[0],
    )
    assert pacer.reserve_chat("telegram", "1", False, max_wait=1.0) == 0.0
    assert pacer.reserve_chat("telegram", "1", False, max_wait=1.0) == 1.0
    assert pacer.reserve_chat("telegram", "1", False, max_wait=1.0) == -1.0  # 2 s away
    assert pacer.reserve_chat("telegram", "-5", True, max_wait=0.0) == 0.0
    assert pacer.reserve_chat("telegram", "-5", True, max_wait=0.0) == -1.0
    assert pacer.chat_wait("telegram", "-5") == 3.0
    clock[0] += 3.0
    assert pacer.reserve_chat("telegram", "-5", True, max_wait=0.0) == 0.0


async def test_paid_broadcast_lane_does_not_use_the_free_budget() -> None:
    limits = PlatformLimits(per_second=1.0, paid_broadcast_per_second=1000.0)
    pacer = Pacer({"telegram": limits})
    done: list[int] = []

    async def paid(i: int) -> None:
        async with pacer.outbox_send("telegram", broadcast=True):
            done.append(i)

    # 20 paid broadcasts would take 20 s in the 1/s free budget; they all pass at once here
    await asyncio.wait_for(asyncio.gather(*(paid(i) for i in range(20))), timeout=2.0)
    assert len(done) == 20


def test_send_window_counts_sends_until_a_period_after_their_answer() -> None:
    w = SendWindow(limit=3, period=1.0, margin=0.01)
    tokens = [w.start(10.0), w.start(10.0), w.start(10.05)]
    assert w.wait(10.1) == math.inf  # all three in flight: only an answer can free a place
    w.finish(tokens[1], 10.02)
    # answered at 10.02: certainly out of the server's window from 11.03 on
    assert w.wait(10.1) == pytest.approx(0.93)
    assert w.wait(11.029) > 0
    assert w.wait(11.03) == 0.0
    w.start(11.03)
    assert w.counted(11.03) == 3
    assert w.in_flight() == 3


def test_send_window_a_late_catch_up_cannot_overfill_the_servers_second() -> None:
    # 30 per second; the sender's clock stalls, then it tries to send everything it owes
    w = SendWindow(limit=30, period=1.0, margin=0.0)
    starts: list[float] = []
    now = 0.0
    for i in range(30):
        now = i / 30
        assert w.wait(now) == 0.0
        token = w.start(now)
        starts.append(now)
        w.finish(token, now + 0.005)  # answered 5 ms later
    now = 1.2  # woke up late: the next sends are all due at once
    sent_now = 0
    while w.wait(now) == 0.0:
        w.finish(w.start(now), now + 0.005)
        sent_now += 1
    # only the sends answered more than a second ago have left the window
    assert sent_now == sum(1 for s in starts if s + 0.005 + 1.0 <= now)
    # and no span of one second ever holds more than 30 starts
    assert w.counted(now) == 30


def test_send_window_wait_is_the_kth_expiry() -> None:
    w = SendWindow(limit=2, period=1.0, margin=0.0)
    a, b, c = w.start(0.0), w.start(0.0), w.start(0.0)  # over-filled by a caller ignoring wait
    w.finish(a, 0.5)
    assert w.wait(0.6) == math.inf  # 3 counted, 2 must leave, only one answered
    w.finish(b, 0.2)
    assert w.wait(0.6) == pytest.approx(0.9)  # the later of the two expiries (1.5)
    w.finish(c, 0.3)
    assert w.wait(0.6) == pytest.approx(0.7)  # now the 2nd earliest of 1.2, 1.3, 1.5
    assert w.wait(1.5) == 0.0
    with pytest.raises(ValueError):
        SendWindow(limit=0)


async def test_outbox_sends_wait_for_answers_when_the_window_is_full() -> None:
    # window of 2 per 60 s, no spacer: a third send may not start while two are unanswered
    pacer = Pacer({"telegram": PlatformLimits(per_second=None, window_limit=2, window_period=60)})
    entered: list[int] = []
    release = asyncio.Event()

    async def send(i: int) -> None:
        async with pacer.outbox_send("telegram", broadcast=False):
            entered.append(i)
            await release.wait()

    tasks = [asyncio.create_task(send(i)) for i in range(3)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert entered == [0, 1]  # the third waits (60 s after an answer: the test ends first)
    release.set()
    await asyncio.sleep(0)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert entered == [0, 1]


async def test_live_send_counts_in_the_window_until_answered() -> None:
    clock = [0.0]
    limits = PlatformLimits(per_second=None, chat_interval=0.0, window_limit=1, window_period=1)
    pacer = Pacer({"telegram": limits}, clock=lambda: clock[0])
    async with pacer.live_send("telegram", "42"):
        second = asyncio.create_task(pacer.live_slot("telegram", "43"))
        for _ in range(5):
            await asyncio.sleep(0)
        assert not second.done()  # the first send has no answer yet
        clock[0] = 0.5
    # answered at 0.5: the next may start from 1.51 on (the clock is moved, not waited for)
    clock[0] = 1.51
    await asyncio.wait_for(second, timeout=2.0)
