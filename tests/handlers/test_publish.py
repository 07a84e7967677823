"""Publishing a campaign from chat with a real .txt document: preview, discard, publish."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session, select

from handlers.messages import IncomingDocument
from handlers.router import Router
from knowledge.store.tables import CampaignRow, DocumentRow
from tests.handlers.conftest import TZ, Chat

DOC = Path(__file__).parent / "data" / "ke_hoach_thi_dua_2026.txt"


def _upload(name: str = DOC.name, content: bytes | None = None) -> dict:
    data = DOC.read_bytes() if content is None else content
    return {"content": "document", "document": IncomingDocument(name, data, "text/plain")}


def _statuses(router: Router) -> dict[str, str]:
    with Session(router.services.engine) as s:
        return {d.source: d.status for d in s.exec(select(DocumentRow)).all()}


async def test_preview_shows_what_was_understood(router: Router) -> None:
    admin = Chat(router, user_id="1")
    [preview] = await admin.send(**_upload())
    text = preview.text
    assert text.startswith(f"Tôi đọc được từ “{DOC.name}”:")
    assert "Chuyển đổi số vì nhân dân" in text
    assert "• Văn bản: Kế hoạch 45/KH-UBND ngày 05/01/2026" in text
    assert "• Cơ quan ban hành: UBND tỉnh Cà Mau" in text
    assert "• Thời gian: 15/01/2026 – 30/11/2026" in text
    assert "– Đợt 1: 15/01/2026 – 30/06/2026" in text
    assert "– 10/03/2026: Đăng ký thi đua:" in text and "→ Sở Nội vụ" in text
    assert "– 10/12/2026: Báo cáo tổng kết: Báo cáo tổng kết phong trào" in text
    [[publish, discard]] = preview.buttons
    assert (publish.label, discard.label) == ("Công bố", "Hủy bỏ")
    assert publish.data.startswith("pub:") and discard.data.startswith("drop:")
    assert _statuses(router)[DOC.name] == "draft"
    # A draft is not listed or answerable yet.
    [listed] = await admin.send("/phongtrao")
    assert "Cà Mau" not in listed.text


async def test_discard_removes_the_draft(router: Router) -> None:
    admin = Chat(router, user_id="1")
    [preview] = await admin.send(**_upload())
    [[_, discard]] = preview.buttons
    [done] = await admin.press(discard.data)
    assert done.text.startswith("Đã hủy bản nháp “")
    assert DOC.name not in _statuses(router)
    with Session(router.services.engine) as s:
        assert (
            s.exec(select(CampaignRow).where(CampaignRow.name.contains("Chuyển đổi"))).all() == []
        )  # type: ignore[attr-defined]
    [again] = await admin.press(discard.data)
    assert "không còn" in again.text


async def test_unreadable_document_stores_nothing(router: Router) -> None:
    admin = Chat(router, user_id="1")
    before = _statuses(router)
    [empty] = await admin.send(**_upload("trong.txt", b""))
    assert empty.text.startswith("Không đọc được tệp “trong.txt”:")
    assert "Chưa có gì được lưu" in empty.text
    [binary] = await admin.send(**_upload("hong.pdf", b"%PDF-1.4 \x00\x01 garbage"))
    assert binary.text.startswith("Không đọc được tệp “hong.pdf”:")
    assert _statuses(router) == before


async def test_resending_an_unchanged_draft_shows_the_preview_again(router: Router) -> None:
    admin = Chat(router, user_id="1")
    [first] = await admin.send(**_upload())
    [second] = await admin.send(**_upload())
    assert second.buttons == first.buttons


async def test_publish_plans_reminders_and_enqueues_the_launch(router: Router) -> None:
    from scheduler.schedule_tables import OutboxRow

    now = dt.datetime(2026, 2, 26, 9, 0, tzinfo=TZ)
    # Two chats follow everything, one follows only Điện Biên: the launch goes to the two.
    group = Chat(router, platform="zalo", chat_id="g1", chat_kind="group", now=now)
    await group.send("/dangky tatca", user_is_chat_admin=True)
    person = Chat(router, chat_id="p2", user_id="22", now=now)
    await person.send("/dangky tatca")
    other = Chat(router, chat_id="p3", user_id="33", now=now)
    await other.send("/dangky dien bien 2022")
    admin = Chat(router, user_id="1", now=now)
    [preview] = await admin.send(**_upload())
    [[publish, _]] = preview.buttons
    loads = router.services.kb.loads
    [done] = await admin.press(publish.data)
    assert done.text.startswith("Đã công bố “")
    assert router.services.kb.loads == loads + 1  # the knowledge base was rebuilt
    assert "thông báo sẽ gửi tới 2 cuộc trò chuyện" in done.text
    assert _statuses(router)[DOC.name] == "published"
    with Session(router.services.engine) as s:
        launches = s.exec(select(OutboxRow).where(OutboxRow.kind == "launch")).all()
        assert len(launches) == 2
        reminders = s.exec(select(OutboxRow).where(OutboxRow.kind == "reminder")).all()
        # Planning looks 36 hours ahead: the 7-working-day reminder of 10/03 is due 27/02.
        assert {(r.due, r.lead) for r in reminders} == {(dt.date(2026, 3, 10), 7)}
    # Pressing again does nothing twice.
    [again] = await admin.press(publish.data)
    assert "không còn" in again.text
    # The campaign is now listed, and its reminders are this chat's upcoming reminders.
    [listed] = await person.send("/phongtrao")
    assert "Chuyển đổi số vì nhân dân" in listed.text
    [upcoming] = await person.send("/nhac")
    assert upcoming.text.startswith("Các lời nhắc sắp gửi (")
    assert "08:00 27/02/2026 (trước 7 ngày làm việc) — Đăng ký thi đua" in upcoming.text
    assert "08:00 10/03/2026 (sáng ngày hạn) — Đăng ký thi đua" in upcoming.text
    [none] = await other.send("/nhac")
    assert none.text == "Không có lời nhắc nào sắp gửi cho cuộc trò chuyện này."
    [stats] = await admin.send("/thongke")
    assert "Chuyển đổi số vì nhân dân" in stats.text
    assert "• Tổng số: 2" in stats.text and "• Đang chờ gửi: 2" in stats.text
    # "Đã nộp" on the registration reminder stops that deadline's reminders for this chat only.
    with Session(router.services.engine) as s:
        reg = s.exec(
            select(OutboxRow).where(
                OutboxRow.kind == "reminder", OutboxRow.due == dt.date(2026, 3, 10)
            )
        ).first()
        assert reg is not None and reg.ref_id is not None
        ref = reg.ref_id
    [marked] = await person.press(f"done:{ref}")
    assert marked.text.startswith("Đã ghi nhận “đã nộp”")
    [after] = await person.send("/nhac")
    assert "hạn 10/03/2026" not in after.text and "hạn 10/12/2026" in after.text
    [group_list] = await group.send("/nhac")
    assert "hạn 10/03/2026" in group_list.text  # the group still gets it
    [member] = await group.press(f"done:{ref}", user_id="55")
    assert member.text.startswith("Chỉ quản trị viên của nhóm")


async def test_reminders_command_without_subscription(chat: Chat) -> None:
    [reply] = await chat.send("/nhac")
    assert "chưa đăng ký nhận nhắc hạn" in reply.text
    [stats] = await Chat(chat.router, user_id="1").send("/thongke")
    assert stats.text == "Chưa có đợt thông báo nào."
