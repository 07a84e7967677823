"""Campaign-level facts: name, kind, year, period, theme, slogan, audience."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.dates.phrases import is_anniversary, parse_dates, parse_dates_shared
from knowledge.extract.references import is_reference as _is_reference
from knowledge.extract.sentences import Sentence, section_lines
from knowledge.schema import CampaignKind, DocumentInfo, Phase, Section
from knowledge.text.normalise import fold, fold_ascii

_QUOTED = r"[“\"']\s*(?P<q>[^”\"']{3,300}?)\s*[”\"']"
# "Chủ đề thi đua: “…”", "chủ đề năm học "…”", "chủ đề năm 2023 “…”" (a year's motto)
_THEME = re.compile(
    rf"Chủ đề(?:\s+(?:thi đua|năm học|năm\s+\d{{4}}|hành động|điều hành))?\s*:?\s*{_QUOTED}",
    re.IGNORECASE,
)
_SLOGAN = re.compile(rf"(?:phương châm|khẩu hiệu)\s*:?\s*{_QUOTED}", re.IGNORECASE)
_YEAR_IN_TITLE = re.compile(r"\bnăm\s+(\d{4})\b")
_ASCII_DIGIT = re.compile(r"[0-9]")
_PERIOD_VERBS = re.compile(
    r"(thuc hien|to chuc|trien khai|dien ra|phat dong|thoi gian thi dua|keo dai)"
)


def headline(text: str) -> str:
    """A news item's first line (its headline), when it reads as one."""
    for line in text.splitlines()[:3]:
        line = line.strip()
        if line:
            return line if 12 <= len(line) <= 250 and not line[:1].isdigit() else ""
    return ""


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


_CAMPAIGN_WORDS = re.compile(
    r"\b(?:thi dua|dot|phong trao|cao diem|chien dich|cuoc thi|giao uoc|chuong trinh)\b"
)
_CUTOFF_WORDS = re.compile(r"\b(?:dang ky|nop|gui|bao cao|han chot|han cuoi|ho so)\b")
_SPAN_WORDS = re.compile(r"\b(?:dien ra|thoi gian|keo dai|theo ke hoach)\b")
_OPENS_CAMPAIGN = re.compile(r"^(?:thuc hien|trien khai|huong ung)\b")
_LAUNCH_WORDS = re.compile(r"\b(?:phat dong|ra quan|trien khai)\b")
_PHASE_START = re.compile(r"^(?:[-–•+*]\s*)?(?:dot|giai doan)\s+(?:\d|[ivxl1]+\b)")
_FROM_BEFORE = re.compile(r"(?:^|\s)tu\s*$")  # "từ", not the "TU" of "12-CT/TU"
_FROM_NOW = re.compile(r"(?:^|\s)tu\s+nay\s*$")
_UNTIL_START = re.compile(r"^(?:den|toi)\b")
# "phát động phong trào thi đua yêu nước năm 2021": the year a campaign's name gives. The
# launching verb is tried first ("tổng kết … năm 2020 và phát động … năm 2021" is 2021's).
_NAMED_YEAR = [
    re.compile(r"\bphat dong\b(?:[^.;\n\d]{0,90}?)\bnam ((?:19|20)\d{2})\b"),
    re.compile(
        r"(?<!dai hoi )\b(?:giao uoc|ky ket|phong trao|cong tac|dot) thi dua\b"
        r"(?:[^.;\n\d]{0,70}?)\bnam ((?:19|20)\d{2})\b"
    ),
]
# Every period this module reads has one of these (a cheap test before parsing dates).
_PERIOD_CUES = ("tu ", "den ", "dien ra", "keo dai", "thoi gian", "theo ke hoach")
_NEAR = 70  # characters between a launch word and a one-sided period
_NAME_HEAD = 700  # the launch is named in a document's first lines



