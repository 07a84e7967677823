"""A document's sentences (and list items, with their announcing line), and the words near each."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from knowledge.text.passages import Passage
from knowledge.text.tokens import fast_fold, words_of_folded

OPENING_SENTENCES = 2  # a document's title and lead name it: their words identify it
MAX_SENTENCE_QUOTE = 600  # characters; longer sentences are cut around the question's words
_LIST_START = re.compile(r"^\s*(?:[-+•*–]|\d+[.)/]|[a-zđ][.)])\s*")
_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\"“(*+\-–])")


class WordsAround:
    """The words near a sentence (its paragraph and heading, the document's title and lead,
    the sentences before and after), tested for membership without building their union (a
    long paragraph's words would be copied once per sentence)."""

    __slots__ = ("parts",)

    def __init__(self, *parts: frozenset[str]) -> None:
        self.parts = parts

    def __contains__(self, word: object) -> bool:
        return any(word in part for part in self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordsAround) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list item) of a passage."""

    text: str  # as written (a substring of the passage)
    quote: str  # what is quoted: the sentence, with its announcing line for a list item
    section: str
    words: frozenset[str]
    folded: str
    around: Container[str]  # words near it: paragraph, heading, title, neighbours
    before: frozenset[str] = frozenset()  # words of the sentence before it (its subject, often)


def sentences_of(passages: list[Passage]) -> list[Sentence]:
    """Every sentence of a document's passages; list items keep their announcing line."""
    out: list[Sentence] = []
    for p in passages:
        around = p.words | p.head_words
        intro = ""
        for line in p.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            item = bool(_LIST_START.match(line))
            for part in _SPLIT.split(line):
                part = part.strip()
                if len(part) < 3:
                    continue
                quote = part
                if item and intro and len(intro) + len(part) < MAX_SENTENCE_QUOTE:
                    quote = intro + "\n" + part
                folded = fast_fold(part)
                words = frozenset(words_of_folded(folded))
                out.append(Sentence(part, quote, p.section, words, folded, around))
            if line.endswith(":") and not item:
                intro = line
            elif not item:
                intro = ""
    # A sentence's neighbours (the line before and after) speak about the same thing, and the
    # document's title and lead about everything in it.
    title: frozenset[str] = frozenset()
    for s in out[:OPENING_SENTENCES]:
        title |= s.words
    empty: frozenset[str] = frozenset()
    return [
        Sentence(
            s.text,
            s.quote,
            s.section,
            s.words,
            s.folded,
            WordsAround(
                s.around,  # type: ignore[arg-type]  # the paragraph's words, set above
                title,
                out[k - 1].words if k > 0 else empty,
                out[k + 1].words if k + 1 < len(out) else empty,
            ),
            out[k - 1].words if k > 0 else empty,
        )
        for k, s in enumerate(out)
    ]
