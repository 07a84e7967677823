"""The issuing body named in running prose, for texts without a formal header.

News items and notices name who acts in their first sentences: "Nhà máy Z183 đã phát động …",
"Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng tổ chức …", "Chiều 23/3, … khối thi đua
các cơ quan Đảng đã tổ chức hội nghị …". The subject of the first launching verb is taken.
"""

from __future__ import annotations

import re

_HEAD_CHARS = 1500
_BODIES = [
    "Ban Thường trực", "Ban Chấp hành", "BCH", "Ủy ban", "Uỷ ban", "UBND", "Hội đồng",
    "Hội(?! nghị| thi)", "Công đoàn", "Tổng Liên đoàn", "Liên đoàn", "Liên đội", "Sở",
    "Bộ trưởng", "Bộ", "Trường (?=THPT|THCS|Tiểu học|Mầm non|Đại học|Cao đẳng)", "Đoàn",
    "Bệnh viện", "Nhà máy", "Công ty", "Tổng công ty", "Công an", "Bộ Chỉ huy",
    "[Kk]hối thi đua", "[Cc]ụm thi đua", "Trung tâm", "Thủ tướng", "Chủ tịch", "Văn phòng",
    "Mặt trận", "MTTQ", "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Trưởng Ban",
]
_VERBS = (
    "ban hành|phát động|tổ chức|tiến hành|phát lệnh|ký|có Văn bản|có văn bản|triển khai"
    "|ra quân|thông báo"
)
_SUBJECT = re.compile(
    rf"(?P<org>(?<![\w])(?:{'|'.join(_BODIES)})\b[^,.;:“”\"\n]{{0,90}}?)"
    rf"\s+(?:đã\s+|vừa\s+|sẽ\s+|chính thức\s+)*(?:{_VERBS})\b"
)
_STOP = re.compile(r"\s+(?:về việc|ngày\s+\d|số\s+\d|tại\s)|\s*\(")
_OTHERS = re.compile(r"\b(?:của|và|với)\s+$")
_TOO_LONG = 14  # words: a longer "subject" is a clause, not a name


def prose_issuer(text: str) -> str | None:
    """The body the first launching sentence names as acting, or None."""
    head = text[:_HEAD_CHARS]
    for m in _SUBJECT.finditer(head):
        org = _STOP.split(m.group("org"), maxsplit=1)[0].strip()
        org = re.sub(r"\s+(?:cũng|đều|chính thức)$", "", org)
        if _OTHERS.search(head[max(0, m.start() - 8) : m.start()]) or ")" in org:
            continue  # "… của Sở Y tế …": the issuer of a document this one follows
        if 2 <= len(org.split()) <= _TOO_LONG:
            return org
    return None
