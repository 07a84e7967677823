"""Which campaign a question is about: documents scored by place, year, number, kind, words
and the chat's context; the best one is answered, close ones are offered as choices."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from knowledge.kb import KnowledgeBase
from knowledge.question import Question
from knowledge.tokens import fast_fold

TOP_BY_WORDS = 30
CHOICE_GAP = 1.0  # documents within this score of the best are offered as choices
MAX_CHOICES = 4


@dataclass
class Resolution:
    """Documents ranked for a question."""

    ranked: list[tuple[int, float]] = field(default_factory=list)
    unknown_places: list[str] = field(default_factory=list)  # named but not in the base
    uncovered_years: list[int] = field(default_factory=list)  # no candidate covers them
    explicit: bool = False  # the question itself names the campaign (place, number, year…)
    from_context: bool = False  # the best document is the chat's previous campaign

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


def resolve(kb: KnowledgeBase, q: Question, context_campaign: str | None) -> Resolution:
    """Rank the documents for a question."""
    res = Resolution()
    if not kb.entries:
        return res
    places = q.places
    res.unknown_places = [p for p in places if p not in kb.known_places]
    known = [p for p in places if p in kb.known_places]
    years = q.years
    number = q.intent.doc_number

    words = [w for w in q.content if len(w) > 1]
    scores = kb.bm25(words)
    top_score = float(scores.max()) if len(scores) else 0.0
    candidates: set[int] = set()
    if known:
        for p in known:
            candidates.update(kb.docs_for_place(p))
    elif number:
        candidates.update(e.index for e in kb.entries if e.number_head == number)
    if not candidates:
        k = min(TOP_BY_WORDS, len(scores))
        if top_score > 0:
            top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else range(len(scores))
            candidates.update(int(i) for i in top)
        if years:
            for y in years:
                candidates.update(kb.docs_for_year(y)[:200])
        if not candidates:
            candidates.update(range(min(len(kb.entries), TOP_BY_WORDS)))
    ctx = kb.entry_for(context_campaign)
    if ctx is not None:
        candidates.add(ctx.index)
    res.explicit = bool(known or number or years or q.intent.special or q.intent.anniversary)

    ranked: list[tuple[int, float]] = []
    norm = top_score or 1.0
    for i in candidates:
        e = kb.entries[i]
        s = 2.0 * float(scores[i]) / norm
        for p in known:
            if p in e.places:
                s += 3.0
            elif p in e.mentions:
                s += 1.0
            else:
                s -= 3.0
        if years:
            s += 2.0 if any(y in e.years for y in years) else -2.5
        if number:
            s += 5.0 if e.number_head == number else -1.0
        name = fast_fold(e.name)
        if q.intent.special:
            s += 1.5 if (e.kind == "special" or "dac biet" in name) else -0.5
        if q.intent.anniversary and (e.kind == "anniversary" or "ky niem" in name):
            s += 1.0
        if q.intent.doc_type and q.intent.doc_type == e.doc_type:
            s += 0.7
        if ctx is not None and i == ctx.index:
            s += 0.5 if res.explicit else 2.5
        ranked.append((i, s))
    ranked.sort(key=lambda t: (-t[1], t[0]))
    res.ranked = ranked
    if years:
        covering = [i for i, _ in ranked if any(y in kb.entries[i].years for y in years)]
        if not covering:
            res.uncovered_years = years
    res.from_context = ctx is not None and bool(ranked) and ranked[0][0] == ctx.index
    return res
