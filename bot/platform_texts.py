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
