"""Phases ("Đợt 1 (Từ tháng 1 - 30/6/2021):") and the days they salute."""

from __future__ import annotations

import re

from knowledge.dates.phrases import DateMention, is_anniversary, parse_dates
from knowledge.extract.commemorations import find_commemorations
from knowledge.extract.ids import stable_id
from knowledge.extract.sentences import section_lines
from knowledge.schema import Commemoration, Phase, Section
from knowledge.text.normalise import fold

_PHASE_LINE = re.compile(
    r"^(?P<name>(?:Đợt|ĐỢT|Giai đoạn|GIAI ĐOẠN|GIA ĐOẠN)\s+"
    r"(?:\d{1,2}|[IVX][IVX1l]{0,3}|một|hai|ba))\b\s*(?P<rest>.*)$"
)
# "Thời gian bắt đầu từ 26/11/2023 – 10/12/2023." on the lines after a phase's heading.
_TIME_LINE = re.compile(r"^(?:Thời gian|Thời hạn)\b", re.IGNORECASE)
_LOOKAHEAD = 3
# "phong trào thi đua năm 2024 dự kiến chia thành 2 đợt": phases announced without dates.
_SPLIT_INTO = re.compile(r"\bchia (?:thanh|lam) (\d|hai|ba|bon) (dot|giai doan)\b")
_COUNT = {"hai": 2, "ba": 3, "bon": 4}
_SALUTE = re.compile(r"^(?:Chào mừng|Kỷ niệm|Lập thành tích chào mừng)", re.IGNORECASE)


def _phase_name(raw: str) -> str:
    word, _, num = raw.rpartition(" ")
    if num[:1] in "IVX":
        num = num.replace("1", "I").replace("l", "I")  # OCR: "Đợt I1" is "Đợt II"
    word = "Giai đoạn" if fold(word).startswith("gia") else word.capitalize()
    return f"{word} {num}"


def extract_phases(
    sections: list[Section], year_hint: int | None
) -> tuple[list[Phase], list[Commemoration]]:
    """Phases with their periods, and the commemorations each phase salutes."""
    phases: list[Phase] = []
    saluted: list[Commemoration] = []
    for section in sections:
        current: Phase | None = None
        lines = [bare for _, _, bare in section_lines(section.text)]
        for index, line in enumerate(lines):
            if not line:
                continue
            m = _PHASE_LINE.match(line)
            periods = _periods(m.group("rest"), year_hint) if m else []
            quote = line
            if m and not periods:
                # The heading's period may stand on a following "Thời gian …" line.
                periods, quote = _period_below(lines, index, year_hint, line)
            if m and periods:
                current = _make_phase(m.group("name"), periods[0], quote, section)
                phases.append(current)
                continue
            if current is not None and _SALUTE.match(line):
                current.salutes.append(line.rstrip(" ;,."))
                for item in find_commemorations(line, section.label, year_hint):
                    item.phase = current.name
                    saluted.append(item)
            elif current is not None and not line.startswith("("):
                # A line that neither salutes nor starts a phase ends the phase's list.
                current = None
    if not phases:
        phases = _announced(sections)
    for phase in phases:
        phase.id = stable_id("phase", phase.name, phase.date_text)
    return phases, saluted


def _announced(sections: list[Section]) -> list[Phase]:
    """Phases a text only counts ("chia thành 2 đợt"): named, without dates."""
    for section in sections:
        for _, _, line in section_lines(section.text):
            if "chia" not in line:
                continue
            m = _SPLIT_INTO.search(fold(line))
            if m is None:
                continue
            count = _COUNT.get(m.group(1)) or int(m.group(1))
            word = "Đợt" if m.group(2) == "dot" else "Giai đoạn"
            quote = line[m.start() : m.end()] if len(line) == len(fold(line)) else line
            return [
                Phase(name=f"{word} {n}", quote=quote, section=section.label)
                for n in range(1, min(count, 6) + 1)
            ]
    return []


def _period_below(
    lines: list[str], index: int, year_hint: int | None, heading: str
) -> tuple[list[DateMention], str]:
    for line in lines[index + 1 : index + 1 + _LOOKAHEAD]:
        if _PHASE_LINE.match(line):
            break
        if _TIME_LINE.match(line):
            found = _periods(line, year_hint)
            if found:
                return found, line
    return [], heading


def _periods(rest: str, year_hint: int | None) -> list[DateMention]:
    """The dated mentions after a phase name ("(Từ tháng 1 - 30/6/2021):")."""
    return [
        m
        for m in parse_dates(rest, year_hint=year_hint)
        if m.kind in ("range", "month", "day")
        and not fold(m.text).lstrip(" (").startswith("nhiem ky")  # a term of office
        and not is_anniversary(m)
    ]



def _make_phase(raw_name: str, first: DateMention, line: str, section: Section) -> Phase:
    return Phase(
        name=_phase_name(raw_name),
        start=first.start,
        end=first.end,
        date_text=first.text.strip(" ():"),
        quote=line,
        section=section.label,
    )
