"""Split a cleaned document into sections with heading paths, for citations and search."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.schema import Section

_ROMAN = r"(?:I{1,3}|IV|V|VI{0,3}|IX|X|XI{0,3})"
ROMAN_HEADING = re.compile(rf"^(?P<num>{_ROMAN})\s*[.\-–:]\s*(?P<title>\S.*)$")
NUMBER_HEADING = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]\s*(?P<title>\S.*)$")
_DATE_START = re.compile(r"^\d{1,2}/")  # "15/8 ...": a date, not a numbered heading
_SIGNATURE_START = re.compile(r"^(Nơi nhận|Nơi gửi)\s*:?\s*$", re.IGNORECASE)
PREAMBLE = "Mở đầu"
RECIPIENTS = "Nơi nhận"
_MAX_HEADING_CHARS = 90


@dataclass
class _Open:
    path: list[str]
    lines: list[str] = field(default_factory=list)


def short_heading(line: str) -> str:
    """A heading for a numbered paragraph: up to its first colon or sentence end, capped."""
    cut = re.split(r"(?<=[:.;])\s|:\s*$", line, maxsplit=1)[0].rstrip(" :.;")
    if len(cut) > _MAX_HEADING_CHARS:
        cut = cut[:_MAX_HEADING_CHARS].rsplit(" ", 1)[0] + "…"
    return cut


def _is_upper_title(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _number_depth(num: str) -> int:
    return num.count(".") + 1


def split_sections(text: str) -> list[Section]:
    """Sections in order; a roman heading opens level 1, "1." level 2, "3.1." level 3."""
    sections: list[Section] = []
    current = _Open(path=[PREAMBLE])
    roman: str | None = None
    numbered: list[tuple[int, str]] = []  # (depth, heading) stack under the roman heading

    def close() -> None:
        body = "\n".join(current.lines).strip()
        if body:
            sections.append(Section(path=current.path, text=body))

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            current.lines.append("")
            continue
        if _SIGNATURE_START.match(line):
            close()
            current = _Open(path=[RECIPIENTS])
            roman, numbered = None, []
            continue
        m_roman = ROMAN_HEADING.match(line)
        if m_roman and _is_upper_title(m_roman.group("title")[:40]):
            close()
            roman = f"{m_roman.group('num')}. {m_roman.group('title').rstrip(' :')}"
            numbered = []
            current = _Open(path=[roman])
            continue
        m_num = NUMBER_HEADING.match(line)
        if m_num and current.path != [RECIPIENTS] and not _DATE_START.match(line):
            depth = _number_depth(m_num.group("num"))
            heading = f"{m_num.group('num')}. {short_heading(m_num.group('title'))}"
            close()
            numbered = [(d, h) for d, h in numbered if d < depth]
            numbered.append((depth, heading))
            path = ([roman] if roman else []) + [h for _, h in numbered]
            current = _Open(path=path, lines=[line])
            continue
        current.lines.append(line)
    close()
    return sections


def section_label_for(sections: list[Section], offset_text: str) -> str | None:
    """The label of the first section whose text contains `offset_text`."""
    for section in sections:
        if offset_text and offset_text in section.text:
            return section.label
    return None
