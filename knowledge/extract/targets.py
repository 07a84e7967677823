"""Numeric targets ("chỉ tiêu"): "Tỷ lệ đô thị hóa đạt 40%" → indicator, value, unit."""

from __future__ import annotations

import re

from knowledge.extract.ids import stable_id, unique_ids
from knowledge.extract.sections import PREAMBLE, RECIPIENTS
from knowledge.extract.sentences import section_lines
from knowledge.schema import Section, Target
from knowledge.text.normalise import fold

_NUMBER = re.compile(r"(?<![\w/\-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w/])")
_VERB_VALUE = re.compile(
    r"\b(?P<verb>đạt(?: trên| khoảng| dưới)?|là|chiếm|còn|xuống còn|xuống|lên|tăng"
    r"|giảm(?: bình quân)?|có|đón(?: trên)?|trồng mới|cho|trên)\s+"
    r"(?P<num>(?:trên |khoảng |dưới )?\d[\d.,]*)",
    re.IGNORECASE,
)
_VALUE_STOP = re.compile(r"\s*(?:\(|,\s|;|\bso với\b|\btrong đó\b|\btăng\b|\bgiảm\b|\bvà\b)")
_LEAD = re.compile(r"^(?:phấn đấu|phân đầu|phần đầu|phấn đầu)(?:\s+|$)", re.IGNORECASE)
_TARGET_VERBS = re.compile(r"\b(dat|la|chiem|con|giam|tang|phan dau|co|don|trong moi)\b")
_MAX_VALUE_WORDS = 6
_TRAILING_NOISE = re.compile(
    r"(?:,?\s*(?:phấn đấu|phân đầu|phần đầu|phấn đầu))+\s*$", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
_SUBSECTION_NUMBER = re.compile(r"^\d+\.\d+\.")
_YEAR_WORDS = re.compile(r"\b(?:năm|trong năm)\s+\d{4}\b", re.IGNORECASE)


def _is_target_section(section: Section) -> bool:
    if section.path[0] in (PREAMBLE, RECIPIENTS):
        return False
    label = fold(section.label)
    return "chi tieu" in label or "muc tieu" in label or "noi dung" in label or "phan dau" in label


def parse_number(text: str) -> float | None:
    """The first Vietnamese-formatted number: "2.326" -> 2326, "31,10" -> 31.1."""
    m = _NUMBER.search(text)
    if not m:
        return None
    whole = m.group(1).replace(".", "")
    frac = m.group(2)
    return float(f"{whole}.{frac}") if frac else float(whole)


def _clauses(line: str) -> list[str]:
    parts = re.split(r";\s*|\.\s+(?=[A-ZĐÀ-Ỹ])|,\s+trong đó:?\s*|,\s+(?=(?:tỷ lệ|Tỷ lệ)\b)", line)
    out: list[str] = []
    for part in parts:
        part = part.strip(" .;-–")
        if not part:
            continue
        # "khách quốc tế đạt 10 nghìn lượt, thu nhập ... đạt trên 1.350 tỷ đồng": a comma that
        # starts another "indicator verb number" is a new clause.
        pieces = part.split(", ")
        current = pieces[0]
        for piece in pieces[1:]:
            m = _VERB_VALUE.search(piece)
            # "..., giảm 0,42%" qualifies the value before it; a new clause names its own
            # indicator before the verb.
            if m and len(piece[: m.start()].split()) >= 2 and _VERB_VALUE.search(current):
                out.append(current)
                current = piece
            else:
                current = f"{current}, {piece}"
        out.append(current)
    return out


def _is_year(number_text: str, after: str) -> bool:
    """1900–2100 with no unit after it reads as a year, not a value."""
    digits = number_text.replace(".", "")
    return digits.isdigit() and 1900 <= int(digits) <= 2100 and not after.lstrip().startswith("%")


def _value_at(clause: str, start: int) -> str:
    """The value from a number to the end of its unit ("37,40 triệu đồng/người/năm")."""
    rest = clause[start:]
    rest = _VALUE_STOP.split(rest, maxsplit=1)[0]
    words = rest.split()
    return " ".join(words[:_MAX_VALUE_WORDS]).rstrip(" .;:")


def _unit_of(value: str) -> str | None:
    unit = re.sub(r"^(?:trên |khoảng |dưới )?[\d.,%/\s-]+", "", value).strip()
    if value.rstrip().endswith("%") and not unit:
        return "%"
    return unit or None


def _target_from(clause: str) -> tuple[str, str, float | None, str | None] | None:
    if not _TARGET_VERBS.search(fold(clause)):
        return None
    if re.search(r"\b(số|Nghị quyết|Quyết định|Chỉ thị|Kế hoạch)\s+\d", clause):
        return None
    m = None
    for cand in _VERB_VALUE.finditer(clause):
        num = _NUMBER.search(cand.group("num"))
        after = clause[cand.end() :]
        if num and not _is_year(num.group(0), after) and not after.lstrip().startswith("năm "):
            m = cand
            break
    if m is None:
        return None
    value = _value_at(clause, m.start("num"))
    if not value or re.match(r"^[\d.,]+\s+(năm|tuổi|tháng)\b", value):
        return None  # durations and ages are not targets
    indicator = _LEAD.sub("", clause[: m.start()].strip()).strip(" ,:")
    indicator = _TRAILING_NOISE.sub("", indicator).strip(" ,:")
    # Verb-first: "đón trên 780 nghìn lượt khách du lịch" names its indicator after the value.
    if len(_YEAR_WORDS.sub("", indicator).split()) < 2:
        indicator = _LEAD.sub("", clause.strip()).split(" (")[0]
    if not indicator:
        return None
    return indicator[:1].upper() + indicator[1:], value, parse_number(value), _unit_of(value)


def extract_targets(sections: list[Section]) -> list[Target]:
    """Targets from bullet lines in the content sections."""
    found: list[Target] = []
    for section in sections:
        if not _is_target_section(section):
            continue
        label = section.label
        names_targets = "chi tieu" in fold(label)  # the same for every line of the section
        for _, line, _ in section_lines(section.text):
            if not line or not _DIGIT.search(line):
                continue
            is_bullet = line.startswith(("-", "+", "•"))
            if not is_bullet and not names_targets and not _SUBSECTION_NUMBER.match(line):
                continue
            for clause in _clauses(line.lstrip("-+• ")):
                parsed = _target_from(clause)
                if parsed is None:
                    continue
                indicator, value, number, unit = parsed
                found.append(
                    Target(
                        indicator=indicator,
                        value=value,
                        number=number,
                        unit=unit,
                        quote=clause,
                        section=label,
                    )
                )
    seen: set[tuple[str, str]] = set()
    unique: list[Target] = []
    for target in found:  # the same target restated in another section counts once
        key = (fold(target.indicator), target.value)
        if key not in seen:
            seen.add(key)
            unique.append(target)
    found = unique
    ids = unique_ids([stable_id("target", t.indicator, t.value) for t in found])
    for target, ident in zip(found, ids, strict=True):
        target.id = ident
    return found
