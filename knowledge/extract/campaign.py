"""Campaign-level facts: name, kind, year, period, theme, slogan, audience."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.dates import parse_dates
from knowledge.extract.sentences import Sentence, section_lines
from knowledge.schema import CampaignKind, DocumentInfo, Phase, Section
from knowledge.textnorm import fold, fold_ascii

_QUOTED = r"[“\"']\s*(?P<q>[^”\"']{3,300}?)\s*[”\"']"
_THEME = re.compile(rf"Chủ đề(?:\s+thi đua)?\s*:?\s*{_QUOTED}", re.IGNORECASE)
_SLOGAN = re.compile(rf"(?:phương châm|khẩu hiệu)\s*:?\s*{_QUOTED}", re.IGNORECASE)
_YEAR_IN_TITLE = re.compile(r"\bnăm\s+(\d{4})\b")
_ASCII_DIGIT = re.compile(r"[0-9]")
_PERIOD_VERBS = re.compile(
    r"(thuc hien|to chuc|trien khai|dien ra|phat dong|thoi gian thi dua|keo dai)"
)


def campaign_name(info: DocumentInfo, text: str) -> str:
    """The campaign's name: the document title, or the first "phát động" sentence."""
    if info.title:
        name = info.title.strip(" .:")
    else:
        m = re.search(r"[^.\n]*phát động[^.\n]*", text, re.IGNORECASE)
        name = m.group(0).strip() if m else ""
    return name[:1].upper() + name[1:]


def campaign_kind(name: str, text: str = "") -> CampaignKind:
    """Special, thematic, anniversary or yearly, from the name or the launching sentence."""
    folded = fold(name)
    head = text[:4000].lower()
    launch = None
    if any(w in head for w in ("chuyên đề", "đặc biệt", "chuyen de", "dac biet")):
        launch = re.search(
            r"phat dong (?:phong trao |dot )?thi dua (chuyen de|dac biet)", fold_ascii(head)
        )
    if launch:
        folded += " " + launch.group(1)
    if "dac biet" in folded:
        return CampaignKind.SPECIAL
    if "chuyen de" in folded:
        return CampaignKind.THEMATIC
    if "ky niem" in folded or ("chao mung" in folded and "nam" in folded):
        return CampaignKind.ANNIVERSARY
    if re.search(r"\bnam \d{4}\b", folded):
        return CampaignKind.YEARLY
    return CampaignKind.OTHER


def campaign_year(name: str, info: DocumentInfo) -> int | None:
    """The year in the name ("năm 2021"), else the issue date's year."""
    m = _YEAR_IN_TITLE.search(name)
    if m:
        return int(m.group(1))
    return info.issue_date.year if info.issue_date else None


def campaign_period(
    sentences: list[Sentence],
    phases: list[Phase],
    kind: CampaignKind,
    year: int | None,
    info: DocumentInfo,
) -> tuple[dt.date | None, dt.date | None, str]:
    """An explicit period sentence, else the phases' span, else the campaign's year."""
    for sentence in sentences:
        folded = sentence.folded
        if "tu " not in folded or not _has_digit(folded):
            continue
        if not _PERIOD_VERBS.search(folded):
            continue
        if "thoi gian" not in fold(sentence.section or "") and "phong trao" not in folded:
            continue
        for mention in parse_dates(sentence.text, year_hint=year, issue_date=info.issue_date):
            if mention.kind == "range" and fold(mention.text).lstrip(" (").startswith("tu"):
                return mention.start, mention.end, mention.text.strip(" .")
    dated = [p for p in phases if p.start or p.end]
    if dated:
        starts = [p.start for p in dated if p.start]
        ends = [p.end for p in dated if p.end]
        return (min(starts) if starts else None, max(ends) if ends else None, "theo các đợt")
    if kind is CampaignKind.YEARLY and year:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}"
    return None, None, ""


def _has_digit(folded: str) -> bool:
    """Whether any character is a digit (str.isdigit), as a C-speed scan where possible."""
    if folded.isascii():  # fold_ascii output: isdigit is 0-9, which one regex scan finds
        return _ASCII_DIGIT.search(folded) is not None
    return any(ch.isdigit() for ch in folded)


def theme_and_slogan(text: str) -> tuple[str | None, str | None]:
    """The quoted theme ("Chủ đề thi đua: “...”") and slogan ("phương châm “...”")."""
    lowered = text.lower()  # a cheap look before the case-insensitive patterns run
    theme = None
    first = lowered.find("chủ đề")
    if first >= 0:
        # A case-insensitive "chủ đề" is only ever the lower-cased one (checked for every code
        # point; not so for "khẩu hiệu": "ı" matches "i"), and when lower-casing kept the length
        # each position of `lowered` is the same position of `text`: no match starts earlier,
        # so the scan of the (uncased-prefix, hence slow) pattern starts there.
        theme = _THEME.search(text, first if len(lowered) == len(text) else 0)
    has_slogan = "phương châm" in lowered or "khẩu hiệu" in lowered
    slogan = _SLOGAN.search(text) if has_slogan else None
    return (
        theme.group("q").strip(" .") if theme else None,
        slogan.group("q").strip(" .") if slogan else None,
    )


def audience(sections: list[Section]) -> list[str]:
    """Who takes part ("Đối tượng thi đua": tập thể, cá nhân ...)."""
    for section in sections:
        if "doi tuong" not in fold(section.path[-1]):
            continue
        items = []
        for _, _, line in section_lines(section.text)[1:]:
            if line:
                items.append(line.rstrip(" ."))
        if items:
            return items
    return []
