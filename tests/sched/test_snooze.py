"""Snooze: the pure "when" over explicit datetimes, and the repeat on the database (once, also
across a restart; cancelled by "Đã nộp")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.db import open_database
from scheduler.dispatcher import dispatch_due
from scheduler.outbox import mark_done
from scheduler.pacing import Pacer
from scheduler.planning.run import plan_reminders
from scheduler.planning.times import Profile
from scheduler.schedule_tables import ChatRow, OutboxRow
from scheduler.snooze import snooze, snooze_time
from tests.sched.memory_transport import MemoryTransport
from tests.sched.world import add_campaign, add_chat, add_deadline, local

D = dt.date
DEFAULT = Profile()
LATE = Profile(hour=22)  # inside 21:00-07:00: sent at 20:00 instead
EARLY = Profile(hour=6)  # inside quiet hours: sent at 07:00
NO_QUIET = Profile(hour=22, quiet_start=dt.time(0), quiet_end=dt.time(0))


@pytest.mark.parametrize(
    ("pressed", "due", "profile", "expected"),
    [
        # weekday -> the next morning at the chat's hour
        (local(2025, 2, 20, 10), D(2025, 2, 28), DEFAULT, local(2025, 2, 21, 8)),
        # late evening still counts as that day
        (local(2025, 2, 20, 23, 30), D(2025, 2, 28), DEFAULT, local(2025, 2, 21, 8)),
        # a UTC moment that is already Friday in Viet Nam -> Monday
        (dt.datetime(2025, 2, 20, 18, 0, tzinfo=dt.UTC), D(2025, 2, 28), DEFAULT,
         local(2025, 2, 24, 8)),
        # Friday and the weekend -> Monday
        (local(2025, 2, 21, 15), D(2025, 2, 28), DEFAULT, local(2025, 2, 24, 8)),
        (local(2025, 2, 22, 9), D(2025, 2, 28), DEFAULT, local(2025, 2, 24, 8)),
        (local(2025, 2, 23, 20), D(2025, 2, 28), DEFAULT, local(2025, 2, 24, 8)),
        # Tết 2025 (25/01-02/02 off): Friday 24/01 -> Monday 03/02
        (local(2025, 1, 24, 9), D(2025, 2, 5), DEFAULT, local(2025, 2, 3, 8)),
        (local(2025, 1, 28, 9), D(2025, 2, 5), DEFAULT, local(2025, 2, 3, 8)),
        # 30/04-01/05 and the swapped 02/05/2025 (worked on Saturday 26/04) -> Monday 05/05
        (local(2025, 4, 29, 9), D(2025, 5, 9), DEFAULT, local(2025, 5, 5, 8)),
        # Friday 25/04 -> the swapped working Saturday 26/04
        (local(2025, 4, 25, 9), D(2025, 5, 9), DEFAULT, local(2025, 4, 26, 8)),
        # Quốc khánh 2025 (01-02/09, Mon-Tue): Friday 29/08 -> Wednesday 03/09
        (local(2025, 8, 29, 9), D(2025, 9, 10), DEFAULT, local(2025, 9, 3, 8)),
        # quiet hours: an hour inside them moves to their end, or before they start
        (local(2025, 2, 20, 10), D(2025, 2, 28), EARLY, local(2025, 2, 21, 7)),
        (local(2025, 2, 20, 10), D(2025, 2, 28), LATE, local(2025, 2, 21, 20)),
        (local(2025, 2, 20, 10), D(2025, 2, 28), NO_QUIET, local(2025, 2, 21, 22)),
        # the next working day is the cut-off itself: still allowed
        (local(2025, 2, 20, 10), D(2025, 2, 21), DEFAULT, local(2025, 2, 21, 8)),
        # no working day left before the cut-off: no repeat
        (local(2025, 2, 21, 10), D(2025, 2, 21), DEFAULT, None),
        (local(2025, 2, 21, 10), D(2025, 2, 22), DEFAULT, None),  # a Saturday cut-off
        (local(2025, 1, 24, 9), D(2025, 1, 31), DEFAULT, None),  # a cut-off inside Tết
    ],
)
def test_snooze_time(
    pressed: dt.datetime, due: dt.date, profile: Profile, expected: dt.datetime | None
) -> None:
    assert snooze_time(pressed, due, profile) == expected


def _chat(s: Session, chat_id: str = "1001") -> ChatRow:
    chat = s.execute(select(ChatRow).where(ChatRow.chat_id == chat_id)).scalar_one()  # type: ignore[arg-type]
    return chat


async def _dispatch(engine: object, tr: MemoryTransport, now: dt.datetime) -> int:
    result = await dispatch_due(
        lambda: Session(engine),  # type: ignore[arg-type]
        {"telegram": tr}, now, pacer=Pacer.unlimited(),  # type: ignore[dict-item]
    )  # fmt: skip
    return result.sent


async def test_snooze_once_and_no_double_after_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'snooze.db'}"
    engine = open_database(url)
    with Session(engine) as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 28))  # Friday
        add_chat(s, "1001")
        s.commit()
        plan_reminders(s, local(2025, 2, 19, 7))  # the 7-day reminder: Wed 19/02 08:00
        s.commit()
    tr = MemoryTransport()
    assert await _dispatch(engine, tr, local(2025, 2, 19, 8)) == 1
    (_, message), = tr.sent
    assert [data for _, data in message.buttons[0]] == ["done:dl1", "snooze:7:dl1"]
    with Session(engine) as s:
        first = snooze(s, _chat(s), "dl1", 7, local(2025, 2, 19, 9))
        s.commit()
        second = snooze(s, _chat(s), "dl1", 7, local(2025, 2, 19, 9, 5))
        s.commit()
    assert (first.status, first.at) == ("queued", local(2025, 2, 20, 8))
    assert (second.status, second.at) == ("already", local(2025, 2, 20, 8))
    assert await _dispatch(engine, tr, local(2025, 2, 19, 23)) == 0  # not yet
    engine.dispose()  # restart: a new process opens the same database
    engine = open_database(url)
    with Session(engine) as s:
        plan_reminders(s, local(2025, 2, 20, 8))
        s.commit()
    assert await _dispatch(engine, tr, local(2025, 2, 20, 8)) == 1
    repeat = tr.sent[-1][1]
    assert "Nhắc hạn" in repeat.text and "còn 8 ngày" in repeat.text
    assert [data for _, data in repeat.buttons[0]] == ["done:dl1"]  # no second snooze
    engine.dispose()
    engine = open_database(url)  # another restart: replanning and dispatch send nothing more
    with Session(engine) as s:
        plan_reminders(s, local(2025, 2, 20, 9))
        s.commit()
        again = snooze(s, _chat(s), "dl1", 7, local(2025, 2, 20, 9))
        s.commit()
        assert again.status == "already"
    assert await _dispatch(engine, tr, local(2025, 2, 21, 12)) == 0
    with Session(engine) as s:
        keys = [k for k in s.execute(select(OutboxRow.key)).scalars() if k.startswith("snooze:")]  # type: ignore[arg-type]
    assert len(keys) == 1 and len(tr.sent) == 2
    engine.dispose()


async def test_done_cancels_a_pending_snooze(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'done.db'}")
    with Session(engine) as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 28))
        add_chat(s, "1001")
        s.commit()
        plan_reminders(s, local(2025, 2, 19, 7))
        s.commit()
    tr = MemoryTransport()
    assert await _dispatch(engine, tr, local(2025, 2, 19, 8)) == 1
    with Session(engine) as s:
        chat = _chat(s)
        assert snooze(s, chat, "dl1", 7, local(2025, 2, 19, 9)).status == "queued"
        assert snooze(s, chat, "dl1", 3, local(2025, 2, 19, 9)).status == "unknown"  # not sent
        assert chat.id is not None
        mark_done(s, chat.id, "dl1", local(2025, 2, 19, 10))
        s.commit()
        status = s.execute(
            select(OutboxRow.status).where(OutboxRow.kind == "snooze")  # type: ignore[arg-type]
        ).scalar_one()
    assert status == "cancelled"
    assert await _dispatch(engine, tr, local(2025, 2, 20, 8)) == 0
    engine.dispose()
