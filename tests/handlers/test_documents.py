"""Documents sent to the bot: refusals and checks that happen before anything is stored."""

from __future__ import annotations

from sqlmodel import Session, select

from handlers.messages import IncomingDocument
from handlers.router import Router
from knowledge.store.tables import DocumentRow
from tests.handlers.conftest import Chat

TEXT = "KẾ HOẠCH\nPhát động thi đua năm 2026\n".encode()


def _documents(router: Router) -> int:
    with Session(router.services.engine) as s:
        return len(s.exec(select(DocumentRow)).all())


async def test_non_admin_document_is_refused_and_not_stored(router: Router, chat: Chat) -> None:
    before = _documents(router)
    [reply] = await chat.send(
        content="document", document=IncomingDocument("kh.txt", TEXT, "text/plain")
    )
    assert "Chỉ quản trị viên của bot mới được đăng văn bản mới" in reply.text
    assert not reply.buttons
    assert _documents(router) == before


async def test_undownloaded_document_of_a_non_admin_gets_the_admin_refusal(
    router: Router, chat: Chat
) -> None:
    """Platforms hand over a non-admin's document without downloading it (no contents)."""
    before = _documents(router)
    [reply] = await chat.send(content="document")
    assert reply.text.startswith("Cảm ơn bạn đã gửi tệp. Chỉ quản trị viên của bot")
    assert "chỉ đọc được tin nhắn chữ" not in reply.text
    in_group = Chat(router, chat_id="-9", chat_kind="group", addressed=True)
    [group_reply] = await in_group.send(content="document")
    assert group_reply.text == reply.text
    assert _documents(router) == before


async def test_admin_document_in_group_asks_for_private_chat(router: Router) -> None:
    group = Chat(router, chat_id="-9", chat_kind="group", user_id="1")
    [reply] = await group.send(content="document", document=IncomingDocument("kh.txt", TEXT))
    assert "trò chuyện riêng" in reply.text


async def test_wrong_type_and_too_big(make_router, router: Router) -> None:  # type: ignore[no-untyped-def]
    admin = Chat(router, user_id="1")
    before = _documents(router)
    [wrong] = await admin.send(
        content="document", document=IncomingDocument("anh.jpg", b"\xff\xd8\xff", "image/jpeg")
    )
    assert wrong.text == "Tệp “anh.jpg” không đọc được: chỉ nhận .docx, .pdf hoặc .txt."
    small = Chat(make_router(max_file_bytes=1024), user_id="1")
    [big] = await small.send(
        content="document", document=IncomingDocument("kh.txt", b"a" * 5000, "text/plain")
    )
    assert big.text == "Tệp “kh.txt” quá lớn (5 KB); giới hạn là 1 KB."
    assert _documents(router) == before


async def test_bot_admin_by_settings_list(make_router) -> None:  # type: ignore[no-untyped-def]
    # telegram:1 is in THIDUABOT_ADMINS; the same id on Zalo is not an admin.
    zalo = Chat(make_router(), platform="zalo", user_id="1")
    [reply] = await zalo.send(content="document", document=IncomingDocument("kh.txt", TEXT))
    assert "Chỉ quản trị viên" in reply.text


async def test_publish_buttons_need_a_bot_admin(chat: Chat) -> None:
    [pub] = await chat.press("pub:dag2025")
    [drop] = await chat.press("drop:dag2025")
    assert pub.text == drop.text == "Lệnh này chỉ dành cho quản trị viên của bot."


async def test_publish_of_unknown_or_published_document_is_refused(router: Router) -> None:
    admin = Chat(router, user_id="1")
    [already] = await admin.press("pub:dag2025")  # a published document is not a draft
    [missing] = await admin.press("drop:nope")
    assert already.text == missing.text
    assert "không còn" in already.text
