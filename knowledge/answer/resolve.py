"""Which campaign a question is about: documents scored by place, year, number, kind, words
and the chat's context (vectorised over all documents); the best one is answered, close ones
are offered as choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.index.base import KnowledgeBase
from knowledge.places.lookup import place_phrases
from knowledge.question.reading import Question

CHOICE_GAP = 1.0  # documents within this score of the best are offered as choices
MAX_CHOICES = 4
KEEP = 12  # ranked documents kept for choices and passage search


@dataclass
class Resolution:
    """Documents ranked for a question."""

    ranked: list[tuple[int, float]] = field(default_factory=list)
    unknown_places: list[str] = field(default_factory=list)  # named but not in the base
    uncovered_years: list[int] = field(default_factory=list)  # no candidate covers them
    explicit: bool = False  # the question itself names the campaign (place, number, year…)
    from_context: bool = False  # the best document is the chat's previous campaign
    memo: dict[str, Any] = field(default_factory=dict)  # per-question results computed once

    @property
    def best(self) -> int | None:
        """Index of the best document."""
        return self.ranked[0][0] if self.ranked else None

    def choices(self) -> list[int]:
        """Other documents that match almost as well."""
        if not self.ranked:
            return []
        top = self.ranked[0][1]
        return [
            i
            for i, s in self.ranked[1 : MAX_CHOICES + 1]
            if s >= top - CHOICE_GAP and s > CHOICE_SHARE * top
        ]


TEXT_PLACE_BONUS = 2.0  # a place written in a document's text but not extracted as its place

# Scoring weights, one per signal a question gives. They were set by hand with the first
# answering core on the own question set (tests/answering/questions.yaml) and kept as the real
# and fresh sets were added; their order is what matters: a document number outweighs the
# question's place being the document's own, which outweighs the years a document covers and
# its words (BM25, the best document scaled to WORDS_WEIGHT); a signal a document lacks costs
# about what having it gains, so one strong match does not carry a document missing the rest.
WORDS_WEIGHT = 2.0
PLACE_OWN, PLACE_MENTIONED, PLACE_MISSING = 3.0, 1.0, -3.0
YEAR_COVERED, YEAR_MENTIONED, YEAR_MISSING = 2.0, 1.0, -2.5  # mentioned: only in the text
NUMBER_MATCH, NUMBER_MISSING = 5.0, -1.0
SPECIAL_MATCH, SPECIAL_MISSING = 1.5, -0.5  # "đợt thi đua đặc biệt" asked and written
ANNIVERSARY_MATCH = 1.0
DOC_TYPE_MATCH = 0.7  # "kế hoạch", "chỉ thị": a tie-breaker, not a filter
# The chat's previous campaign: a follow-up question leans on it; a question that names its
# campaign itself (explicit) barely.
CONTEXT_FOLLOW_UP, CONTEXT_EXPLICIT = 2.5, 0.5
CHOICE_SHARE = 0.5  # a choice offered scores at least this share of the best


PHRASE_CHECK_DOCS = 16  # documents checked for a place's words written together


def _phrase_docs(kb: KnowledgeBase, mask: np.ndarray, phrase: str) -> np.ndarray:
    """The documents of `mask` whose text holds the words as one phrase (first few checked)."""
    out = np.zeros(len(mask), dtype=bool)
    checked = np.flatnonzero(mask)[:PHRASE_CHECK_DOCS]
    if phrase in place_phrases():
        # Recorded at indexing for every place name: no document is parsed.
        out[checked] = kb.mask(kb.text_place_docs, phrase)[checked]
        return out
    padded = f" {phrase} "
    for i in checked:
        if any(padded in f" {' '.join(p.seq)} " for p in kb.passages(int(i))):
            out[i] = True
    return out


def _undated(kb: KnowledgeBase) -> np.ndarray:
    """Documents with no extracted year (news items): a year in their text may name them."""
    cached = kb.memo.get("undated")
    if cached is None or len(cached) != len(kb.entries):
        cached = np.array([not e.years for e in kb.entries], dtype=bool)
        kb.memo["undated"] = cached
    return cached


def resolve(kb: KnowledgeBase, question: Question, context_campaign: str | None) -> Resolution:
    """Rank the documents for a question."""
    res = Resolution()
    count = len(kb.entries)
    if not count:
        return res
    text_places = _text_places(kb, question, res)
    known = [place for place in question.places if place in kb.known_places]
    years = question.years
    number = question.intent.doc_number
    ctx = _context_index(kb, question, context_campaign)
    res.explicit = bool(
        known
        or text_places
        or number
        or years
        or question.intent.special
        or question.intent.anniversary
    )

    bm25 = kb.bm25([word for word in question.content if len(word) > 1])
    top = float(bm25.max())
    score = WORDS_WEIGHT * bm25 / (top or 1.0)
    allowed = np.ones(count, dtype=bool)
    if known:
        _score_known_places(kb, question, known, score, allowed)
    for mask in text_places:
        score += np.where(mask, TEXT_PLACE_BONUS, -TEXT_PLACE_BONUS)
    if not known and number and number in kb.number_docs:
        allowed &= kb.mask(kb.number_docs, number)
    if years and not _score_years(kb, years, score, allowed):
        res.uncovered_years = years
    _score_kind(kb, question, score)
    if ctx is not None:
        score[ctx] += CONTEXT_EXPLICIT if res.explicit else CONTEXT_FOLLOW_UP
        allowed[ctx] = allowed[ctx] or not known
    res.ranked = _ranked(np.where(allowed, score, -np.inf))
    res.from_context = ctx is not None and bool(res.ranked) and res.ranked[0][0] == ctx
    return res


def _text_places(kb: KnowledgeBase, question: Question, res: Resolution) -> list[np.ndarray]:
    """Masks of the documents whose text holds a place the extractor did not record; a place
    no document mentions at all goes to `res.unknown_places` (refused)."""
    # A place the extractor did not record (a news item's "Cần Thơ", "thành phố Huế") still
    # names the documents whose text holds the words the question wrote for it; only a place
    # no document mentions at all is refused.
    text_places: list[np.ndarray] = []
    res.unknown_places = []
    for place in question.places:
        if place in kb.known_places:
            continue
        written = [word for word in place.split() if word in question.words] or place.split()
        mask = _phrase_docs(kb, kb.docs_with_all(written), " ".join(written))
        if mask.any():
            text_places.append(mask)
        else:
            res.unknown_places.append(place)
    return text_places


def _context_index(
    kb: KnowledgeBase, question: Question, context_campaign: str | None
) -> int | None:
    """The chat's previous campaign, when the question may follow it up."""
    ctx = kb.index_for(context_campaign)
    if ctx is not None and question.intent.phase is not None and ctx not in _phased(kb):
        # "đợt 2 kết thúc ngày nào?" after a campaign without phases does not follow it up:
        # resolved afresh, as if asked first
        return None
    return ctx