def _period_of(
    sentence: Sentence, year: int | None, info: DocumentInfo, after_campaign: bool
) -> _Period | None:
    """The campaign period a sentence states, if it states one.

    `after_campaign`: the sentence before, in the same paragraph, spoke of the campaign
    ("… phát động đợt thi đua cao điểm … Theo đó, từ ngày 8-10 đến 8-12-2018, …").
    """
    folded = sentence.folded
    if not any(cue in folded for cue in _PERIOD_CUES) or _PHASE_START.match(folded):
        return None  # no period cue (a cheap test first), or a phase's own line
    spans = _SPAN_WORDS.search(folded) is not None
    # "Thực hiện Tháng cao điểm thi đua …, ngay từ ngày 1/11/2021, …": the opening names it.
    opens = bool(_OPENS_CAMPAIGN.match(folded)) and bool(_CAMPAIGN_WORDS.search(folded[:60]))
    campaign = after_campaign or _CAMPAIGN_WORDS.search(folded) is not None
    if not (after_campaign or _CAMPAIGN_WORDS.search(folded) or "tu nay" in folded):
        return None  # neither the campaign nor "từ nay" is spoken of: nothing to parse
    for mention in parse_dates_shared(sentence.text, year, info.issue_date):
        if not mention.valid or is_anniversary(mention):
            continue
        lead = fold(mention.text).lstrip(" (")
        if lead.startswith(("nhiem ky", "giai doan", "nam")):
            continue  # a term of office or a programme's span, named in passing
        before = fold(sentence.text[max(0, mention.span[0] - 12) : mention.span[0]])
        clause = re.split(r"[,;:]", fold(sentence.text[: mention.span[0]]))[-1]
        if _CUTOFF_WORDS.search(clause) or _is_reference(sentence.text, mention):
            continue  # a cut-off ("Thời gian đăng ký … đến 15/02/2020"), another document's date
        if _FROM_NOW.search(before) and mention.end:
            return None, mention.end, f"từ nay {mention.text.strip(' .')}"  # "từ nay đến hết…"
        if not campaign:
            continue
        from_cue = lead.startswith("tu") or _FROM_BEFORE.search(before) is not None
        if mention.kind == "range" and mention.start and mention.end and (from_cue or spans):
            return mention.start, mention.end, mention.text.strip(" .")
        # One side alone is a period only right after the launch or span words: "phát động
        # đợt thi đua cao điểm đến hết năm 2008" (not a horizon far along a long sentence).
        if mention.kind == "range" and mention.end and from_cue:
            return mention.start, mention.end, mention.text.strip(" .")  # "từ ngày ban hành …"
        near = fold(sentence.text[max(0, mention.span[0] - _NEAR) : mention.span[0]])
        if not (_SPAN_WORDS.search(near) or _LAUNCH_WORDS.search(near) or opens):
            continue
        if mention.kind == "day" and mention.start and from_cue:
            return mention.start, None, mention.text.strip(" .")  # "ngay từ ngày 1/11/2021"
        if mention.end and _UNTIL_START.match(lead):
            # "phát động đợt thi đua cao điểm đến hết năm 2008"
            return None, mention.end, mention.text.strip(" .")
    return None


_Period = tuple[dt.date | None, dt.date | None, str]


def named_year(name: str, text: str) -> int | None:
    """The year the launch names ("phát động … năm 2021"), from the name or the first lines."""
    for source in (fold(name), fold(text[:_NAME_HEAD])):
        for pattern in _NAMED_YEAR:
            m = pattern.search(source)
            if m:
                return int(m.group(1))
    return None


def campaign_period(
    sentences: list[Sentence],
    phases: list[Phase],
    kind: CampaignKind,
    year: int | None,
    info: DocumentInfo,
    name: str = "",
    text: str = "",
    headline: str = "",
) -> tuple[dt.date | None, dt.date | None, str]:
    """An explicit period sentence, else two or more phases' span, else the named year.

    One phase alone never makes the campaign's period ("Giai đoạn 2" of a contest says
    nothing of when the contest began).
    """
    previous: Sentence | None = None
    for sentence in sentences:
        after = (
            previous is not None
            and previous.line == sentence.line
            and _CAMPAIGN_WORDS.search(previous.folded) is not None
        )
        previous = sentence
        if not _has_digit(sentence.folded):
            continue
        found = _period_of(sentence, year, info, after)
        if found is not None:
            return found
    dated = [p for p in phases if p.start or p.end]
    if len(dated) >= 2:
        starts = [p.start for p in dated if p.start]
        ends = [p.end for p in dated if p.end]
        return (min(starts) if starts else None, max(ends) if ends else None, "theo các đợt")
    span = _named_span(name) or _named_span(headline)
    if span is not None:
        return span
    launch_year = named_year(f"{name}\n{headline}", text)
    if launch_year is not None:
        half = _half_year(name, launch_year)
        if half is not None:
            return half
        return dt.date(launch_year, 1, 1), dt.date(launch_year, 12, 31), f"năm {launch_year}"
    if kind is CampaignKind.YEARLY and year:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}"
    return None, None, ""


def _named_span(name: str) -> _Period | None:
    """"… phong trào thi đua …, giai đoạn 2021 – 2025": a span in the campaign's own name."""
    for mention in parse_dates(name):
        if mention.kind == "range" and fold(mention.text).startswith("giai doan"):
            return mention.start, mention.end, mention.text.strip(" .")
    return None


def _half_year(name: str, year: int) -> _Period | None:
    """"Sơ kết … 6 tháng đầu năm 2018" names the half it reviews."""
    for mention in parse_dates(name, year_hint=year):
        whole = mention.start and mention.end and mention.start.year == mention.end.year == year
        if mention.kind == "range" and "thang" in fold(mention.text) and whole:
            return mention.start, mention.end, mention.text.strip(" .")
    return None


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
