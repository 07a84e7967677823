"""The pacer: live answers never queue behind outbox messages; chat spacing; paid lane."""

from __future__ import annotations

import asyncio

from scheduler.pacing import Pacer, PlatformLimits


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
