"""Share links through the Router: payloads for campaigns and issuers, group rules, Zalo's
/start text, and the links in the publish preview and the published reply."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from handlers import catalog
from handlers.messages import IncomingDocument
from handlers.router import Router
from handlers.share_links import campaign_payload, issuer_payload
from knowledge.presentation.catalogue import tr
from scheduler import subscriptions as subs
from tests.handlers.conftest import NOW, Chat

DOC = Path(__file__).parent / "data" / "ke_hoach_thi_dua_2026.txt"
BOT = "thidua_tinh_bot"


def _followed(router: Router, chat_id: str, kind: str = "private") -> list[tuple[str, str]]:
    with Session(router.services.engine) as s:
        chat = subs.get_or_create_chat(s, "telegram", chat_id, kind, None, NOW)
        return [(r.scope, r.value) for r in subs.list_subscriptions(s, chat)]


def test_payloads_fit_telegrams_limits() -> None:
    assert campaign_payload("ag2025") == "c_ag2025"
    assert campaign_payload("x" * 63) is None  # over 64 characters: no link rather than a bad one
    assert campaign_payload("có dấu") is None
    payload = issuer_payload("UBND tỉnh An Giang")
    assert payload.startswith("i_") and len(payload) == 12
    assert payload == issuer_payload("UBND tỉnh An Giang")  # stable


async def test_issuer_link_subscribes_to_the_issuer(router: Router) -> None:
    chat = Chat(router, bot_username=BOT)
    [done] = await chat.send("/start " + issuer_payload("UBND tỉnh Điện Biên"))
    assert done.text.startswith(tr("vi", "subscribe_done_issuer", issuer="UBND tỉnh Điện Biên"))
    assert _followed(router, "100") == [("issuer", "UBND tỉnh Điện Biên")]
    [gone] = await chat.send("/start " + issuer_payload("UBND tỉnh Không Có"))
    assert gone.text == tr("vi", "share_issuer_unknown")


async def test_in_a_group_only_its_admins_follow_a_link(router: Router) -> None:
    member = Chat(router, chat_id="-5", chat_kind="group", bot_username=BOT)
    [refused] = await member.send("/start c_ag2025")
    assert refused.text == tr("vi", "group_admin_only")
    [done] = await member.send("/start c_ag2025", user_is_chat_admin=True)
    assert done.text.startswith("Đã đăng ký nhắc hạn cho “")
    assert _followed(router, "-5", "group") == [("campaign", "ag2025")]


async def test_listing_shows_links_on_telegram_and_the_start_text_on_zalo(
    router: Router,
) -> None:
    [tg] = await Chat(router, bot_username=BOT).send("/phongtrao")
    assert f"https://t.me/{BOT}?start=c_ag2025" in tg.text
    assert f"https://t.me/{BOT}?start=c_db2022" in tg.text
    [zl] = await Chat(router, platform="zalo", chat_id="z1").send("/phongtrao")
    assert "Liên kết đăng ký nhanh: /start c_ag2025" in zl.text and "t.me" not in zl.text
    [console] = await Chat(router, platform="console", chat_id="c").send("/phongtrao")
    assert "start=" not in console.text and "/start c_" not in console.text


async def test_publish_preview_and_reply_carry_the_links(router: Router) -> None:
    admin = Chat(router, user_id="1", bot_username=BOT)
    upload = IncomingDocument(DOC.name, DOC.read_bytes(), "text/plain")
    [preview] = await admin.send(content="document", document=upload)
    assert f"https://t.me/{BOT}?start=c_" in preview.text
    assert "Sau khi công bố, gửi liên kết này" in preview.text
    [[publish, _]] = preview.buttons
    [published] = await admin.press(publish.data)
    link = next(w for w in published.text.split() if w.startswith(f"https://t.me/{BOT}?start=c_"))
    campaign_id = link.rsplit("c_", 1)[1]
    with Session(router.services.engine) as s:
        view = catalog.campaign(s, campaign_id)
    assert view is not None and "Chuyển đổi số" in view.name
    assert f"https://t.me/{BOT}?start=" + issuer_payload("UBND tỉnh Cà Mau") in published.text
    # the link works for a unit
    [done] = await Chat(router, chat_id="300", bot_username=BOT).send(f"/start c_{campaign_id}")
    assert done.text.startswith("Đã đăng ký nhắc hạn cho “")
