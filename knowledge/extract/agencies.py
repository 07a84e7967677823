"""Recognising agency names ("Sở Nội vụ", "Ban Thi đua - Khen thưởng tỉnh") inside sentences."""

from __future__ import annotations

import re

AGENCY_HEAD = (
    r"(?:Cơ quan|Ủy ban|Uỷ ban|UBND|Ban|Sở|Hội đồng|Phòng|Thường trực|Văn phòng|Bộ|Chủ tịch|"
    r"Trung tâm|Báo|Đài|Công an|Cổng|Liên đoàn|Hội|Tỉnh đoàn|Thành đoàn|Mặt trận|Cụm|Khối)"
)
_TO_STOP = r"(?=\s+(?:trước|chậm nhất|đến|để|trong|theo|vào|hạn)\b|[.;,]|\s*$)"
_SEND_TO = re.compile(
    rf"(?:gửi|nộp|báo cáo)\s+(?:về|đến|cho|lên)?\s*(?P<to>{AGENCY_HEAD}[^.;()]*?)"
    rf"(?:\s*\((?:qua|thông qua)\s+(?P<via>[^)]+)\))?(?:\s+(?:qua|thông qua)\s+"
    rf"(?P<via2>{AGENCY_HEAD}[^.;()]*?))?{_TO_STOP}"
)
_ABOUT_TO = re.compile(
    rf"\svề\s+(?P<to>{AGENCY_HEAD}[^.;()]*?)(?:\s*\((?:qua|thông qua)\s+(?P<via>[^)]+)\))?"
    rf"{_TO_STOP}"
)


def recipient_and_via(sentence: str) -> tuple[str | None, str | None]:
    """Who a document/report goes to, and through whom, as the sentence says."""
    m = _SEND_TO.search(sentence) or _ABOUT_TO.search(sentence)
    if not m:
        return None, None
    to = m.group("to").strip(" ,")
    groups = m.groupdict()
    via = groups.get("via") or groups.get("via2")
    return to, (via.strip(" ,") if via else None)
