"""Wording of replies: section references, shortened texts, citation lines."""

from __future__ import annotations

import re

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
