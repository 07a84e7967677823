"""Reward forms and who grants them; agencies and what they are in charge of."""

from __future__ import annotations

import re

from knowledge.extract.agencies import AGENCY_HEAD
from knowledge.extract.ids import stable_id, unique_ids
from knowledge.extract.sections import PREAMBLE, RECIPIENTS
from knowledge.extract.sentences import Sentence, section_lines
from knowledge.schema import Responsibility, RewardForm, Section

_FORM = re.compile(
    r"(?P<name>Bằng khen|Giấy khen|Cờ thi đua|Huân chương [\wà-ỹđ ]+?|Chiến sĩ thi đua[\wà-ỹđ ]*?|"
    r"danh hiệu [\wà-ỹđ “”\"]+?)"
    r"(?:\s+(?:của\s+)?(?P<grantor>(?:Chủ tịch|Thủ tướng|Ủy ban nhân dân|UBND|Thủ trưởng|"
    r"Giám đốc|Bộ trưởng)[^:,.;()]*?))?(?=\s*[:,.;(]|\s+cho\b|\s+xét\b|$)",
    re.IGNORECASE,
)
_PROPOSE = re.compile(
    r"đề nghị\s+(?P<grantor>(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|UBND)\s+[\wà-ỹđ]+)\s+tặng\s+"
    r"(?P<name>bằng khen|giấy khen)",
    re.IGNORECASE,
)


# The forms themselves, not "khen thưởng" (which every document says everywhere). Plain
# substring tests (the same test as an alternation of these literals, at 60 % of its cost).
_REWARD_WORDS = (
    "bang khen",
    "giay khen",
    "danh hieu",
    "huan chuong",
    "chien si thi dua",
    "co thi dua",
)


def _names_a_form(folded: str) -> bool:
    """Whether a folded sentence names a reward form."""
    return any(word in folded for word in _REWARD_WORDS)


def _canon_name(name: str) -> str:
    name = name.strip()
    return (
        name[:1].upper() + name[1:].lower() if name.lower() in ("bằng khen", "giấy khen") else name
    )


def extract_rewards(sentences: list[Sentence]) -> list[RewardForm]:
    """Reward forms ("Bằng khen của Chủ tịch UBND tỉnh: xét tặng cho ...")."""
    found: dict[tuple[str, str], RewardForm] = {}
    for sentence in sentences:
        if not _names_a_form(sentence.folded):
            continue
        text = sentence.text
        for m in list(_FORM.finditer(text)) + list(_PROPOSE.finditer(text)):
            name = _canon_name(m.group("name"))
            grantor = (m.group("grantor") or "").strip() or None
            if grantor is None:
                continue  # a form named without who grants it is not a reward-form statement
            criteria = None
            after = text[m.end() :].lstrip()
            if after.startswith(":"):
                criteria = after[1:].strip().rstrip(".")
            elif re.match(r"^cho\s", after):
                criteria = after.rstrip(".")
            key = (name.lower(), grantor.lower())
            if key not in found:
                found[key] = RewardForm(
                    name=name,
                    grantor=grantor,
                    criteria=criteria,
                    quote=text,
                    section=sentence.section,
                )
    rewards = list(found.values())
    ids = unique_ids([stable_id("reward", r.name, r.grantor) for r in rewards])
    for reward, ident in zip(rewards, ids, strict=True):
        reward.id = ident
    return rewards


_OWNER_LINE = re.compile(rf"^(?P<agency>{AGENCY_HEAD}[^:]{{2,110}}?)\s*:\s*(?P<task>\S.+)$")
_ASSIGN = re.compile(
    rf"^(?:Giao\s+)(?P<agency>{AGENCY_HEAD}.+?)\s+(?P<task>(?:là cơ quan thường trực|chủ trì|"
    r"theo dõi|tham mưu|phối hợp|có trách nhiệm|chịu trách nhiệm|hướng dẫn)\b.+)$"
)
_SUBJECT = re.compile(
    rf"^(?P<agency>{AGENCY_HEAD}[^.;:]{{2,140}}?)\s+(?P<task>(?:có trách nhiệm|chịu trách nhiệm|"
    r"chủ trì|phối hợp với)\b.+)$"
)
_NUMBER_LEAD = re.compile(r"^\d+(?:\.\d+)*\.\s+")
_HEADING_AGENCY = re.compile(rf"^\d+(?:\.\d+)*\.\s+(?:Đề nghị\s+)?(?P<agency>{AGENCY_HEAD}.+)$")


def extract_responsibilities(sections: list[Section]) -> list[Responsibility]:
    """Who is in charge of which movement or task."""
    found: list[Responsibility] = []
    for section in sections:
        if section.path[0] in (PREAMBLE, RECIPIENTS):
            continue
        heading = section.path[-1]
        m_head = _HEADING_AGENCY.match(heading)
        heading_agency = m_head.group("agency").rstrip(" .:") if m_head else None
        for _, trimmed, line in section_lines(section.text):
            if line[:1].isdecimal():  # \d is isdecimal: other lines cannot start with a number
                line = _NUMBER_LEAD.sub("", line)
            if not line or line.rstrip(" .:") == (heading_agency or "\0"):
                continue
            m = _OWNER_LINE.match(line) or _ASSIGN.match(line) or _SUBJECT.match(line)
            if m:
                agency, task = m.group("agency"), m.group("task")
            elif heading_agency and re.match(
                r"^(Chủ trì|Phối hợp|Tham mưu|Hướng dẫn|Đôn đốc|"
                r"Tăng cường|Theo dõi|Mở)",
                line,
            ):
                agency, task = heading_agency, line
            else:
                continue
            found.append(
                Responsibility(
                    agency=agency.strip(" ,;").rstrip(":"),
                    task=task.strip().rstrip(";."),
                    quote=trimmed,
                    section=section.label,
                )
            )
    ids = unique_ids([stable_id("resp", r.agency, r.task[:80]) for r in found])
    for item, ident in zip(found, ids, strict=True):
        item.id = ident
    return found
