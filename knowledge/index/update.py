"""Copy-on-write updates of a knowledge base: one document added, replaced or removed.

Each update returns a new base and leaves the old one as it is, since answers may still be
running on it in other threads; arrays are copied before they change, everything unchanged is
shared. Positions stay in file-name order, as a full build gives them, so ties between
documents fall the same way whichever way the base was made. A replacement keeps its position
and only its own filings are redone; an insertion shifts the documents after it (every
position-keyed container is renumbered, linear in the corpus).
"""

from __future__ import annotations

import bisect
from array import array
from typing import Any

import numpy as np

from knowledge.index.base import KnowledgeBase
from knowledge.index.entries import index_document
from knowledge.schema import ExtractedDocument

_INDEXES = ("place_docs", "place_ident_docs", "text_place_docs", "number_docs", "type_docs",
            "year_docs")


def with_document(
    kb: KnowledgeBase, doc: ExtractedDocument, key: tuple[str, str] | None = None
) -> KnowledgeBase:
    """A new base with `doc` added at its file-name position, or replacing the document of
    the same source."""
    index = kb.by_source.get(doc.source)
    if index is None:
        n = len(kb.entries)
        index = bisect.bisect_left([e.source for e in kb.entries], doc.source)
        mapping = np.arange(n, dtype=np.int64)
        mapping[index:] += 1
        out = renumbered(kb, mapping, n + 1, opened=index)
    else:
        out = _unfiled(kb, index)
    out.keys[index] = key or (doc.source, "")
    words = out.file_document(index_document(index, doc), shared=True)
    out.postings = out.postings.put(index, words)
    out.texts = out.texts.with_text(index, doc.model_dump_json())
    out.unsaved += 1
    out.finish()
    return out


def without_document(kb: KnowledgeBase, source: str) -> KnowledgeBase:
    """A new base without the document of `source` (the same base if it holds none)."""
    index = kb.by_source.get(source)
    if index is None:
        return kb
    n = len(kb.entries)
    mapping = np.arange(n, dtype=np.int64)
    mapping[index] = -1
    mapping[index + 1 :] -= 1
    out = renumbered(kb, mapping, n - 1)
    out.unsaved += 1
    out.finish()
    return out


def _without_doc(ids: array, doc: int) -> array | None:
    """A copy of ascending document ids without `doc` (None when nothing is left)."""
    out = array("I", ids)
    at = bisect.bisect_left(out, doc)
    end = bisect.bisect_right(out, doc)
    del out[at:end]
    return out if out else None


def _unfiled(kb: KnowledgeBase, index: int) -> KnowledgeBase:
    """A copy where document `index` is filed nowhere, its slot kept for its replacement."""
    old = kb.entries[index]
    out = KnowledgeBase()
    out.unsaved = kb.unsaved
    out.entries = list(kb.entries)
    out.keys = list(kb.keys)
    out.by_source = dict(kb.by_source)
    out.by_campaign = dict(kb.by_campaign)
    if out.by_campaign.get(old.campaign_id) == index:
        # The next document of that campaign id answers for it unless the new one comes first.
        others = (i for i, e in enumerate(kb.entries) if e.campaign_id == old.campaign_id)
        nxt = next((i for i in others if i != index), None)
        if nxt is None:
            del out.by_campaign[old.campaign_id]
        else:
            out.by_campaign[old.campaign_id] = nxt
    filed: dict[str, tuple[Any, ...]] = {
        "place_docs": (*old.places, *old.mentions),
        "place_ident_docs": old.places,
        "text_place_docs": old.text_places,
        "number_docs": (old.number_head,) if old.number_head else (),
        "type_docs": (old.doc_type,),
        "year_docs": tuple(old.years),
    }
    for name in _INDEXES:
        index_map = dict(getattr(kb, name))
        for k in set(filed[name]):
            ids = index_map.get(k)
            if ids is not None:
                left = _without_doc(ids, index)
                if left is None:
                    del index_map[k]
                else:
                    index_map[k] = left
        setattr(out, name, index_map)
    out.deadlines = [d for d in kb.deadlines if d[1] != index]
    out.deadline_refs = {k: r for k, r in kb.deadline_refs.items() if k[0] != index}
    out.reports = [r for r in kb.reports if r[3] != index]
    out.report_refs = {k: r for k, r in kb.report_refs.items() if k[0] != index}
    out.phases = [p for p in kb.phases if p[2] != index]
    out.postings = kb.postings  # `put` drops the document's old postings, on a copy
    out.caches = kb.caches.moved([-1 if i == index else i for i in range(len(kb.entries))])
    out.texts = kb.texts
    return out


