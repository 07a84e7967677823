"""Wording of replies: dates, document labels, section references, citation lines."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.presentation import dates
from knowledge.presentation.dates import format_date, format_range
from knowledge.presentation.documents import document_label
from knowledge.presentation.labels import DEADLINE_KIND_NAMES, REPORT_PERIOD_NAMES
from knowledge.schema import DocumentInfo

# Views of the one table in knowledge/presentation/labels.py, for the answer modules.
KIND_VI = {kind: vi for kind, (vi, _) in DEADLINE_KIND_NAMES.items()}
KIND_EN = {kind: en for kind, (_, en) in DEADLINE_KIND_NAMES.items()}
PERIOD_VI = {period: vi for period, (vi, _) in REPORT_PERIOD_NAMES.items()}
PERIOD_EN = {period: en for period, (_, en) in REPORT_PERIOD_NAMES.items()}


def fmt_date(day: dt.date | None) -> str:
    """dd/mm/yyyy, or "chưa rõ" when unknown."""
    return format_date(day)


def fmt_range(start: dt.date | None, end: dt.date | None) -> str:
    """ "từ dd/mm/yyyy đến dd/mm/yyyy" with unknown sides left out."""
    return format_range(start, end)


def fmt_range_en(start: dt.date | None, end: dt.date | None) -> str:
    """English form of `fmt_range`."""
    return format_range(start, end, "en")


def days_phrase(due: dt.date, today: dt.date, en: bool = False) -> str:
    """ "còn 5 ngày", "hôm nay là hạn cuối", "đã quá hạn 3 ngày"."""
    return dates.days_phrase(due, today, "en" if en else "vi")


def doc_label(info: DocumentInfo, source: str) -> str:
    """ "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang", else type, issuer, file."""
    return document_label(info, source)


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
