"""A question read once: folded and typo-corrected words, time, places, intent, language."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge.dates.relative import TimeQuery, parse_time
from knowledge.index.base import KnowledgeBase
from knowledge.places.lookup import place_key, provinces_in, single_word_units_in, units_in
from knowledge.question.intents import CUE_WORDS, Intent, detect, doc_number_in, strip_cues
from knowledge.text.normalise import fold
from knowledge.text.tokens import FRAME_WORDS, STOPWORDS, bigrams, clean_question, words_of_folded

# Abbreviations officials type, expanded before anything else reads the question.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "tdkt": "thi dua khen thuong",
    "td kt": "thi dua khen thuong",
    "hd tdkt": "hoi dong thi dua khen thuong",
    "kh": "ke hoach",
    "ct": "chi thi",
    "bc": "bao cao",
    "qd": "quyet dinh",
    "cv": "cong van",
    "tp": "thanh pho",
    "tx": "thi xa",
    "snv": "so noi vu",
    "td": "thi dua",
    "kt": "khen thuong",
    "bk": "bang khen",
    "gk": "giay khen",
    "pt": "phong trao",
    "ko": "khong",
    "k": "khong",
    "j": "gi",
    "bn": "bao nhieu",
    "dc": "duoc",
    "tddb": "thi dua dac biet",
    # i/y spellings: "tỉ lệ" = "tỷ lệ", "đăng kí" = "đăng ký"
    "ti": "ty",
    "ki": "ky",
    "li": "ly",
}
_ABBR_RE = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b")

_EN_WORDS = frozenset(
    [
        "what",
        "when",
        "where",
        "who",
        "which",
        "how",
        "is",
        "are",
        "the",
        "of",
        "for",
        "to",
        "does",
        "do",
        "deadline",
        "deadlines",
        "campaign",
        "campaigns",
        "report",
        "reports",
        "phase",
        "phases",
        "plan",
        "plans",
        "reward",
        "rewards",
        "target",
        "targets",
        "slogan",
        "theme",
        "signed",
        "issued",
        "document",
        "documents",
        "many",
        "much",
        "days",
        "left",
        "running",
        "ongoing",
        "please",
        "tell",
        "me",
        "about",
        "in",
        "on",
        "and",
        "this",
        "next",
        "month",
        "week",
        "year",
        "today",
        "tomorrow",
        "until",
        "there",
        "any",
        "list",
        "show",
    ]
)
# Words that say the question is about emulation campaigns at all (the domain anchors).
ANCHORS = re.compile(
    r"\b(thi dua|khen thuong|phong trao|ke hoach|chi thi|van ban|han|nop|bao cao|dot|giai doan|"
    r"chi tieu|muc tieu|phan dau|ty le|cong trinh|chao mung|ky niem|dang ky|giao uoc|doi tuong|"
    r"chu de|phuong cham|khau hieu|so ket|tong ket|bang khen|giay khen|danh hieu|phu trach|"
    r"chu tri|thuong truc|ban hanh|nguoi ky|ai ky|so hieu|dinh ky|uy ban nhan dan|so noi vu|"
    r"nhiem vu|trach nhiem|thoi gian|tham gia|phat dong|deadline|campaign|emulation|report|"
    r"reward|target|slogan|theme|phase|signed|issued)\b"
)


_YEAR_WORD = re.compile(r"(?:19|20)\d{2}")


@dataclass
class Question:
    """Everything the answering core reads from one question."""

    raw: str
    folded: str  # folded, abbreviations expanded, typos corrected
    words: list[str]
    content: list[str]  # topic words: no stop words, no place words
    pairs: list[str]
    time: TimeQuery
    intent: Intent
    language: str
    provinces: list[str] = field(default_factory=list)  # canonical names
    places: list[str] = field(default_factory=list)  # folded keys of provinces and units
    corrected: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # words neither known nor correctable
    anchored: bool = False  # names something of the domain

    @property
    def years(self) -> list[int]:
        """Campaign-time years written in the question (historical years left out)."""
        return [y for y in self.time.years if y >= 2000]

    def topic(self, intent: str | None) -> list[str]:
        """Words that say what is asked about: not the intent's cue words, not frame words."""
        place_words = {w for p in self.places for w in p.split()}
        if self.intent.doc_number:
            place_words.add(self.intent.doc_number)  # the document's number names it, no topic
        words = words_of_folded(strip_cues(self.folded, intent))
        return [
            w
            for w in content_of(words, place_words)
            if w not in FRAME_WORDS and not _YEAR_WORD.fullmatch(w)
        ]

    @property
    def en(self) -> bool:
        """Whether replies should be framed in English."""
        return self.language == "en"


