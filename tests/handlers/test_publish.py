"""Publishing a campaign from chat with a real .txt document: preview, discard, publish."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from handlers.messages import IncomingDocument
from handlers.router import Router
from knowledge.tables import CampaignRow, DocumentRow
from tests.handlers.conftest import Chat

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
    assert "– 20/02/2026: Đăng ký thi đua:" in text and "→ Sở Nội vụ" in text
    assert "– 10/12/2026: Tổng kết: Báo cáo tổng kết phong trào" in text
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
