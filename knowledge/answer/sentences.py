"""Sentence-level retrieval inside the resolved document(s), scored for the question's type.

What a question asks for (its slots) is read by knowledge/question/slots.py. Only a sentence that
holds a fact of the asked kind can answer; when the resolved document has none, the answer is
"the document does not say" (không nêu), never a sentence of another document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.question.slots import CHANNEL, DAY_MONTH
from knowledge.text.sentence_split import MAX_SENTENCE_QUOTE, OPENING_SENTENCES, Sentence
from knowledge.text.tokens import fast_fold, words_of_folded

# ---- thresholds (named, tested in tests/answering/test_sentences.py) --------------------------
# Share of the question's word weight (after the words that named the document) a sentence
# must hold to be quoted as the answer. Chosen on the sample and real development sets: 0.34
# keeps one-word topics ("quân bưu" of "hình thức nào") while sentences sharing only frame
# words ("đợt", "ngày") with the question stay below it.
SENTENCE_MIN_COVERAGE = 0.34
# Weight of a sentence's own words against the words of its section heading / neighbours.
NEIGHBOUR_SHARE = 0.5
# Slot-bearing sentences win over better-covering ones without the slot by this margin.
SLOT_BONUS = 0.35
# The share of the question's singling-out words (see focus_words) the document must hold:
# "cụm trưởng" asked of a document that never names one is "không nêu", whatever else matches.
FOCUS_MIN = 0.5
FOCUS_SHARE = 1.0  # weight of the singling-out words in a sentence's score
COMMON_IN_DOC = 4  # a word in this many sentences (and COMMON_SHARE of them) identifies
COMMON_SHARE = 0.4  # the document, not a fact
TITLE_WORDS = 30  # an opening sentence this short is a title or lead

# ---- what a sentence holds ----------------------------------------------------------------------
_DATE = re.compile(
    r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\b|\bngay \d{1,2}\b|\bthang \d{1,2}\b|\btuan hoc\b|"
    r"\bquy [ivx1-4]+\b|\bnam \d{4}\b|\bhang (nam|thang|quy)\b|\bhet nam\b"
)
_STRONG_DATE = re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\b|\bngay \d{1,2}\b|\bthang \d{1,2}\b")
_DURATION = re.compile(
    r"\b\d+\s*(ngay|thang|tuan|nam)\b|\b(hai|ba|bon|nam|sau|muoi) (ngay|thang)\b"
)
_DOC_NUMBER = re.compile(r"\b\d+\s*/\s*(?:\d{4}/)?[a-z]{1,6}\b")  # 1775/KH-SYT, 16/2018/TT
_NUMBER = re.compile(
    r"\d|\b(mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|tram|nghin)\b|\blan thu [ivxlc]+\b"
)
_CAPITAL_RUN = re.compile(
    r"(?<![.:!?]\s)(?<!^)\b[A-ZĐÀ-Ỹ][^\s,;:.()]*(?:\s+[A-ZĐÀ-Ỹ][^\s,;:.()]*)+"
)
# A person named with a title or rank: "Đại tá Bùi Văn Lương", "ông Trịnh Hàng, Giám đốc …",
# "BSCKII Phạm Phú Trường Giang", "đồng chí Võ Thanh An".
_PERSON = re.compile(
    r"\b(?:[ôÔ]ng|[bB]à|[đĐ]ồng chí|Đại tá|Thượng tá|Trung tá|Thiếu tá|Thiếu tướng|Trung tướng|"
    r"Thượng tướng|Đại tướng|BSCKI+|TS\.|ThS\.|PGS\.?|GS\.?)\s+[A-ZĐÀ-Ỹ][^\s,;:.()]*"
    r"(?:\s+[A-ZĐÀ-Ỹ][^\s,;:.()]*){1,4}"
)
_AGENCY = re.compile(
    r"\b(so|ban|bo|cuc|uy ban|ubnd|hoi|phong|trung tam|benh vien|cong an|huyen|xa|tinh|"
    r"thanh pho|doan|cong doan|truong|khoi|cum|chu tich|giam doc|truong ban|thu tuong)\b"
)
_PLACE = re.compile(
    r"\b(tai|ve|o|gui|qua)\s+(?:\S+\s+){0,3}?(so \d|pho|phuong|quan|huyen|tinh|thanh pho|"
    r"truong|hoi truong|nha thi dau|benh vien|phu|so |ban |bo |cuc |uy ban|trung tam|tru so)"
)
_REWARD = re.compile(
    r"\b(bang khen|giay khen|co thi dua|danh hieu|huan chuong|huy chuong|ky niem chuong|"
    r"chien si thi dua|tap the lao dong|khen thuong)\b"
)


_SAYS_DUE = re.compile(
    r"\b(truoc|cham nhat|han|thoi han|den het|den ngay|gui ve|nop ve|ket thuc|het ngay)\b"
)
# A sentence giving the end of a period says "đến", "hết", "kết thúc"; its start "từ"...
_SAYS_END = re.compile(r"\b(den|het|ket thuc|cuoi|truoc|cham nhat)\b")
_SAYS_START = re.compile(r"\b(tu|bat dau|khoi|phat dong|ra quan|dien ra)\b")


# Words that ask rather than say what is asked about ("bắt đầu từ ngày nào", "tổ chức ở
# đâu"): they weigh little in a sentence's coverage.
ASKING_WORDS = frozenset(
    [
        "ngay",
        "thang",
        "nam",
        "tu",
        "den",
        "truoc",
        "khi",
        "nao",
        "dau",
        "o",
        "ve",
        "tai",
        "bat",
        "ket",
        "thuc",
        "dien",
        "ra",
        "to",
        "chuc",
        "la",
        "co",
        "duoc",
        "bao",
        "nhieu",
        "may",
        "lau",
        "gio",
        "ai",
    ]
)
ASKING_WORDS |= frozenset(["lan", "thu", "dip", "nhan", "keo", "vao", "ban", "hanh", "theo"])
ASKING_WORDS |= frozenset(["phan", "tram"])  # "bao nhiêu phần trăm": a "%" in the text
ASKING_WEIGHT = 0.2
# Words of administrative units: they place the document, they do not single a fact out.
ADMIN_WORDS = frozenset(
    ["tinh", "huyen", "xa", "phuong", "quan", "thanh", "pho", "thi", "tran", "tp"]
)


def holds(slot: str, raw: str, folded: str) -> bool:
    """Whether a sentence holds a fact of the asked kind."""
    if slot == "date":
        return bool(_DATE.search(folded))
    if slot == "day":
        return bool(_STRONG_DATE.search(folded))
    if slot == "channel":
        return bool(CHANNEL.search(folded))
    if slot == "docnum":
        return bool(_DOC_NUMBER.search(folded))
    if slot == "due":
        return bool(_SAYS_DUE.search(folded))
    if slot == "end":
        return bool(_SAYS_END.search(folded))
    if slot == "start":
        return bool(_SAYS_START.search(folded))
    if slot == "duration":
        return bool(_DURATION.search(folded))
    if slot == "number":
        return bool(_NUMBER.search(folded))
    if slot == "place":
        return bool(_PLACE.search(folded))
    if slot == "person":
        return bool(_PERSON.search(raw))
    if slot == "who":
        return bool(_CAPITAL_RUN.search(raw)) or bool(_AGENCY.search(folded))
    if slot == "reward":
        return bool(_REWARD.search(folded))
    return True


@dataclass(frozen=True)
class SentenceHit:
    """A scored sentence."""

    sentence: Sentence
    coverage: float  # share of the question's word weight the sentence holds
    has_slots: bool  # whether it holds every asked kind of fact
    score: float
    focus: float = 1.0  # share of the question's singling-out words in the sentence itself


def focus_words(sentences: list[Sentence], words: list[str]) -> list[str]:
    """The question's words that single out a sentence: not the words that identify the
    document (those of its opening sentences, or of three sentences or more)."""
    opening: set[str] = set()
    for s in sentences[:OPENING_SENTENCES]:
        if len(s.words) <= TITLE_WORDS:
            opening |= s.words
    common = max(COMMON_IN_DOC, COMMON_SHARE * len(sentences))
    out = []
    for w in dict.fromkeys(words):
        if w in ASKING_WORDS or w in ADMIN_WORDS or len(w) <= 2 or w in opening:
            continue
        if sum(1 for s in sentences if w in s.words) >= common:
            continue
        out.append(w)
    return out


# A section whose heading names the asked kind of fact ("II. THỜI GIAN PHÁT ĐỘNG" for "trong
# thời gian nào?") is where a plan states it: its sentences get this much score.
HEADING_BONUS = 0.3
_SLOT_HEADINGS = {
    "date": re.compile(r"\bthoi (gian|han|diem)\b"),
    "start": re.compile(r"\bthoi (gian|diem)\b"),
    "end": re.compile(r"\bthoi (gian|han)\b"),
    "day": re.compile(r"\bthoi (gian|han)\b|\bche do bao cao\b"),
    "reward": re.compile(r"\bkhen thuong\b"),
}
_DATELINE = re.compile(
    r"^[a-z][a-z .\-]{1,40},\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\s*\.?\s*$"
)
_DATED_SLOTS = ("date", "day", "start", "end", "due")


def _headed(section: str, slots: list[str]) -> frozenset[str] | None:
    """The words of a section heading that names an asked kind of fact, else None."""
    heading = fast_fold(section)
    if any(slot in _SLOT_HEADINGS and _SLOT_HEADINGS[slot].search(heading) for slot in slots):
        return frozenset(words_of_folded(heading))
    return None


def _without_dates(folded: str, given: tuple[str, ...]) -> str:
    """The sentence with the question's own dates blanked: a date the question already
    writes is not the fact it asks for."""
    def blank(match: re.Match[str]) -> str:
        return " " if f"{int(match.group(1))}/{int(match.group(2))}" in given else match.group(0)

    return DAY_MONTH.sub(blank, folded)


def best_sentences(
    sentences: list[Sentence],
    words: list[str],
    weight: Callable[[str], float],
    slots: list[str],
    limit: int = 3,
    focus: list[str] | None = None,
    given: tuple[str, ...] = (),
) -> list[SentenceHit]:
    """Sentences best covering the question's words, those holding the asked slots first
    (`given`: dates the question writes, which do not count as the asked date)."""
    # Words of administrative units ("thành phố", "tỉnh") placed the document; a sentence
    # need not repeat them to state the fact.
    weights = [
        (w, weight(w) * (ASKING_WEIGHT if w in ASKING_WORDS else 1.0))
        for w in dict.fromkeys(words)
        if w not in ADMIN_WORDS
    ]
    total = sum(wt for _, wt in weights) or 1.0
    hits: list[SentenceHit] = []
    headings: dict[str, frozenset[str] | None] = {}  # section -> its words, when it is headed
    for s in sentences:
        if _DATELINE.match(s.folded):
            continue  # "Phước Long, ngày 9 tháng 10 năm 2014": the issue date, a header
        if s.section not in headings:
            headings[s.section] = _headed(s.section, slots)
        head = headings[s.section]
        headed = head is not None
        # "II. THỜI GIAN PHÁT ĐỘNG" / "Từ tuần học thứ 09 …": the heading is part of what
        # the line states
        said = s.words | head if head is not None else s.words
        got = sum(wt for w, wt in weights if w in said)
        if got <= 0.0:
            continue
        near = sum(wt for w, wt in weights if w not in said and w in s.around)
        coverage = (got + NEIGHBOUR_SHARE * near) / total
        folded = _without_dates(s.folded, given) if given else s.folded
        has = all(
            holds(slot, s.text, folded if slot in _DATED_SLOTS else s.folded) for slot in slots
        )
        focus_cov = 1.0
        if focus:
            focus_total = sum(weight(w) for w in focus) or 1.0
            focus_cov = sum(weight(w) for w in focus if w in s.words) / focus_total
        length_pen = 1.0 + max(0, len(s.words) - 60) / 300
        score = (coverage + FOCUS_SHARE * focus_cov) / length_pen + (
            SLOT_BONUS if has and slots else 0.0
        )
        if has and headed:
            score += HEADING_BONUS
        hits.append(SentenceHit(s, coverage, has, score, focus_cov))
    hits.sort(key=lambda h: h.score, reverse=True)
    return hits[:limit]


def answering_sentence(
    sentences: list[Sentence],
    words: list[str],
    weight: Callable[[str], float],
    slots: list[str],
    focus: list[str] | None = None,
    required: list[tuple[str, ...]] | None = None,
    given: tuple[str, ...] = (),
) -> SentenceHit | None:
    """The sentence that answers: it holds the asked slots, enough of the question, and
    enough of the words that single the asked fact out."""
    if focus:
        # The document must speak of what singles the fact out ("cụm trưởng"); which sentence
        # does is then a matter of score.
        in_doc: set[str] = set()
        for s in sentences:
            in_doc |= s.words
        total = sum(weight(w) for w in focus) or 1.0
        if sum(weight(w) for w in focus if w in in_doc) / total < FOCUS_MIN:
            return None
    # Every scored sentence, not a top few: the few best covered may all lack the asked slot
    # while a sentence that holds it scores just below them.
    for hit in best_sentences(sentences, words, weight, slots, len(sentences), focus, given):
        if slots and not hit.has_slots:
            continue
        # "– Giai đoạn 2 …" then "– Thời gian từ 26/11 …": the line before may name it
        said = hit.sentence.words | hit.sentence.before
        if required and not all(any(w in said for w in alt) for alt in required):
            continue
        if hit.coverage >= SENTENCE_MIN_COVERAGE:
            return hit
    return None


def cut_quote(text: str, words: list[str]) -> str:
    """A sentence as quoted: whole when short, else the clauses around the question's words."""
    if len(text) <= MAX_SENTENCE_QUOTE:
        return text
    parts = re.split(r"(?<=[;,])\s+", text)
    wanted = set(words)
    scores = [len(wanted & set(words_of_folded(fast_fold(p)))) for p in parts]
    best = max(range(len(parts)), key=lambda i: scores[i])
    lo = hi = best
    while True:
        grown = False
        if hi + 1 < len(parts) and len(" ".join(parts[lo : hi + 2])) <= MAX_SENTENCE_QUOTE:
            hi += 1
            grown = True
        if lo > 0 and len(" ".join(parts[lo - 1 : hi + 1])) <= MAX_SENTENCE_QUOTE:
            lo -= 1
            grown = True
        if not grown:
            break
    quote = " ".join(parts[lo : hi + 1])
    return (
        ("… " if lo > 0 else "")
        + quote[:MAX_SENTENCE_QUOTE]
        + (" …" if hi + 1 < len(parts) else "")
    )