def detect_language(text: str, words: list[str]) -> str:
    """ "en" for English questions, else "vi" (any Vietnamese letter means Vietnamese)."""
    if any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)) or "đ" in text:
        return "vi"
    english = sum(1 for w in words if w in _EN_WORDS)
    return "en" if english >= 2 and english >= 0.3 * max(len(words), 1) else "vi"


def _fuzzy_places(kb: KnowledgeBase, words: list[str]) -> list[str]:
    """Places of the knowledge base written with a typo ("dien bein", "an giag")."""
    known = list(kb.known_places)
    found: list[str] = []
    if not known:
        return found
    for n in (3, 2):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i : i + n])
            if len(gram) < 6:
                continue
            if gram in kb.known_places:
                if gram not in found:
                    found.append(gram)  # a place of the base written without its marker
                continue
            if all(kb.knows(w) for w in words[i : i + n]):
                continue  # ordinary words ("hành động năm"), not a misspelt place
            hit = process.extractOne(gram, known, scorer=fuzz.ratio, score_cutoff=86)
            if hit and hit[0] not in found:
                found.append(hit[0])
    return found


def content_of(words: list[str], place_words: set[str]) -> list[str]:
    """Words that can carry a topic: no stop words, no place words, no "bao" of "bao nhiêu"."""
    return [
        w
        for i, w in enumerate(words)
        if w not in STOPWORDS
        and len(w) > 1
        and w not in place_words
        and not (w == "bao" and words[i + 1 : i + 2] in (["nhieu"], ["gio"], ["lau"]))
        # "trong" is "in" unless it starts "trọng tâm", "trọng điểm", "trọng đại"
        and not (w == "trong" and words[i + 1 : i + 2] not in (["tam"], ["diem"], ["dai"]))
    ]


def expand(folded: str) -> str:
    """Abbreviations of a folded text written out ("ubnd" -> "uy ban nhan dan")."""
    return _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], folded)


def parse_question(
    kb: KnowledgeBase, text: str, now: dt.datetime, language: str | None = None
) -> Question:
    """Read a question against the knowledge base's vocabulary."""
    raw = clean_question(text)[:2000]
    base = fold(raw)
    number = doc_number_in(base)
    base = _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], base)
    raw_words = words_of_folded(base)
    lang = language if language in ("vi", "en") else detect_language(raw, raw_words)

    provinces = provinces_in(base)
    places = [place_key(p) for p in provinces] + units_in(base)
    for p in single_word_units_in(base, kb.known_places):
        if p not in places:
            places.append(p)
    for p in _fuzzy_places(kb, raw_words):
        if p not in places:
            places.append(p)
    place_words = {w for p in places for w in p.split()}

    corrected: dict[str, str] = {}
    unknown: list[str] = []
    words: list[str] = []
    for w in raw_words:
        if kb.knows(w) or w.isdigit() or w in STOPWORDS or w in CUE_WORDS or w in place_words:
            words.append(w)
            continue
        if lang == "en" and w in _EN_WORDS:
            words.append(w)
            continue
        fix = kb.correct(w)
        if fix:
            corrected[w] = fix
            words.append(fix)
        else:
            unknown.append(w)
            words.append(w)
    folded = " ".join(words)
    intent = detect(folded)
    intent.doc_number = number or intent.doc_number
    time = parse_time(base, now)
    content = content_of(words, place_words)
    pairs = [p for p in bigrams(words) if not any(x in STOPWORDS for x in p.split())]
    anchored = bool(ANCHORS.search(folded))
    return Question(
        raw=raw,
        folded=folded,
        words=words,
        content=content,
        pairs=pairs,
        time=time,
        intent=intent,
        language=lang,
        provinces=provinces,
        places=places,
        corrected=corrected,
        unknown=unknown,
        anchored=anchored,
    )