def _score_known_places(
    kb: KnowledgeBase,
    question: Question,
    known: list[str],
    score: np.ndarray,
    allowed: np.ndarray,
) -> None:
    """Score (in place) the documents of or mentioning each recorded place; allow only those
    that mention one."""
    named = np.zeros(len(score), dtype=bool)
    for place in known:
        ident = kb.mask(kb.place_ident_docs, place)
        anywhere = kb.mask(kb.place_docs, place)
        # ... or written in the text of a document whose places were not extracted.
        written = [word for word in place.split() if word in question.words] or place.split()
        anywhere = anywhere | _phrase_docs(
            kb, kb.docs_with_all(written) & ~anywhere, " ".join(written)
        )
        score += np.where(ident, PLACE_OWN, np.where(anywhere, PLACE_MENTIONED, PLACE_MISSING))
        named |= anywhere
    allowed &= named


def _score_years(
    kb: KnowledgeBase, years: list[int], score: np.ndarray, allowed: np.ndarray
) -> bool:
    """Score (in place) the documents covering or mentioning the years; whether any allowed
    document does."""
    covers = np.zeros(len(score), dtype=bool)
    mentions = np.zeros(len(score), dtype=bool)
    for year in years:
        covers |= kb.mask(kb.year_docs, year)
        mentions |= kb.docs_with_all([str(year)])
    mentions &= _undated(kb)
    # A year only written in the text (a news item's "năm 2013") counts, less.
    score += np.where(covers, YEAR_COVERED, np.where(mentions, YEAR_MENTIONED, YEAR_MISSING))
    return bool(((covers | mentions) & allowed).any())


def _score_kind(kb: KnowledgeBase, question: Question, score: np.ndarray) -> None:
    """Score (in place) the document number, special/anniversary kind and document type."""
    number = question.intent.doc_number
    if number:
        score += np.where(kb.mask(kb.number_docs, number), NUMBER_MATCH, NUMBER_MISSING)
    if question.intent.special:
        score += np.where(kb.special, SPECIAL_MATCH, SPECIAL_MISSING)
    if question.intent.anniversary:
        score += np.where(kb.anniversary, ANNIVERSARY_MATCH, 0.0)
    if question.intent.doc_type:
        score += np.where(kb.mask(kb.type_docs, question.intent.doc_type), DOC_TYPE_MATCH, 0.0)


def _ranked(score: np.ndarray) -> list[tuple[int, float]]:
    """The KEEP best-scored documents that are allowed (finite), best first."""
    count = len(score)
    keep = min(KEEP, count)
    best = np.argpartition(-score, keep - 1)[:keep] if keep < count else np.arange(count)
    return sorted(
        ((int(index), float(score[index])) for index in best if np.isfinite(score[index])),
        key=lambda ranked: (-ranked[1], ranked[0]),
    )


def _phased(kb: KnowledgeBase) -> set[int]:
    """Documents that have phases (computed once per knowledge base)."""
    found = kb.memo.get("phased")
    if found is None:
        found = kb.memo["phased"] = {p[2] for p in kb.phases}
    return found
