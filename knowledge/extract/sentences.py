"""Sentence-level units of a section: bullets, clauses, with the section label kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.schema import Section
from knowledge.text.normalise import fold_ascii

_BULLET = re.compile(r"^\s*(?:[-–•+*]|\d{1,2}[.)])\s+")
# Starts with the punctuation itself (not a look-behind), so the scan skips ahead quickly.
_SENTENCE_END = re.compile(r"([.;!?])\s+(?=[A-ZĐÀ-Ỹ(“\"])")


@dataclass(slots=True)
class Sentence:
    """One sentence with the section it stands in."""

    text: str
    section: str
    line: str  # the whole line (paragraph) it came from
    folded: str = ""  # fold_ascii(text): for keyword checks, computed once


_BULLET_FIRST = frozenset("-–•+*")


def strip_bullet(line: str) -> str:
    """Remove a leading list marker ("- ", "+ ", "1. ")."""
    first = line[:1]
    # Cheap first-character test: most lines start with a letter, where `_BULLET` cannot
    # match (it needs a blank, a marker or a digit there: \s is isspace, \d is isdecimal).
    if first and first not in _BULLET_FIRST and not first.isspace() and not first.isdecimal():
        return line.strip()
    return _BULLET.sub("", line, count=1).strip()


@lru_cache(maxsize=256)
def section_lines(text: str) -> tuple[tuple[str, str, str], ...]:
    """(raw, trimmed, trimmed without list marker) for each line of a section's text.

    Several extractors walk the same sections line by line; splitting and stripping each
    section once serves them all (the tuple is immutable, so sharing it is safe).
    """
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        out.append((raw, line, strip_bullet(line)))
    return tuple(out)


def split_sentences(line: str) -> list[str]:
    """Split a paragraph into sentences at ". " / "; " followed by a capital."""
    # Most lines hold one sentence (a final "." is no split point): when the pattern finds
    # nothing and there is no newline to split at, the line stripped is the answer.
    if not any(mark in line for mark in ".;!?") or (
        "\n" not in line and _SENTENCE_END.search(line) is None
    ):
        stripped = line.strip()
        return [stripped] if stripped else []
    parts = [p.strip() for p in _SENTENCE_END.sub("\\1\n", line).split("\n") if p.strip()]
    return parts or ([line.strip()] if line.strip() else [])


def iter_sentences(sections: list[Section]) -> list[Sentence]:
    """Every sentence of every section, in document order."""
    out: list[Sentence] = []
    for section in sections:
        label = section.label  # a property that joins the path: once per section
        for _, line, bare in section_lines(section.text):
            if not line:
                continue
            for sentence in split_sentences(bare):
                out.append(Sentence(sentence, label, line, fold_ascii(sentence)))
    return out