def _renumber_index(
    index: dict[Any, array], mapping: np.ndarray, first: int
) -> dict[Any, array]:
    """An inverted index with document i as mapping[i] (-1: dropped), where `first` is the
    first document that moves: arrays wholly before it are shared, the others new."""
    out: dict[Any, array] = {}
    for key, ids in index.items():
        if ids[-1] < first:
            out[key] = ids  # `_file` copies a shared array before changing it
            continue
        new = mapping[np.frombuffer(ids, dtype=np.uint32)]
        new = new[new >= 0]
        if len(new):
            out[key] = array("I", new.astype(np.uint32).tobytes())
    return out


def renumbered(
    kb: KnowledgeBase, mapping: np.ndarray, size: int, *, opened: int | None = None
) -> KnowledgeBase:
    """A copy with new containers where document i is at mapping[i] (-1: dropped); a
    position no document maps to is left empty for the document about to be filed (`opened`:
    the mapping only makes room at that position)."""
    out = KnowledgeBase()
    out.unsaved = kb.unsaved
    moved = mapping.tolist()
    changed = np.flatnonzero(mapping != np.arange(len(mapping)))
    first = int(changed[0]) if len(changed) else len(moved)
    dropped = [i for i, m in enumerate(moved) if m < 0]
    entries: list[Any] = [None] * size
    keys: list[tuple[str, str]] = [("", "")] * size
    for i, e in enumerate(kb.entries):
        m = moved[i]
        if m >= 0:
            entries[m] = e  # entries hold no position: shared as they are
            keys[m] = kb.keys[i]
    out.entries = entries  # the vacant slot is filled next
    out.keys = keys
    out.by_campaign = {k: moved[v] for k, v in kb.by_campaign.items() if moved[v] >= 0}
    out.by_source = {k: moved[v] for k, v in kb.by_source.items() if moved[v] >= 0}
    for name in _INDEXES:
        setattr(out, name, _renumber_index(getattr(kb, name), mapping, first))
    # The mapping is increasing, so every sorted list stays sorted.
    out.deadlines = [(o, moved[i], j) for o, i, j in kb.deadlines if moved[i] >= 0]
    out.deadline_refs = {(moved[i], j): r for (i, j), r in kb.deadline_refs.items()
                         if moved[i] >= 0}
    out.reports = [(p, d, m, moved[i], j) for p, d, m, i, j in kb.reports if moved[i] >= 0]
    out.report_refs = {(moved[i], j): r for (i, j), r in kb.report_refs.items()
                       if moved[i] >= 0}
    out.phases = [(lo, hi, moved[i], j) for lo, hi, i, j in kb.phases if moved[i] >= 0]
    if dropped:  # another document of the same campaign id or source may answer for it
        for at, kept in enumerate(entries):
            if kept is not None:
                out.by_campaign.setdefault(kept.campaign_id, at)
                out.by_source.setdefault(kept.source, at)
    if opened is not None:
        out.postings = kb.postings.opened_at(opened)
    else:
        out.postings = kb.postings.renumbered(mapping, size)
    out.caches = kb.caches.moved(moved)
    out.texts = kb.texts.renumbered(moved, size)
    return out
