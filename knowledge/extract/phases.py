"""Phases ("Đợt 1 (Từ tháng 1 - 30/6/2021):") and the days they salute."""

from __future__ import annotations

import re

from knowledge.dates import DateMention, parse_dates
from knowledge.extract.commemorations import find_commemorations
from knowledge.extract.ids import stable_id
from knowledge.extract.sentences import section_lines
from knowledge.schema import Commemoration, Phase, Section

_PHASE_LINE = re.compile(
    r"^(?P<name>(?:Đợt|ĐỢT|Giai đoạn|GIAI ĐOẠN)\s+(?:\d{1,2}|[IVX]{1,4}|một|hai|ba))\b"
    r"\s*(?P<rest>.*)$"
)
_SALUTE = re.compile(r"^(?:Chào mừng|Kỷ niệm|Lập thành tích chào mừng)", re.IGNORECASE)


def _phase_name(raw: str) -> str:
    word, _, num = raw.partition(" ")
    return f"{word.capitalize()} {num.strip()}"


def extract_phases(
    sections: list[Section], year_hint: int | None
) -> tuple[list[Phase], list[Commemoration]]:
    """Phases with their periods, and the commemorations each phase salutes."""
    phases: list[Phase] = []
    saluted: list[Commemoration] = []
    for section in sections:
        current: Phase | None = None
        for _, _, line in section_lines(section.text):
            if not line:
                continue
            m = _PHASE_LINE.match(line)
            periods = _periods(m.group("rest"), year_hint) if m else []
            if m and periods:
                current = _make_phase(m.group("name"), periods[0], line, section)
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
    for phase in phases:
        phase.id = stable_id("phase", phase.name, phase.date_text)
    return phases, saluted


def _periods(rest: str, year_hint: int | None) -> list[DateMention]:
    """The dated mentions after a phase name ("(Từ tháng 1 - 30/6/2021):")."""
    return [
        m for m in parse_dates(rest, year_hint=year_hint) if m.kind in ("range", "month", "day")
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
