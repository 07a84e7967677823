"""The document-level BM25 index over folded words: numpy CSR postings, built or updated.

Postings of a word are the ascending document indexes holding it (uint16 below 65,536
documents, else uint32) with the word's count in each (uint8, capped at 255); the weights are
computed at query time, so one document changes only its own postings and the length norms.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

K1 = 1.2
B = 0.75
MIN_IDF = 0.15  # words with a lower idf (in ~86% of documents or more) are left out of BM25
FIX_CACHE = 50_000  # misspelt words whose correction is remembered


def _id_type(n_docs: int) -> type[np.unsignedinteger[Any]]:
    return np.uint16 if n_docs < 1 << 16 else np.uint32


def _fuzzy(word: str) -> bool:
    return len(word) >= 3 and word.isalpha()


class Postings:
    """Inverted index of word counts per document, with BM25 scoring and typo correction."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.df = np.zeros(0, dtype=np.int32)
        self.offsets = np.zeros(1, dtype=np.int64)
        self.docs: np.ndarray = np.zeros(0, dtype=np.uint16)
        self.tf = np.zeros(0, dtype=np.uint8)
        self.lengths = np.zeros(0, dtype=np.uint32)
        self.norm = np.zeros(0, dtype=np.float32)
        self.fuzzy_words: list[str] = []  # sorted: rapidfuzz's ties go to the first
        self._fixes: dict[str, str | None] = {}

    # ---- building -------------------------------------------------------------------------

    @classmethod
    def build(cls, counts: Iterable[Counter[str]]) -> Postings:
        """The index of documents 0..n-1, given each one's word counts in order."""
        staged: dict[str, tuple[array, array]] = {}
        lengths = array("I")
        for index, doc_words in enumerate(counts):
            lengths.append(sum(doc_words.values()))
            for word, tf in doc_words.items():
                slot = staged.get(word)
                if slot is None:
                    slot = staged[word] = (array("I"), array("B"))
                slot[0].append(index)
                slot[1].append(min(tf, 255))
        out = cls()
        out.lengths = np.frombuffer(lengths, dtype=np.uint32).copy()
        words = sorted(staged)
        out.vocab = {w: i for i, w in enumerate(words)}
        sizes = np.fromiter((len(staged[w][0]) for w in words), dtype=np.int64, count=len(words))
        out.offsets = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(sizes, out=out.offsets[1:])
        total = int(out.offsets[-1])
        out.docs = np.empty(total, dtype=_id_type(len(lengths)))
        out.tf = np.empty(total, dtype=np.uint8)
        for i, w in enumerate(words):
            ids, tfs = staged.pop(w)  # freed as they are copied: no double peak
            lo, hi = out.offsets[i], out.offsets[i + 1]
            out.docs[lo:hi] = np.frombuffer(ids, dtype=np.uint32)
            out.tf[lo:hi] = np.frombuffer(tfs, dtype=np.uint8)
        out.df = sizes.astype(np.int32)
        out.fuzzy_words = [w for w in words if _fuzzy(w)]
        out._normalise()
        return out

    def _normalise(self) -> None:
        """BM25 length normalisation per document (depends on the average length)."""
        lens = self.lengths.astype(np.float32)
        avg = float(lens.mean()) if len(lens) else 0.0
        avg = avg if avg > 0 else 1.0  # no words yet (an empty slot being filled)
        self.norm = (K1 * (1 - B + B * lens / avg)).astype(np.float32)

    def put(self, index: int, words: Counter[str]) -> Postings:
        """A new index where document `index` (existing, or the next one) holds `words`.

        Copy on write: answers running on the old index in other threads are unaffected.
        """
        n = len(self.lengths)
        if not 0 <= index <= n:
            raise IndexError(f"document {index} of {n}")
        out = Postings()
        docs = self.docs.astype(_id_type(max(n, index) + 1), copy=False)
        tf = self.tf
        counts = np.diff(self.offsets)
        if index < n:  # drop the document's old postings
            pos = np.flatnonzero(docs == index)
            np.subtract.at(counts, np.searchsorted(self.offsets, pos, side="right") - 1, 1)
            docs, tf = np.delete(docs, pos), np.delete(tf, pos)
        vocab = dict(self.vocab)
        new_words = sorted(w for w in words if w not in vocab)
        for w in new_words:
            vocab[w] = len(vocab)
        counts = np.concatenate([counts, np.zeros(len(new_words), dtype=counts.dtype)])
        offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        # Insert the document into each of its words' postings, keeping them ascending.
        ids = np.fromiter((vocab[w] for w in words), dtype=np.int64, count=len(words))
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        tfs = np.fromiter((min(c, 255) for c in words.values()), np.uint8, len(words))[order]
        at = np.empty(len(ids), dtype=np.int64)
        for k, w in enumerate(ids):
            lo, hi = offsets[w], offsets[w + 1]
            at[k] = lo + np.searchsorted(docs[lo:hi], index)
        out.docs = np.insert(docs, at, index)
        out.tf = np.insert(tf, at, tfs)
        counts[ids] += 1
        out.offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(counts, out=out.offsets[1:])
        out.vocab = vocab
        out.df = counts.astype(np.int32)
        lengths = self.lengths.copy() if index < n else np.append(self.lengths, 0)
        lengths[index] = sum(words.values())
        out.lengths = lengths.astype(np.uint32)
        fuzzy = self.fuzzy_words
        added = [w for w in new_words if _fuzzy(w)]
        out.fuzzy_words = sorted(fuzzy + added) if added else fuzzy
        out._normalise()
        return out

    def opened_at(self, at: int) -> Postings:
        """A new index with an empty document slot at `at` (the documents from `at` on move
        up by one); what does not change is shared."""
        n = len(self.lengths)
        if not 0 <= at <= n:
            raise IndexError(f"slot {at} of {n}")
        out = Postings()
        out.vocab, out.fuzzy_words = self.vocab, self.fuzzy_words  # never changed in place
        out.offsets, out.df, out.tf = self.offsets, self.df, self.tf
        docs = self.docs.astype(_id_type(n + 1), copy=False)
        out.docs = docs + (docs >= at).astype(docs.dtype)
        out.lengths = np.insert(self.lengths, at, 0).astype(np.uint32)
        out._normalise()
        return out

    def renumbered(self, mapping: np.ndarray, size: int) -> Postings:
        """A new index where document i is document mapping[i] (-1: dropped) of `size`; the
        mapping is increasing, so every word's postings stay ascending."""
        if len(mapping) == size and bool((mapping == np.arange(size)).all()):
            return self
        out = Postings()
        out.vocab, out.fuzzy_words = self.vocab, self.fuzzy_words  # never changed in place
        new = mapping[self.docs] if len(self.docs) else self.docs.astype(np.int64)
        keep = new >= 0
        counts = np.diff(self.offsets)
        if not keep.all():
            gone = np.flatnonzero(~keep)
            np.subtract.at(counts, np.searchsorted(self.offsets, gone, side="right") - 1, 1)
        out.offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=out.offsets[1:])
        out.docs = new[keep].astype(_id_type(size))
        out.tf = self.tf[keep]
        out.df = counts.astype(np.int32)
        lengths = np.zeros(size, dtype=np.uint32)
        live = mapping >= 0
        lengths[mapping[live]] = self.lengths[live]
        out.lengths = lengths
        out._normalise()
        return out

    # ---- reading --------------------------------------------------------------------------

    @property
    def n_docs(self) -> int:
        """How many documents are indexed."""
        return len(self.lengths)

    def knows(self, word: str) -> bool:
        """Whether a folded word occurs in any document."""
        return self.count(word) > 0

    def count(self, word: str) -> int:
        """In how many documents a folded word occurs."""
        i = self.vocab.get(word)
        return int(self.df[i]) if i is not None else 0

    def idf(self, word: str) -> float:
        """Inverse document frequency (BM25 form, never negative)."""
        n = self.n_docs or 1
        df = self.count(word)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _postings(self, word: str) -> tuple[np.ndarray, np.ndarray] | None:
        i = self.vocab.get(word)
        if i is None or not self.df[i]:
            return None
        lo, hi = self.offsets[i], self.offsets[i + 1]
        return self.docs[lo:hi], self.tf[lo:hi]

    def bm25(self, words: Iterable[str]) -> np.ndarray:
        """BM25 score of every document for the given folded words."""
        scores = np.zeros(self.n_docs, dtype=np.float32)
        for word in set(words):
            found = self._postings(word)
            if found is None:
                continue
            idf = self.idf(word)
            if idf < MIN_IDF:
                continue  # in nearly every document: its long postings change no ranking
            docs, counts = found
            tf = counts.astype(np.float32)
            scores[docs] += idf * tf * (K1 + 1) / (tf + self.norm[docs])
        return scores

    def docs_with_all(self, words: list[str]) -> np.ndarray:
        """Mask of the documents whose text holds every one of the folded words."""
        n = self.n_docs
        mask = np.ones(n, dtype=bool) if words else np.zeros(n, dtype=bool)
        for word in words:
            found = self._postings(word)
            if found is None:
                return np.zeros(n, dtype=bool)
            has = np.zeros(n, dtype=bool)
            has[found[0]] = True
            mask &= has
        return mask

    def doc_has(self, word: str, index: int) -> bool:
        """Whether document `index` contains a folded word (binary search in its postings)."""
        found = self._postings(word)
        if found is None:
            return False
        ids = found[0]
        at = int(np.searchsorted(ids, index))
        return at < len(ids) and int(ids[at]) == index

    def correct(self, word: str) -> str | None:
        """The closest known word for a misspelt one (None when nothing is close)."""
        if word in self._fixes:
            return self._fixes[word]
        best: str | None = None
        if _fuzzy(word) and self.fuzzy_words:
            cutoff = 80 if len(word) <= 4 else 75
            found = process.extract(
                word, self.fuzzy_words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=4
            )
            found = [f for f in found if self.knows(f[0])]  # a replaced document's old words
            if found:
                best = max(found, key=lambda f: (f[1], self.count(f[0])))[0]
        if len(self._fixes) < FIX_CACHE:
            self._fixes[word] = best
        return best

    # ---- persisting -----------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Plain data to persist (numpy arrays, a word list)."""
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        return {"words": words, "df": self.df, "offsets": self.offsets, "docs": self.docs,
                "tf": self.tf, "lengths": self.lengths, "fuzzy": self.fuzzy_words}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Postings:
        """The index persisted by `state`."""
        out = cls()
        out.vocab = {w: i for i, w in enumerate(state["words"])}
        out.df, out.offsets = state["df"], state["offsets"]
        out.docs, out.tf, out.lengths = state["docs"], state["tf"], state["lengths"]
        out.fuzzy_words = state["fuzzy"]
        out._normalise()
        return out
