"""Anniversaries a campaign salutes: "... (30/4/1975 - 30/4/2025)"."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.extract.ids import stable_id
from knowledge.schema import Commemoration

_DMY = r"\d{1,2}/\d{1,2}/\d{4}"
_MY = r"\d{1,2}/\d{4}"
_PAIR = re.compile(rf"\((?P<a>{_DMY}|{_MY}|\d{{4}})\s*[-–]?\s*(?P<b>{_DMY}|{_MY}|\d{{4}})\s*\)?")
_LEAD_IN = re.compile(
    r"^(?:.*?\b(?:chào mừng|lập thành tích chào mừng)\s+)?(?:kỷ niệm\s+)?", re.IGNORECASE
)


def _to_date(text: str) -> dt.date | None:
    parts = text.split("/")
    if len(parts) != 3:
        return None
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def _is_anniversary(a: str, b: str, what: str) -> bool:
    """Same day/month years apart; a bare year pair only when "N năm" says N = the gap."""
    ya, yb = int(a[-4:]), int(b[-4:])
    if yb - ya < 1:
        return False
    if a.count("/") == b.count("/") and a.count("/") >= 1:
        return a.rsplit("/", 1)[0] == b.rsplit("/", 1)[0]
    if a.count("/") == 0 and b.count("/") == 0:
        if re.search(r"kế hoạch|giai đoạn|nhiệm kỳ", what, re.IGNORECASE):
            return False  # "kế hoạch 05 năm (2020 - 2025)" is a plan period
        return any(int(n) == yb - ya for n in re.findall(r"(\d{1,3})\s+năm", what))
    return False


def _clean_what(text: str) -> str:
    text = text.strip(" ;,.:-–")
    text = re.sub(r"^(?:và|và\s+)\s*", "", text, flags=re.IGNORECASE)
    text = _LEAD_IN.sub("", text, count=1) if re.search(r"chào mừng", text, re.I) else text
    text = re.sub(r"^kỷ niệm\s+", "", text, flags=re.IGNORECASE)
    return text.strip(" ;,.:-–")


def find_commemorations(
    text: str, section: str | None, year_hint: int | None = None
) -> list[Commemoration]:
    """Every "what (origin - anniversary)" pair in `text`."""
    out: list[Commemoration] = []
    if "(" not in text:  # every anniversary pair is in parentheses
        return out
    for clause in re.split(r";", text):
        start = 0
        for m in _PAIR.finditer(clause):
            a, b = m.group("a"), m.group("b")
            what = _clean_what(clause[start : m.start()])
            start = m.end()
            if not what or not _is_anniversary(a, b, what):
                continue
            origin = _to_date(a)
            date = _to_date(b)
            out.append(
                Commemoration(
                    id=stable_id("comm", what, a),
                    what=what,
                    date=date,
                    origin=origin,
                    origin_text=f"{a} - {b}",
                    quote=clause.strip(" -;"),
                    section=section,
                )
            )
    return out
