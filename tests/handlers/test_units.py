"""Conversation: /donvi, "Đã nộp" per unit, officers' /tiendo and /huynop, "Nhắc lại sau",
/caidat bantin — through the real Router on SQLite."""

from __future__ import annotations

from sqlmodel import Session, select

from handlers.router import Router
from knowledge.presentation.catalogue import tr
from scheduler.planning.run import plan_reminders
from scheduler.schedule_tables import ChatRow, OutboxRow
from tests.handlers.conftest import NOW, Chat

REF = "ag2025d0"  # "Gửi kế hoạch triển khai", due Tue 25/02/2025


def _plan(router: Router) -> None:
    with Session(router.services.engine) as s:
        plan_reminders(s, NOW)
        s.commit()


async def test_donvi_in_a_group_needs_its_admin(router: Router) -> None:
    member = Chat(router, chat_id="-500", chat_kind="group", user_id="55")
    admin = Chat(router, chat_id="-500", chat_kind="group", user_id="56", user_is_chat_admin=True)
    [shown] = await member.send("/donvi")
    assert shown.text == tr("vi", "unit_none")
    [refused] = await member.send("/donvi UBND xã Vĩnh Hòa")
    assert refused.text == tr("vi", "group_admin_only")
    [set_] = await admin.send("/donvi  UBND xã Vĩnh Hòa ")
    assert set_.text.startswith("Đã khai báo đơn vị mới: UBND xã Vĩnh Hòa.")
    [current] = await member.send("/donvi")
    assert current.text.startswith("Cuộc trò chuyện này thay mặt đơn vị: UBND xã Vĩnh Hòa.")
    # another chat writing it without diacritics joins the same unit
    [matched] = await Chat(router, chat_id="600").send("/unit ubnd xa vinh hoa")
    assert matched.text == tr("en", "unit_matched", name="UBND xã Vĩnh Hòa")


async def test_done_per_unit_progress_and_undo(router: Router) -> None:
    a1 = Chat(router, chat_id="101", user_id="11", user_name="Trần Thị B")
    a2 = Chat(router, chat_id="102", user_id="12")
    b = Chat(router, chat_id="103", user_id="13")
    lone = Chat(router, chat_id="104", user_id="14")
    officer = Chat(router, user_id="1")
    for c in (a1, a2, b, lone):
        await c.send("/dangky tatca")
    await a1.send("/donvi Trường THCS Lê Lợi")
    await a2.send("/donvi truong thcs le loi")
    await b.send("/donvi Trường THCS số 2")
    _plan(router)
    [none_yet] = await officer.send("/tiendo 50 năm Giải phóng")
    assert "• 25/02/2025 — Gửi kế hoạch triển khai: 0/2 đơn vị" in none_yet.text
    [done] = await a1.press(f"done:{REF}")
    assert done.text == tr(
        "vi", "done_unit_ok", unit="Trường THCS Lê Lợi", what="Gửi kế hoạch triển khai",
        due="25/02/2025",
    )  # fmt: skip
    [again] = await a2.press(f"done:{REF}")
    assert again.text.startswith("Đơn vị “Trường THCS Lê Lợi” đã xác nhận nộp hạn này lúc 09:30")
    [own] = await lone.press(f"done:{REF}")  # no unit: this chat only, with a hint
    assert own.text == tr("vi", "done_ok") + "\n" + tr("vi", "done_unit_hint")
    with Session(router.services.engine) as s:
        pending = {
            c.chat_id
            for row, c in s.exec(
                select(OutboxRow, ChatRow)
                .join(ChatRow, ChatRow.id == OutboxRow.chat_pk)  # type: ignore[arg-type]
                .where(OutboxRow.ref_id == REF, OutboxRow.status == "pending")
            )
        }
    assert pending == {"103"}
    [progress] = await officer.send("/tiendo 50 năm Giải phóng")
    lines = progress.text.splitlines()
    assert lines[0] == "📊 Tiến độ nộp — Phong trào thi đua đặc biệt chào mừng 50 năm Giải phóng miền Nam"  # noqa: E501
    assert lines[1].startswith("• 25/02/2025 — Gửi kế hoạch triển khai: 1/2 đơn vị")
    assert lines[2] == "   ✅ Trường THCS Lê Lợi (09:30 20/02/2025, Trần Thị B)"
    assert lines[3] == "   ⏳ Chưa: Trường THCS số 2"  # the chat without a unit is not counted
    [refused] = await a1.send("/tiendo")
    assert refused.text == tr("vi", "bot_admin_only")
    [usage] = await officer.send("/huynop")
    assert usage.text == tr("vi", "undo_usage")
    [unknown] = await officer.send("/huynop Trường Tiểu học Kim Đồng")
    assert unknown.text == tr("vi", "undo_no_unit", name="Trường Tiểu học Kim Đồng")
    [undone] = await officer.send("/huynop truong thcs le loi")
    assert undone.text.startswith("Đã hủy xác nhận nộp của “Trường THCS Lê Lợi” cho “Gửi kế")
    [nothing] = await officer.send("/huynop truong thcs le loi")
    assert nothing.text == tr("vi", "undo_nothing", name="Trường THCS Lê Lợi")
    with Session(router.services.engine) as s:
        back = s.exec(
            select(OutboxRow).where(OutboxRow.ref_id == REF, OutboxRow.status == "pending")
        ).all()
    # unit A's chats (101, 102) are reminded again, 103 still is; 104 keeps its own mark
    assert len(back) == 3 and len({r.chat_pk for r in back}) == 3


