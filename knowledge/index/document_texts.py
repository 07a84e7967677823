"""Where a knowledge base reads its full documents, and the parses it keeps of them.

`DocumentTexts` gives a document's JSON by position (`MemoryTexts`: zlib-compressed in memory,
for bases built from files; `knowledge.store.saved_index.DatabaseTexts`: the `document` row);
`DocumentCaches` keeps the parsed document, its passages and its sentences for the documents
asked about most recently.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from typing import Any, Protocol

from knowledge.schema import ExtractedDocument
from knowledge.text.passages import Passage
from knowledge.text.sentence_split import Sentence


class DocumentTexts(Protocol):
    """Where the knowledge base reads a full document (its JSON) when a question needs it."""

    def json(self, index: int, doc_id: str | None) -> bytes | str:
        """The ExtractedDocument JSON of document `index` (stored as `doc_id`)."""
        ...

    def with_text(self, index: int, text: str) -> DocumentTexts:
        """The texts with document `index` set to `text`."""
        ...

    def renumbered(self, moved: list[int], size: int) -> DocumentTexts:
        """The texts with document i at moved[i] (-1: dropped), `size` documents in all."""
        ...


class MemoryTexts:
    """Documents kept as zlib-compressed JSON in memory (bases built from files or tests)."""

    def __init__(self, blobs: list[bytes] | None = None) -> None:
        self.blobs = blobs if blobs is not None else []

    def json(self, index: int, doc_id: str | None = None) -> bytes:
        """The JSON of document `index`."""
        return zlib.decompress(self.blobs[index])

    def append(self, text: str) -> None:
        """Keep the next document's JSON (while building)."""
        self.blobs.append(zlib.compress(text.encode("utf-8"), 6))

    def with_text(self, index: int, text: str) -> MemoryTexts:
        """A copy with document `index` set to `text`."""
        out = MemoryTexts(list(self.blobs))
        out.blobs[index] = zlib.compress(text.encode("utf-8"), 6)
        return out

    def renumbered(self, moved: list[int], size: int) -> MemoryTexts:
        """A copy with document i at moved[i] (-1: dropped)."""
        blobs = [b""] * size
        for i, m in enumerate(moved):
            if m >= 0:
                blobs[m] = self.blobs[i]
        return MemoryTexts(blobs)


class DocumentCaches:
    """Parses of recently asked-about documents, kept for the next questions (small LRUs)."""

    def __init__(self) -> None:
        self.documents: OrderedDict[int, ExtractedDocument] = OrderedDict()
        self.passages: OrderedDict[int, list[Passage]] = OrderedDict()
        self.sentences: OrderedDict[int, list[Sentence]] = OrderedDict()

    def clear(self) -> None:
        """Forget every parse (the next question about any document is answered cold)."""
        for cache in (self.documents, self.passages, self.sentences):
            cache.clear()

    def moved(self, moved: list[int]) -> DocumentCaches:
        """New caches where document i is document moved[i] (-1: forgotten)."""
        out = DocumentCaches()
        pairs: list[tuple[OrderedDict[int, Any], OrderedDict[int, Any]]] = [
            (self.documents, out.documents), (self.passages, out.passages),
            (self.sentences, out.sentences)]  # fmt: skip
        for mine, theirs in pairs:
            for k, v in mine.items():
                if moved[k] >= 0:
                    theirs[moved[k]] = v
        return out
