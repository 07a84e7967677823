"""Dates that date another document ("Chỉ thị số 12-CT/TU ngày 12/3/2018"): background only."""

from __future__ import annotations

import re

from knowledge.dates.phrases import DateMention
from knowledge.text.normalise import fold

REFERENCE = re.compile(
    r"(?:Chỉ thị|Nghị quyết|Quyết định|Kế hoạch|Thông tư|Nghị định|Luật|Quy định|Công văn|"
    r"Hướng dẫn|Thông báo)\s+(?:số\s+)?[\w./-]*\d[\w./-]*,?\s*$",
    re.IGNORECASE,
)


def is_reference(text: str, mention: DateMention) -> bool:
    """Whether `mention` is the date of a document named just before it."""
    before = text[max(0, mention.span[0] - 60) : mention.span[0]]
    return bool(REFERENCE.search(before)) and fold(mention.text).startswith("ngay")
