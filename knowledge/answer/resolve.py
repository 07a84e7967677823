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
            if s >= top - CHOICE_GAP and s > 0.5 * top
        ]


TEXT_PLACE_BONUS = 2.0  # a place written in a document's text but not extracted as its place


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


def resolve(kb: KnowledgeBase, q: Question, context_campaign: str | None) -> Resolution:
    """Rank the documents for a question."""
    res = Resolution()
    n = len(kb.entries)
    if not n:
        return res
    # A place the extractor did not record (a news item's "Cần Thơ", "thành phố Huế") still
    # names the documents whose text holds the words the question wrote for it; only a place
    # no document mentions at all is refused.
    text_places: list[np.ndarray] = []
    res.unknown_places = []
    for p in q.places:
        if p in kb.known_places:
            continue
        written = [w for w in p.split() if w in q.words] or p.split()
        mask = _phrase_docs(kb, kb.docs_with_all(written), " ".join(written))
        if mask.any():
            text_places.append(mask)
        else:
            res.unknown_places.append(p)
    known = [p for p in q.places if p in kb.known_places]
    years = q.years
    number = q.intent.doc_number
    ctx = kb.index_for(context_campaign)
    if ctx is not None and q.intent.phase is not None and ctx not in _phased(kb):
        # "đợt 2 kết thúc ngày nào?" after a campaign without phases does not follow it up:
        # resolved afresh, as if asked first
        ctx = None
    res.explicit = bool(
        known or text_places or number or years or q.intent.special or q.intent.anniversary
    )

    bm25 = kb.bm25([w for w in q.content if len(w) > 1])
    top = float(bm25.max())
    score = 2.0 * bm25 / (top or 1.0)
    allowed = np.ones(n, dtype=bool)
    if known:
        named = np.zeros(n, dtype=bool)
        for p in known:
            ident = kb.mask(kb.place_ident_docs, p)
            anywhere = kb.mask(kb.place_docs, p)
            # ... or written in the text of a document whose places were not extracted.
            written = [w for w in p.split() if w in q.words] or p.split()
            anywhere = anywhere | _phrase_docs(
                kb, kb.docs_with_all(written) & ~anywhere, " ".join(written)
            )
            score += np.where(ident, 3.0, np.where(anywhere, 1.0, -3.0))
            named |= anywhere
        allowed &= named
    for mask in text_places:
        score += np.where(mask, TEXT_PLACE_BONUS, -TEXT_PLACE_BONUS)
    if not known and number and number in kb.number_docs:
        allowed &= kb.mask(kb.number_docs, number)
    if years:
        covers = np.zeros(n, dtype=bool)
        mentions = np.zeros(n, dtype=bool)
        for y in years:
            covers |= kb.mask(kb.year_docs, y)
            mentions |= kb.docs_with_all([str(y)])
        mentions &= _undated(kb)
        # A year only written in the text (a news item's "năm 2013") counts, less.
        score += np.where(covers, 2.0, np.where(mentions, 1.0, -2.5))
        if not ((covers | mentions) & allowed).any():
            res.uncovered_years = years
    if number:
        score += np.where(kb.mask(kb.number_docs, number), 5.0, -1.0)
    if q.intent.special:
        score += np.where(kb.special, 1.5, -0.5)
    if q.intent.anniversary:
        score += np.where(kb.anniversary, 1.0, 0.0)
    if q.intent.doc_type:
        score += np.where(kb.mask(kb.type_docs, q.intent.doc_type), 0.7, 0.0)
    if ctx is not None:
        score[ctx] += 0.5 if res.explicit else 2.5
        allowed[ctx] = allowed[ctx] or not known
    score = np.where(allowed, score, -np.inf)
    k = min(KEEP, n)
    best = np.argpartition(-score, k - 1)[:k] if k < n else np.arange(n)
    ranked = sorted(
        ((int(i), float(score[i])) for i in best if np.isfinite(score[i])),
        key=lambda t: (-t[1], t[0]),
    )
    res.ranked = ranked
    res.from_context = ctx is not None and bool(ranked) and ranked[0][0] == ctx
    return res


def _phased(kb: KnowledgeBase) -> set[int]:
    """Documents that have phases (computed once per knowledge base)."""
    found = kb.memo.get("phased")
    if found is None:
        found = kb.memo["phased"] = {p[2] for p in kb.phases}
    return found
