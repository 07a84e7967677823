"""Weekly digest: when it is due (explicit datetimes), what it lists, once per week and chat
also across restarts, nothing when empty or not opted in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.db import open_database
from scheduler.digest import digest_window, iso_week, plan_digests
from scheduler.dispatcher import dispatch_due
from scheduler.outbox import mark_done
from scheduler.pacing import Pacer
from scheduler.schedule_tables import ChatRow, OutboxRow
from tests.sched.memory_transport import MemoryTransport
from tests.sched.world import T0, add_campaign, add_chat, add_deadline, add_report, local

D = dt.date


def _chat(hour: int = 8, quiet: tuple[str, str] = ("21:00", "07:00")) -> ChatRow:
    return ChatRow(platform="telegram", chat_id="1", reminder_hour=hour, quiet_start=quiet[0],
                   quiet_end=quiet[1], created_at=T0, weekly_digest=True)  # fmt: skip


@pytest.mark.parametrize(
    ("now", "chat", "expected"),
    [
        (local(2025, 2, 24, 7, 59), _chat(), None),  # Monday, before the chat's hour
        (local(2025, 2, 24, 8, 0), _chat(), D(2025, 2, 24)),
        (local(2025, 2, 24, 23, 59), _chat(), D(2025, 2, 24)),  # catch-up the same Monday
        (local(2025, 2, 25, 0, 1), _chat(), None),  # Tuesday: that week's digest is skipped
        (local(2025, 2, 23, 9), _chat(), None),  # Sunday
        (local(2025, 2, 22, 9), _chat(), None),  # Saturday
        (local(2025, 2, 24, 13), _chat(hour=14), None),
        (local(2025, 2, 24, 14), _chat(hour=14), D(2025, 2, 24)),
        (local(2025, 2, 24, 19, 59), _chat(hour=22), None),  # 22:00 is quiet: sent at 20:00
        (local(2025, 2, 24, 20), _chat(hour=22), D(2025, 2, 24)),
        (local(2025, 2, 24, 6, 59), _chat(hour=6), None),  # 06:00 is quiet: sent at 07:00
        (local(2025, 2, 24, 7), _chat(hour=6), D(2025, 2, 24)),
        # Mondays that are public holidays still get the week's digest (Quốc khánh 2025)
        (local(2025, 9, 1, 8), _chat(), D(2025, 9, 1)),
        # a UTC moment: Sunday 01:00 UTC is Monday 08:00 in Viet Nam
        (dt.datetime(2025, 3, 3, 1, 0, tzinfo=dt.UTC), _chat(), D(2025, 3, 3)),
    ],
)
def test_digest_window(now: dt.datetime, chat: ChatRow, expected: dt.date | None) -> None:
    assert digest_window(now, chat) == expected


@pytest.mark.parametrize(
    ("day", "week"),
    [(D(2025, 2, 24), "2025-W09"), (D(2024, 12, 30), "2025-W01"), (D(2026, 12, 28), "2026-W53")],
)
def test_iso_week(day: dt.date, week: str) -> None:
    assert iso_week(day) == week


def _world(s: Session) -> None:
    add_campaign(s, "c1", name="Phong trào thi đua yêu nước năm 2025")
    add_campaign(s, "c2", issuer="Sở Giáo dục và Đào tạo", name="Thi đua dạy tốt")
    add_deadline(s, "last_sunday", D(2025, 2, 23), "c1", what="Hạn tuần trước")
    add_deadline(s, "this_mon", D(2025, 2, 24), "c1", what="Gửi bản đăng ký thi đua")
    add_deadline(s, "this_fri", D(2025, 2, 28), "c1", what="Gửi kế hoạch thi đua")
    add_deadline(s, "next_sun", D(2025, 3, 9), "c1", what="Báo cáo sơ kết đợt 1")
    add_deadline(s, "week_after", D(2025, 3, 10), "c1", what="Hạn tuần sau nữa")
    add_deadline(s, "other", D(2025, 2, 26), "c2", what="Hạn của phong trào khác")
    add_report(s, "r1", "monthly", "c1", day=5)  # occurrence 05/03/2025, next week
    add_chat(s, "1", follows=[("campaign", "c1")])
    add_chat(s, "2", follows=[("issuer", "Sở Giáo dục và Đào tạo")])
    add_chat(s, "3", follows=[("all", "")])  # not opted in
    for chat in s.execute(select(ChatRow)).scalars():
        chat.weekly_digest = chat.chat_id in ("1", "2")
    s.commit()


async def test_digest_lists_two_weeks_once_across_restarts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'digest.db'}"
    engine = open_database(url)
    with Session(engine) as s:
        _world(s)
        one = s.execute(select(ChatRow).where(ChatRow.chat_id == "1")).scalar_one()  # type: ignore[arg-type]
        assert one.id is not None
        mark_done(s, one.id, "this_fri", local(2025, 2, 21, 9))
        s.commit()
        assert plan_digests(s, local(2025, 2, 24, 7, 30)) == 0  # before the hour
        assert plan_digests(s, local(2025, 2, 24, 8, 0)) == 2
        s.commit()
        assert plan_digests(s, local(2025, 2, 24, 8, 1)) == 0
    engine.dispose()
    engine = open_database(url)  # restart
    with Session(engine) as s:
        assert plan_digests(s, local(2025, 2, 24, 9)) == 0
        rows = {r.key: r for r in s.execute(select(OutboxRow)).scalars()}
    tr = MemoryTransport()
    result = await dispatch_due(
        lambda: Session(engine), {"telegram": tr}, local(2025, 2, 24, 9),  # type: ignore[dict-item]
        pacer=Pacer.unlimited(),
    )  # fmt: skip
    assert result.sent == 2
    texts = {chat_id: m.text for chat_id, m in tr.sent}
    assert {k.rsplit(":", 1)[0] for k in rows} == {"digest:2025-W09:telegram"}
    one_text = texts["1"]
    assert one_text.startswith("🗓 Lịch hạn tuần này và tuần sau (24/02/2025 – 09/03/2025)")
    lines = one_text.splitlines()
    this_week = lines.index("Tuần này:")
    next_week = lines.index("Tuần sau:")
    assert this_week < next_week
    assert [ln for ln in lines[this_week + 1 : next_week] if ln] == [
        "• Thứ Hai, 24/02/2025: Gửi bản đăng ký thi đua — Phong trào thi đua yêu nước năm 2025",
        "• Thứ Sáu, 28/02/2025: Gửi kế hoạch thi đua — Phong trào thi đua yêu nước năm 2025"
        " ✅ đã nộp",
    ]
    later = [ln for ln in lines[next_week + 1 :] if ln.startswith("•")]
    assert [ln.split(":")[0] for ln in later] == ["• Thứ Tư, 05/03/2025", "• Chủ nhật, 09/03/2025"]
    assert "Hạn tuần trước" not in one_text and "Hạn tuần sau nữa" not in one_text
    assert "Hạn của phong trào khác" not in one_text
    assert "Hạn của phong trào khác" in texts["2"] and "Tuần sau: không có hạn nào." in texts["2"]
    engine.dispose()
    engine = open_database(url)  # another restart, later that Monday and on Tuesday
    with Session(engine) as s:
        assert plan_digests(s, local(2025, 2, 24, 20)) == 0
        assert plan_digests(s, local(2025, 2, 25, 8)) == 0
        # the next Monday: chat 2's campaign has nothing in these two weeks -> no message
        assert plan_digests(s, local(2025, 3, 3, 8)) == 1
        s.commit()
        keys = sorted(s.execute(select(OutboxRow.key)).scalars())
    assert [k.rsplit(":", 1)[0] for k in keys] == [
        "digest:2025-W09:telegram", "digest:2025-W09:telegram", "digest:2025-W10:telegram",
    ]  # fmt: skip
    engine.dispose()


def test_digest_text_caps_each_week() -> None:
    from scheduler.digest import MAX_PER_WEEK, DigestItem, digest_text

    monday = D(2025, 2, 24)
    items = [DigestItem(monday + dt.timedelta(days=i % 5), f"Hạn {i:02d}", "", False)
             for i in range(MAX_PER_WEEK + 5)]  # fmt: skip
    lines = digest_text(items, monday).splitlines()
    assert sum(ln.startswith("• ") for ln in lines) == MAX_PER_WEEK
    assert "… và 5 hạn khác (xem /hanchot)." in lines
    assert "Tuần sau: không có hạn nào." in lines