async def test_snooze_button(router: Router) -> None:
    chat = Chat(router, chat_id="201")
    await chat.send("/dangky tatca")
    _plan(router)  # the 3-day reminder of 25/02 (Thu 20/02 08:00) is queued
    [bad] = await chat.press("snooze:x:y")
    assert bad.text == tr("vi", "snooze_unknown")
    [unknown] = await chat.press(f"snooze:7:{REF}")  # no 7-day reminder was sent to it
    assert unknown.text == tr("vi", "snooze_unknown")
    [ok] = await chat.press(f"snooze:3:{REF}")
    assert ok.text == tr("vi", "snooze_ok", at="08:00 21/02/2025")
    [again] = await chat.press(f"snooze:3:{REF}")
    assert again.text == tr("vi", "snooze_already", at="08:00 21/02/2025")
    member = Chat(router, chat_id="-300", chat_kind="group", user_id="55")
    [refused] = await member.press(f"snooze:3:{REF}")
    assert refused.text == tr("vi", "group_admin_only")


async def test_caidat_bantin(router: Router) -> None:
    chat = Chat(router, chat_id="301")
    [shown] = await chat.send("/caidat")
    assert "Bản tin tuần (các hạn tuần này và tuần sau): tắt" in shown.text
    [on] = await chat.send("/caidat bantin bật")
    assert on.text.startswith(tr("vi", "settings_saved"))
    assert "Bản tin tuần (các hạn tuần này và tuần sau): bật (sáng thứ Hai)" in on.text
    [bad] = await chat.send("/caidat bantin thỉnh thoảng")
    assert bad.text == tr("vi", "err_bad_digest", value="thỉnh thoảng")
    [en] = await chat.send("/settings digest off")
    assert "Weekly digest (this and next week's cut-offs): off" in en.text
    with Session(router.services.engine) as s:
        row = s.exec(select(ChatRow).where(ChatRow.chat_id == "301")).one()
        assert row.weekly_digest is False
    await chat.send("/caidat bantin bat")
    member = Chat(router, chat_id="-302", chat_kind="group", user_id="55")
    [refused] = await member.send("/caidat bantin bat")
    assert refused.text == tr("vi", "group_admin_only")
    with Session(router.services.engine) as s:
        flags = {c.chat_id: c.weekly_digest for c in s.exec(select(ChatRow)).all()}
    assert flags["301"] is True and flags["-302"] is False
