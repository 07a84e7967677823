"""The few user-facing texts the platform edge says itself (before the conversation runs)."""

from __future__ import annotations


def file_too_big(name: str, size: int, limit: int) -> str:
    """A file above the size limit (not downloaded)."""
    return (
        f"Tệp {name} quá lớn ({_mb(size)}); bot chỉ nhận tệp đến {_mb(limit)}. "
        "Vui lòng gửi bản nhỏ hơn (ví dụ PDF nén hoặc .docx)."
    )


def file_unreadable(name: str) -> str:
    """A download that failed."""
    return f"Không tải được tệp {name} từ máy chủ. Vui lòng gửi lại sau ít phút."


SORRY = "Xin lỗi, đã có lỗi khi xử lý tin nhắn này. Bạn vui lòng thử lại sau ít phút."

ATTACHMENT_UNAVAILABLE = (
    "Tệp đính kèm ({name}) chưa gửi được qua Zalo. "
    "Vui lòng dùng lệnh này trên Telegram hoặc hỏi quản trị viên."
)

DOCUMENTS_NOT_ON_ZALO = (
    "Zalo chưa cho phép bot nhận tệp. Vui lòng gửi văn bản cho bot qua Telegram, "
    "hoặc nhờ quản trị viên dùng lệnh thiduabot ingest --publish."
)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


_PLATFORM_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}


def token_rejected(platform: str) -> str:
    """The alert to bot admins when a platform rejects the bot's token."""
    name = _PLATFORM_NAMES.get(platform, platform)
    variable = f"THIDUABOT_{platform.upper()}_TOKEN"
    return (
        f"Cảnh báo: {name} từ chối mã bot (token). Tin nhắc hạn và thông báo qua {name} đang "
        f"tạm dừng, chưa nhóm nào bị hủy. Vui lòng kiểm tra {variable} rồi khởi động lại bot."
    )


APOLOGY = "Xin lỗi, bot gặp lỗi khi xử lý tin nhắn này. Vui lòng thử lại sau ít phút."


def group_welcome(bot_username: str) -> str:
    """The greeting when the bot is added to a group: how to use it there."""
    mention = f"@{bot_username}" if bot_username else "tên bot"
    return (
        "Xin chào! Tôi là trợ lý thi đua: trả lời câu hỏi về các phong trào thi đua và nhắc "
        "hạn nộp hồ sơ, báo cáo.\n"
        f"Trong nhóm, hãy nhắc {mention} kèm câu hỏi (ví dụ: {mention} hạn nộp báo cáo tổng "
        "kết là khi nào?), trả lời tin nhắn của tôi, hoặc dùng lệnh.\n"
        "/dangky — nhóm nhận nhắc hạn (quản trị viên nhóm), /hanchot — các hạn sắp tới, "
        "/help — hướng dẫn."
    )
