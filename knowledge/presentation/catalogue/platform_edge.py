"""Texts the platform edge says itself, before the conversation runs (files, errors, alerts)."""

from __future__ import annotations

PLATFORM_EDGE: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "file_too_big": (
        "Tệp {name} quá lớn ({size}); bot chỉ nhận tệp đến {limit}. "
        "Vui lòng gửi bản nhỏ hơn (ví dụ PDF nén hoặc .docx).",
        "The file {name} is too large ({size}); the bot accepts files up to {limit}. "
        "Please send a smaller copy (e.g. a compressed PDF or a .docx).",
    ),
    "file_unreadable": (
        "Không tải được tệp {name} từ máy chủ. Vui lòng gửi lại sau ít phút.",
        "Could not download the file {name}. Please send it again in a few minutes.",
    ),
    "sorry": (
        "Xin lỗi, đã có lỗi khi xử lý tin nhắn này. Bạn vui lòng thử lại sau ít phút.",
        "Sorry, something went wrong with this message. Please try again in a few minutes.",
    ),
    "attachment_unavailable": (
        "Tệp đính kèm ({name}) chưa gửi được qua Zalo. "
        "Vui lòng dùng lệnh này trên Telegram hoặc hỏi quản trị viên.",
        "The attachment ({name}) cannot be sent on Zalo yet. "
        "Please use this command on Telegram or ask an administrator.",
    ),
    "documents_not_on_zalo": (
        "Zalo chưa cho phép bot nhận tệp. Vui lòng gửi văn bản cho bot qua Telegram, "
        "hoặc nhờ quản trị viên dùng lệnh thiduabot ingest --publish.",
        "Zalo does not let bots receive files yet. Please send the document on Telegram, "
        "or ask an administrator to run thiduabot ingest --publish.",
    ),
    "token_rejected": (
        "Cảnh báo: {name} từ chối mã bot (token). Tin nhắc hạn và thông báo qua {name} đang "
        "tạm dừng, chưa nhóm nào bị hủy. Vui lòng kiểm tra {variable} rồi khởi động lại bot.",
        "Warning: {name} rejected the bot's token. Reminders and announcements on {name} are "
        "paused; no chat was unsubscribed. Please check {variable} and restart the bot.",
    ),
}
