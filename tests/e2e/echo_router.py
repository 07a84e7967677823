"""A tiny Router for platform tests: records what it was given and answers predictably."""

from __future__ import annotations

import asyncio

from handlers.messages import Attachment, Button, Incoming, Reply

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
LONG_REPLY = "\n\n".join(
    f"Mục {i}: " + ("Các đơn vị gửi báo cáo thi đua đúng hạn, đầy đủ nội dung. " * 8).strip()
    for i in range(20)
)


class EchoRouter:
    """Echoes text, offers buttons on /chon, sends files on /tep and /anh, long text on /dai."""

    def __init__(self, delay: float = 0.0) -> None:
        self.seen: list[Incoming] = []
        self.delay = delay

    async def handle(self, inc: Incoming) -> list[Reply]:
        self.seen.append(inc)
        if self.delay:
            await asyncio.sleep(self.delay)
        if inc.chat_kind == "group" and not inc.addressed:
            return []
        if inc.callback_data:
            return [Reply(f"Bạn chọn {inc.callback_data}")]
        if inc.content == "document":
            if inc.document is None:
                return [Reply("Chỉ quản trị viên được gửi văn bản.")]
            return [Reply(f"Nhận tệp {inc.document.filename} ({len(inc.document.content)} byte)",
                          buttons=[[Button("Công bố", "pub:1"), Button("Bỏ", "drop:1")]])]
        if inc.content != "text":
            return [Reply("Bot chỉ đọc tin nhắn chữ.")]
        text = inc.text
        if text.startswith("/chon"):
            return [Reply("Chọn phong trào:", buttons=[[Button("Phong trào A", "pick:1")],
                                                       [Button("Phong trào B", "pick:2")]])]
        if text.startswith("/dai"):
            return [Reply(LONG_REPLY)]
        if text.startswith("/tep"):
            return [Reply("Lịch hạn chót", attachment=Attachment(
                "lich.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"))]
        if text.startswith("/anh"):
            return [Reply("Dòng thời gian", attachment=Attachment(
                "timeline.png", PNG_1x1, "image/png", kind="photo"))]
        if text.startswith("/"):
            return [Reply(f"Lệnh {text.split()[0]} chưa có.")]
        return [Reply(f"Đáp <{len(text)}>: {text[:50]} & hết")]


class FailingRouter(EchoRouter):
    """Raises on one text, as an unexpected bug would."""

    async def handle(self, inc: Incoming) -> list[Reply]:
        if inc.text == "boom":
            self.seen.append(inc)
            raise RuntimeError("unexpected")
        return await super().handle(inc)
