"""Wording of replies: dates, document labels, section references, citation lines."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.schema import DocumentInfo

KIND_VI = {
    "registration": "đăng ký thi đua, ký kết giao ước thi đua",
    "plan_submission": "gửi kế hoạch",
    "periodic_report": "báo cáo định kỳ",
    "preliminary_review": "sơ kết",
    "final_report": "báo cáo tổng kết",
    "reward_proposal": "đề nghị khen thưởng",
    "other": "hạn",
}
KIND_EN = {
    "registration": "emulation registration / pledge signing",
    "plan_submission": "plan submission",
    "periodic_report": "periodic report",
    "preliminary_review": "preliminary review",
    "final_report": "final report",
    "reward_proposal": "reward proposal",
    "other": "deadline",
}
PERIOD_VI = {
    "monthly": "hàng tháng",
    "quarterly": "hàng quý",
    "six_monthly": "6 tháng một lần",
    "yearly": "hàng năm",
}
PERIOD_EN = {
    "monthly": "monthly",
    "quarterly": "quarterly",
    "six_monthly": "every six months",
    "yearly": "yearly",
}


def fmt_date(day: dt.date | None) -> str:
    """dd/mm/yyyy, or a dash when unknown."""
    return day.strftime("%d/%m/%Y") if day else "chưa rõ"


def fmt_range(start: dt.date | None, end: dt.date | None) -> str:
    """ "từ dd/mm/yyyy đến dd/mm/yyyy" with unknown sides left out."""
    if start and end:
        return f"từ {fmt_date(start)} đến {fmt_date(end)}"
    if end:
        return f"đến {fmt_date(end)}"
    if start:
        return f"từ {fmt_date(start)}"
    return "chưa rõ thời gian"


def fmt_range_en(start: dt.date | None, end: dt.date | None) -> str:
    """English form of `fmt_range`."""
    if start and end:
        return f"from {fmt_date(start)} to {fmt_date(end)}"
    if end:
        return f"until {fmt_date(end)}"
    if start:
        return f"from {fmt_date(start)}"
    return "dates unknown"


def days_phrase(due: dt.date, today: dt.date, en: bool = False) -> str:
    """ "còn 5 ngày", "hôm nay là hạn cuối", "đã quá hạn 3 ngày"."""
    delta = (due - today).days
    if en:
        if delta > 0:
            return f"{delta} day{'s' if delta > 1 else ''} left"
        if delta == 0:
            return "due today"
        return f"passed {-delta} day{'s' if delta < -1 else ''} ago" if delta >= -30 else "passed"
    if delta > 0:
        return f"còn {delta} ngày"
    if delta == 0:
        return "hôm nay là hạn cuối"
    return f"đã qua {-delta} ngày" if delta >= -30 else "đã qua hạn"


def doc_label(info: DocumentInfo, source: str) -> str:
    """ "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang", else type, issuer, file."""
    doc_type = info.doc_type or "Văn bản"
    parts = [doc_type]
    if info.number:
        parts.append(info.number)
    if info.issue_date:
        parts.append(f"ngày {fmt_date(info.issue_date)}")
    if info.issuer:
        parts.append(f"của {info.issuer}")
    label = " ".join(parts)
    if not info.number and not info.issue_date:
        label += f" ({source})"
    return label


_ROMAN = re.compile(r"^\s*([IVXLC]+)\s*[.:/)]", re.IGNORECASE)
_NUM = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*[.:/)]?(?:\s|$)")


def section_ref(path: list[str] | None) -> str:
    """ "IV.5" from ["IV. TỔ CHỨC THỰC HIỆN", "5. Thời gian thực hiện"]; else the last heading."""
    if not path:
        return ""
    numbers: list[str] = []
    for heading in path:
        m = _ROMAN.match(heading) or _NUM.match(heading)
        if not m:
            numbers = []
            continue
        number = m.group(1).upper()
        if numbers and number.startswith(numbers[-1] + "."):
            numbers[-1] = number  # "3" then "3.1": the second already names the first
        else:
            numbers.append(number)
    if numbers:
        return ".".join(numbers)
    return short(path[-1], 60)


def short(text: str, limit: int) -> str:
    """Trim to `limit` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def citation_line(document: str, section: str | None, en: bool = False) -> str:
    """ "Nguồn: <document>, mục <section>"."""
    ref = section_ref(section.split(" > ")) if section else ""
    head = "Source" if en else "Nguồn"
    word = "section" if en else "mục"
    return f"{head}: {document}, {word} {ref}" if ref else f"{head}: {document}"
