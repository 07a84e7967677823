"""The in-memory knowledge base the answering core reads: compact indexes, built or updated.

Hot (always in memory): one small `DocEntry` per document (identity, campaign span, places,
years), date-sorted deadlines and phases, and a document-level BM25 index over folded words
(`knowledge/index/postings.py`). Cold: each full `ExtractedDocument` is read on demand from its
`DocumentTexts` (zlib-compressed JSON in memory, or the database row) through a small LRU
cache. `with_document` gives a new base with one document added or replaced (copy on write);
`knowledge/store/saved_index.py` persists the hot part so a process opens it instead of
rebuilding it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from knowledge.dates.recurring import stated_occurrences
from knowledge.index.document_texts import DocumentCaches, DocumentTexts, MemoryTexts
from knowledge.index.entries import (
    BOILERPLATE,
    CACHE_SIZE,
    DeadlineRef,
    DocEntry,
    IndexedDocument,
    flagged_items,
    index_document,
)
from knowledge.index.postings import Postings
from knowledge.schema import ExtractedDocument
from knowledge.text.passages import Passage, passages_of
from knowledge.text.sentence_split import Sentence, sentences_of

if TYPE_CHECKING:
    pass

REPORT_HORIZON = dt.timedelta(days=400)  # a yearly report always has an occurrence within

__all__ = ["BOILERPLATE", "DeadlineRef", "DocEntry", "KnowledgeBase", "flagged_items"]


def _file(index: dict[Any, array], key: object, doc: int, *, shared: bool) -> None:
    """Add a document to one inverted index, keeping its ids ascending.

    `shared`: the arrays may belong to an older base still answering, so copy before changing.
    """
    ids = index.get(key)
    if ids is None:
        index[key] = array("I", [doc])
        return
    if shared:
        ids = index[key] = array("I", ids)
    if not ids or ids[-1] < doc:
        ids.append(doc)
    else:
        ids.insert(bisect.bisect_left(ids, doc), doc)


class KnowledgeBase:
    """Campaign documents indexed for answering."""

    def __init__(self) -> None:
        self.entries: list[DocEntry] = []
        self.keys: list[tuple[str, str]] = []  # (document id, revision): stored bases only
        self.unsaved = 0  # documents indexed since the stored index was written
        self.by_campaign: dict[str, int] = {}
        self.by_source: dict[str, int] = {}
        self.place_docs: dict[str, array] = {}
        self.place_ident_docs: dict[str, array] = {}  # issued by or for the place
        # place name -> documents with a passage writing it (DocEntry.text_places)
        self.text_place_docs: dict[str, array] = {}
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
        self.postings = Postings()
        self.texts: DocumentTexts = MemoryTexts()
        self.memo: dict[str, Any] = {}  # derived arrays computed on first use
        self.phase_starts = np.zeros(0, dtype=np.int64)
        self.phase_ends = np.zeros(0, dtype=np.int64)
        # campaign spans as ordinals (unknown start: max, unknown end: min, so never "running")
        self.span_starts = np.zeros(0, dtype=np.int64)
        self.span_ends = np.zeros(0, dtype=np.int64)
        self.special = np.zeros(0, dtype=bool)
        self.anniversary = np.zeros(0, dtype=bool)
        self.caches = DocumentCaches()

    # ---- building -------------------------------------------------------------------------

    @classmethod
    def from_documents(cls, docs: Iterable[ExtractedDocument]) -> KnowledgeBase:
        """Index documents (an iterable: they need not all be in memory at once)."""
        texts = MemoryTexts()
        return cls.from_stored(((d.source, "", d) for d in docs), texts, keep=texts)

    @classmethod
    def from_stored(
        cls,
        rows: Iterable[tuple[str, str, ExtractedDocument]],
        texts: DocumentTexts,
        *,
        keep: MemoryTexts | None = None,
    ) -> KnowledgeBase:
        """Index stored (id, revision, document) rows whose full texts `texts` reads back
        (`keep`: texts held in memory, given each document's JSON as it is indexed)."""
        kb = cls()
        kb.texts = texts

        def indexed() -> Iterator[Counter[str]]:
            for doc_id, revision, doc in rows:
                kb.keys.append((doc_id, revision))
                yield kb.file_document(index_document(len(kb.entries), doc), shared=False)
                if keep is not None:
                    keep.append(doc.model_dump_json())

        kb.postings = Postings.build(indexed())
        kb.finish()
        return kb

    def finish(self) -> None:
        """Sort what was filed in document order and derive the per-document arrays."""
        self.deadlines.sort()
        self.phases.sort()
        self.reports.sort(key=lambda r: (r[3], r[4]))
        self.phase_starts = np.fromiter((p[0] for p in self.phases), np.int64, len(self.phases))
        self.phase_ends = np.fromiter((p[1] for p in self.phases), np.int64, len(self.phases))
        n = len(self.entries)
        self.special = np.fromiter((e.special for e in self.entries), bool, n)
        self.anniversary = np.fromiter((e.anniversary for e in self.entries), bool, n)
        self.span_starts = np.fromiter(
            ((e.start or dt.date.max).toordinal() for e in self.entries), np.int64, n
        )
        self.span_ends = np.fromiter(
            ((e.end or dt.date.min).toordinal() for e in self.entries), np.int64, n
        )
        self.derive_lookups()

    def derive_lookups(self) -> None:
        """The place and issuer sets derived from the entries and the place index."""
        self.known_places = set(self.place_docs)
        # Counted in document order, so ties list the same way however the base was made.
        self.issuers = Counter(e.issuer for e in self.entries if e.issuer)

    def file_document(self, item: IndexedDocument, *, shared: bool) -> Counter[str]:
        """File one indexed document into every index but the postings (returns its words)."""
        entry = item.entry
        index = item.index
        if index < len(self.entries):
            self.entries[index] = entry
        else:
            self.entries.append(entry)
        # The first document of a campaign id or source answers for it (as in a full build).
        if self.by_campaign.get(entry.campaign_id, index) >= index:
            self.by_campaign[entry.campaign_id] = index
        if self.by_source.get(entry.source, index) >= index:
            self.by_source[entry.source] = index
        for place in (*entry.places, *entry.mentions):
            _file(self.place_docs, place, index, shared=shared)
        for place in entry.places:
            _file(self.place_ident_docs, place, index, shared=shared)
        for phrase in entry.text_places:
            _file(self.text_place_docs, phrase, index, shared=shared)
        if entry.number_head:
            _file(self.number_docs, entry.number_head, index, shared=shared)
        _file(self.type_docs, entry.doc_type, index, shared=shared)
        for year in entry.years:
            _file(self.year_docs, year, index, shared=shared)
        for due, i, ref in item.deadlines:
            self.deadlines.append((due, index, i))
            self.deadline_refs[(index, i)] = ref
        for period, day, month, i, ref in item.reports:
            self.reports.append((period, day, month, index, i))
            self.report_refs[(index, i)] = ref
        for lo, hi, i in item.phases:
            self.phases.append((lo, hi, index, i))
        return item.words

    # ---- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entries)

    def document(self, index: int) -> ExtractedDocument:
        """The full document (parsed from its compressed form, cached)."""
        doc = self.caches.documents.get(index)
        if doc is not None:
            self.caches.documents.move_to_end(index)
            return doc
        doc_id = self.keys[index][0]
        doc = ExtractedDocument.model_validate_json(self.texts.json(index, doc_id))
        self.caches.documents[index] = doc
        if len(self.caches.documents) > CACHE_SIZE:
            self.caches.documents.popitem(last=False)
        return doc

    def passages(self, index: int) -> list[Passage]:
        """The document's passages, split and tokenised once (cached)."""
        found = self.caches.passages.get(index)
        if found is not None:
            self.caches.passages.move_to_end(index)
            return found
        found = passages_of(self.document(index))
        self.caches.passages[index] = found
        if len(self.caches.passages) > CACHE_SIZE:
            self.caches.passages.popitem(last=False)
        return found

    def sentences(self, index: int) -> list[Sentence]:
        """The document's sentences (list items with their announcing line), cached."""
        found = self.caches.sentences.get(index)
        if found is not None:
            self.caches.sentences.move_to_end(index)
            return found
        found = sentences_of(self.passages(index))
        self.caches.sentences[index] = found
        if len(self.caches.sentences) > CACHE_SIZE:
            self.caches.sentences.popitem(last=False)
        return found

    def index_for(self, campaign_id: str | None) -> int | None:
        """The position of the document that answers for a campaign id."""
        return self.by_campaign.get(campaign_id) if campaign_id is not None else None

    def knows(self, word: str) -> bool:
        """Whether a folded word occurs in any document."""
        return self.postings.knows(word)

    def df(self, word: str) -> int:
        """In how many documents a folded word occurs."""
        return self.postings.count(word)

    def generic(self, word: str) -> bool:
        """Whether a word is boilerplate of every campaign document (says nothing specific)."""
        return word in BOILERPLATE

    def idf(self, word: str) -> float:
        """Inverse document frequency (BM25 form, never negative)."""
        return self.postings.idf(word)

    def bm25(self, words: Iterable[str]) -> np.ndarray:
        """BM25 score of every document for the given folded words."""
        return self.postings.bm25(words)

    def docs_with_all(self, words: list[str]) -> np.ndarray:
        """Mask of the documents whose text holds every one of the folded words."""
        return self.postings.docs_with_all(words)

    def doc_has(self, word: str, index: int) -> bool:
        """Whether document `index` contains a folded word."""
        return self.postings.doc_has(word, index)

    def correct(self, word: str) -> str | None:
        """The closest known word for a misspelt one (None when nothing is close)."""
        return self.postings.correct(word)

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
