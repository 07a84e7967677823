"""The in-memory knowledge base the answering core reads: compact indexes built once.

Hot (always in memory): one small `DocEntry` per document (identity, campaign span, places,
years), date-sorted deadlines and phases, and a document-level BM25 index over folded words
(numpy CSR postings). Cold: each full `ExtractedDocument` kept as zlib-compressed JSON and
parsed on demand through a small LRU cache, so 10,000 documents fit in a few hundred MB.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
import zlib
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.compose import doc_label
from knowledge.passages import Passage, passages_of
from knowledge.question_places import issuer_unit, place_key, provinces_in, units_in
from knowledge.recurring import stated_occurrences
from knowledge.schema import ExtractedDocument
from knowledge.sentences import Sentence, sentences_of
from knowledge.tokens import fast_fold, words_of_folded

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
from knowledge.kb_entries import (
    _NUMBER_HEAD,
    BODY_SCAN,
    BOILERPLATE,
    CACHE_SIZE,
    K1,
    MIN_IDF,
    B,
    DeadlineRef,
    DocEntry,
    _identity_text,
    _span,
    _stream_documents,
    _years,
    flagged_items,
)

REPORT_HORIZON = dt.timedelta(days=400)  # a yearly report always has an occurrence within

__all__ = ["BOILERPLATE", "DeadlineRef", "DocEntry", "KnowledgeBase", "flagged_items"]


class KnowledgeBase:
    """Campaign documents indexed for answering."""

    def __init__(self) -> None:
        self.entries: list[DocEntry] = []
        self.by_campaign: dict[str, int] = {}
        self.by_source: dict[str, int] = {}
        self.place_docs: dict[str, array] = {}
        self.place_ident_docs: dict[str, array] = {}  # issued by or for the place
        self.number_docs: dict[str, array] = {}  # "31" -> documents numbered 31/...
        self.type_docs: dict[str, array] = {}  # folded document type -> documents
        self.year_docs: dict[int, array] = {}
        self.known_places: set[str] = set()
        self.issuers: Counter[str] = Counter()  # display names, for "what I can answer about"
        # (due ordinal, doc index, deadline index), sorted by date, with a short summary each
        self.deadlines: list[tuple[int, int, int]] = []
        self.deadline_refs: dict[tuple[int, int], DeadlineRef] = {}
        # recurring reports whose day the document states: (period, day, month, doc, report)
        self.reports: list[tuple[str, int, int | None, int, int]] = []
        self.report_refs: dict[tuple[int, int], DeadlineRef] = {}
        # (start ordinal, end ordinal, doc index, phase index)
        self.phases: list[tuple[int, int, int, int]] = []
        self._blobs: list[bytes] = []
        self._cache: OrderedDict[int, ExtractedDocument] = OrderedDict()
        self._passages: OrderedDict[int, list[Passage]] = OrderedDict()
        self._sentences: OrderedDict[int, list[Sentence]] = OrderedDict()
        self.memo: dict[str, Any] = {}  # derived arrays computed on first use
        self._vocab: dict[str, int] = {}
        self._df: np.ndarray = np.zeros(0, dtype=np.int32)
        self._offsets: np.ndarray = np.zeros(1, dtype=np.int64)
        self._post_docs: np.ndarray = np.zeros(0, dtype=np.uint32)
        self._post_tf: np.ndarray = np.zeros(0, dtype=np.uint8)
        self._norm: np.ndarray = np.zeros(0, dtype=np.float32)
        self._fuzzy_words: list[str] = []
        self.phase_starts = np.zeros(0, dtype=np.int64)
        self.phase_ends = np.zeros(0, dtype=np.int64)
        # campaign spans as ordinals (unknown start: max, unknown end: min, so never "running")
        self.span_starts = np.zeros(0, dtype=np.int64)
        self.span_ends = np.zeros(0, dtype=np.int64)
        self.special = np.zeros(0, dtype=bool)
        self.anniversary = np.zeros(0, dtype=bool)
        self._fix_cache: dict[str, str | None] = {}

    # ---- building -------------------------------------------------------------------------

    @classmethod
    def from_documents(cls, docs: Iterable[ExtractedDocument]) -> KnowledgeBase:
        """Index documents (an iterable: they need not all be in memory at once)."""
        kb = cls()
        postings: dict[str, tuple[array, array]] = {}
        lengths = array("I")
        for doc in docs:
            index = len(kb.entries)
            folded = [fast_fold(" ".join(s.path) + "\n" + s.text) for s in doc.sections]
            kb._add_entry(index, doc, folded)
            counts = Counter(words_of_folded(fast_fold(_identity_text(doc))))
            for text in folded:
                counts.update(words_of_folded(text))
            lengths.append(sum(counts.values()))
            for word, tf in counts.items():
                slot = postings.get(word)
                if slot is None:
                    slot = postings[word] = (array("I"), array("B"))
                slot[0].append(index)
                slot[1].append(min(tf, 255))
            kb._blobs.append(zlib.compress(doc.model_dump_json().encode("utf-8"), 6))
        kb._finish_postings(postings, lengths)
        kb.deadlines.sort()
        kb.phases.sort()
        kb.phase_starts = np.fromiter((p[0] for p in kb.phases), np.int64, len(kb.phases))
        kb.phase_ends = np.fromiter((p[1] for p in kb.phases), np.int64, len(kb.phases))
        n = len(kb.entries)
        kb.special = np.fromiter((e.special for e in kb.entries), bool, n)
        kb.anniversary = np.fromiter((e.anniversary for e in kb.entries), bool, n)
        kb.span_starts = np.fromiter(
            ((e.start or dt.date.max).toordinal() for e in kb.entries), np.int64, len(kb.entries)
        )
        kb.span_ends = np.fromiter(
            ((e.end or dt.date.min).toordinal() for e in kb.entries), np.int64, len(kb.entries)
        )
        return kb

    @classmethod
    def load(cls, engine: Engine, statuses: tuple[str, ...] = ("published",)) -> KnowledgeBase:
        """Build from the documents stored in the database, streamed (never all in memory)."""
        return cls.from_documents(_stream_documents(engine, statuses))

    def _add_entry(self, index: int, doc: ExtractedDocument, folded: list[str]) -> None:
        info, c = doc.document, doc.campaign
        start, end, known = _span(doc)
        ident = fast_fold(_identity_text(doc))
        places = [place_key(p) for p in provinces_in(ident)] + units_in(ident)
        if info.province:
            places.append(place_key(info.province))
        unit = issuer_unit(fast_fold(info.issuer or ""))
        if unit is not None:
            places.append(unit)
        body = " ".join(folded)[:BODY_SCAN]
        mentions = [
            place_key(p)
            for p in provinces_in(body)
            if re.search(r"(?:tinh|thanh pho|tp)\s+" + re.escape(place_key(p)), body)
        ] + units_in(body)
        places = list(dict.fromkeys(places))
        mentions = [m for m in dict.fromkeys(mentions) if m not in places]
        campaign_id = c.id or doc.stem
        number = info.number
        head = _NUMBER_HEAD.match(number) if number else None
        entry = DocEntry(
            index=index,
            source=doc.source,
            campaign_id=campaign_id,
            label=doc_label(info, doc.source),
            name=c.name or info.title or doc.stem,
            doc_type=fast_fold(info.doc_type or ""),
            number_head=head.group(1).lstrip("0") or "0" if head else None,
            number_key=re.sub(r"\s+", "", fast_fold(number)) if number else None,
            kind=str(c.kind),
            year=c.year,
            start=start,
            end=end,
            start_known=known,
            places=tuple(places),
            mentions=tuple(mentions),
            years=frozenset(_years(doc, start, end)),
            special=c.kind == "special" or "dac biet" in fast_fold(c.name or ""),
            anniversary=c.kind == "anniversary" or "ky niem" in fast_fold(c.name or ""),
        )
        self.entries.append(entry)
        who = info.issuer or info.province
        if who:
            self.issuers[who] += 1
        self.by_campaign.setdefault(campaign_id, index)
        self.by_source.setdefault(doc.source, index)
        for place in (*places, *mentions):
            self.known_places.add(place)
            self.place_docs.setdefault(place, array("I")).append(index)
        for place in places:
            self.place_ident_docs.setdefault(place, array("I")).append(index)
        if entry.number_head:
            self.number_docs.setdefault(entry.number_head, array("I")).append(index)
        self.type_docs.setdefault(entry.doc_type, array("I")).append(index)
        for year in entry.years:
            self.year_docs.setdefault(year, array("I")).append(index)
        for i, d in enumerate(c.deadlines):
            if d.due:
                self.deadlines.append((d.due.toordinal(), index, i))
                self.deadline_refs[(index, i)] = DeadlineRef(
                    kind=str(d.kind),
                    what=d.what[:160],
                    recipient=(d.recipient or "")[:120] or None,
                    quote=d.quote[:300],
                    section=d.section,
                    id=d.id or f"{campaign_id}:deadline:{i}",
                    warnings=tuple(
                        w.message
                        for w in doc.warnings
                        if (w.field or "").removeprefix("campaign.").startswith(f"deadlines[{i}]")
                    ),
                )
        for i, r in enumerate(c.recurring_reports):
            if r.day is not None:  # only a stated day gives dates (knowledge/recurring.py)
                self.reports.append((str(r.period), r.day, r.month, index, i))
                self.report_refs[(index, i)] = DeadlineRef(
                    kind="periodic_report",
                    what=r.what[:160],
                    recipient=(r.recipient or "")[:120] or None,
                    quote=r.quote[:300],
                    section=r.section,
                    id=r.id or f"{campaign_id}:report:{i}",
                )
        for i, p in enumerate(c.phases):
            lo = (p.start or start or dt.date.min).toordinal()
            hi = (p.end or end or dt.date.max).toordinal()
            self.phases.append((lo, hi, index, i))

    def _finish_postings(self, postings: dict[str, tuple[array, array]], lengths: array) -> None:
        n_docs = max(len(lengths), 1)
        lens = np.frombuffer(lengths, dtype=np.uint32).astype(np.float32)
        avg = float(lens.mean()) if len(lens) else 1.0
        # BM25 length normalisation per document; term weights are computed at query time.
        self._norm = (K1 * (1 - B + B * lens / avg)).astype(np.float32)
        words = sorted(postings)
        self._vocab = {w: i for i, w in enumerate(words)}
        sizes = np.fromiter((len(postings[w][0]) for w in words), dtype=np.int64, count=len(words))
        self._offsets = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self._offsets[1:])
        total = int(self._offsets[-1])
        id_type = np.uint16 if n_docs < 1 << 16 else np.uint32  # compact postings
        self._post_docs = np.empty(total, dtype=id_type)
        self._post_tf = np.empty(total, dtype=np.uint8)
        for i, w in enumerate(words):
            ids, tfs = postings.pop(w)  # freed as they are copied: no double peak
            lo, hi = self._offsets[i], self._offsets[i + 1]
            self._post_docs[lo:hi] = np.frombuffer(ids, dtype=np.uint32)
            self._post_tf[lo:hi] = np.frombuffer(tfs, dtype=np.uint8)
        self._df = sizes.astype(np.int32)
        self._n_docs = n_docs
        self._fuzzy_words = [w for w in words if len(w) >= 3 and w.isalpha()]

    # ---- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entries)

    def document(self, index: int) -> ExtractedDocument:
        """The full document (parsed from its compressed form, cached)."""
        doc = self._cache.get(index)
        if doc is not None:
            self._cache.move_to_end(index)
            return doc
        doc = ExtractedDocument.model_validate_json(zlib.decompress(self._blobs[index]))
        self._cache[index] = doc
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return doc

    def passages(self, index: int) -> list[Passage]:
        """The document's passages, split and tokenised once (cached)."""
        found = self._passages.get(index)
        if found is not None:
            self._passages.move_to_end(index)
            return found
        found = passages_of(self.document(index))
        self._passages[index] = found
        if len(self._passages) > CACHE_SIZE:
            self._passages.popitem(last=False)
        return found

    def sentences(self, index: int) -> list[Sentence]:
        """The document's sentences (list items with their announcing line), cached."""
        found = self._sentences.get(index)
        if found is not None:
            self._sentences.move_to_end(index)
            return found
        found = sentences_of(self.passages(index))
        self._sentences[index] = found
        if len(self._sentences) > CACHE_SIZE:
            self._sentences.popitem(last=False)
        return found

    def entry_for(self, campaign_id: str | None) -> DocEntry | None:
        """The document entry of a campaign id."""
        if campaign_id is None:
            return None
        index = self.by_campaign.get(campaign_id)
        return self.entries[index] if index is not None else None

    def knows(self, word: str) -> bool:
        """Whether a folded word occurs in any document."""
        return word in self._vocab

    def df(self, word: str) -> int:
        """In how many documents a folded word occurs."""
        i = self._vocab.get(word)
        return int(self._df[i]) if i is not None else 0

    def generic(self, word: str) -> bool:
        """Whether a word is boilerplate of every campaign document (says nothing specific)."""
        return word in BOILERPLATE

    def idf(self, word: str) -> float:
        """Inverse document frequency (BM25 form, never negative)."""
        n = len(self.entries) or 1
        df = self.df(word)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def bm25(self, words: Iterable[str]) -> np.ndarray:
        """BM25 score of every document for the given folded words."""
        scores = np.zeros(len(self.entries), dtype=np.float32)
        for word in set(words):
            i = self._vocab.get(word)
            if i is None:
                continue
            idf = self.idf(word)
            if idf < MIN_IDF:
                continue  # in nearly every document: its long postings change no ranking
            lo, hi = self._offsets[i], self._offsets[i + 1]
            docs = self._post_docs[lo:hi]
            tf = self._post_tf[lo:hi].astype(np.float32)
            scores[docs] += idf * tf * (K1 + 1) / (tf + self._norm[docs])
        return scores

    def docs_with_all(self, words: list[str]) -> np.ndarray:
        """Mask of the documents whose text holds every one of the folded words."""
        n = len(self.entries)
        mask = np.ones(n, dtype=bool) if words else np.zeros(n, dtype=bool)
        for word in words:
            i = self._vocab.get(word)
            if i is None:
                return np.zeros(n, dtype=bool)
            has = np.zeros(n, dtype=bool)
            has[self._post_docs[self._offsets[i] : self._offsets[i + 1]]] = True
            mask &= has
        return mask

    def doc_has(self, word: str, index: int) -> bool:
        """Whether document `index` contains a folded word (binary search in its postings)."""
        i = self._vocab.get(word)
        if i is None:
            return False
        ids = self._post_docs[self._offsets[i] : self._offsets[i + 1]]
        at = int(np.searchsorted(ids, index))
        return at < len(ids) and int(ids[at]) == index

    def correct(self, word: str) -> str | None:
        """The closest known word for a misspelt one (None when nothing is close)."""
        if word in self._fix_cache:
            return self._fix_cache[word]
        best: str | None = None
        if len(word) >= 3 and word.isalpha() and self._fuzzy_words:
            cutoff = 80 if len(word) <= 4 else 75
            found = process.extract(
                word, self._fuzzy_words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=4
            )
            if found:
                best = max(found, key=lambda f: (f[1], self.df(f[0])))[0]
        if len(self._fix_cache) < 50_000:
            self._fix_cache[word] = best
        return best

    def deadlines_between(self, start: dt.date, end: dt.date) -> list[tuple[int, int, int]]:
        """(ordinal, doc index, deadline index) of deadlines due within [start, end]."""
        lo = bisect.bisect_left(self.deadlines, (start.toordinal(), -1, -1))
        hi = bisect.bisect_right(self.deadlines, (end.toordinal(), 1 << 62, 1 << 62))
        return self.deadlines[lo:hi]

    def due_between(
        self, start: dt.date, end: dt.date, *, reports: bool = True
    ) -> list[tuple[int, int, DeadlineRef]]:
        """(due ordinal, doc index, summary) of deadlines and of occurrences of recurring
        reports due within [start, end], soonest first. An occurrence counts only inside its
        campaign's span and within REPORT_HORIZON of `start` (an open-ended window would
        otherwise list a monthly report for ever)."""
        out = [
            (o, i, self.deadline_refs[(i, j)]) for o, i, j in self.deadlines_between(start, end)
        ]
        if reports and self.reports:
            dues: dict[tuple[str, int, int | None], list[int]] = {}
            for period, day, month, i, j in self.reports:
                rule = (period, day, month)
                if rule not in dues:  # few distinct rules: each is expanded once
                    dues[rule] = [o.due.toordinal() for o in stated_occurrences(
                        period, day, month, start, min(end, start + REPORT_HORIZON))]
                e = self.entries[i]
                lo = e.start.toordinal() if e.start else 0
                hi = e.end.toordinal() if e.end else 1 << 62
                ref = self.report_refs[(i, j)]
                out.extend((o, i, ref) for o in dues[rule] if lo <= o <= hi)
            out.sort(key=lambda t: (t[0], t[1], t[2].id))
        return out

    def phases_on(self, day: dt.date) -> list[tuple[int, int, int, int]]:
        """Phases whose span contains `day`."""
        return self.phases_overlapping(day, day)

    def phases_overlapping(self, lo: dt.date, hi: dt.date) -> list[tuple[int, int, int, int]]:
        """Phases whose span overlaps [lo, hi]."""
        mask = (self.phase_starts <= hi.toordinal()) & (self.phase_ends >= lo.toordinal())
        return [self.phases[i] for i in np.flatnonzero(mask)]

    def campaigns_overlapping(self, lo: dt.date, hi: dt.date) -> list[int]:
        """Documents whose campaign span overlaps [lo, hi]."""
        mask = (self.span_starts <= hi.toordinal()) & (self.span_ends >= lo.toordinal())
        return [int(i) for i in np.flatnonzero(mask)]

    def docs_for_place(self, place: str) -> list[int]:
        """Documents issued for (or naming) a folded place."""
        return list(self.place_docs.get(place, ()))

    def mask(self, index: dict[Any, array], key: object) -> np.ndarray:
        """Boolean mask over documents from one of the inverted indexes."""
        out = np.zeros(len(self.entries), dtype=bool)
        ids = index.get(key)
        if ids:
            out[np.frombuffer(ids, dtype=np.uint32)] = True
        return out

    def docs_for_year(self, year: int) -> list[int]:
        """Documents whose campaign covers a year."""
        return list(self.year_docs.get(year, ()))
