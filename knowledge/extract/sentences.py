"""Sentence-level units of a section: bullets, clauses, with the section label kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.schema import Section
from knowledge.textnorm import fold

_BULLET = re.compile(r"^\s*(?:[-–•+*]|\d{1,2}[.)])\s+")
# Starts with the punctuation itself (not a look-behind), so the scan skips ahead quickly.
_SENTENCE_END = re.compile(r"([.;!?])\s+(?=[A-ZĐÀ-Ỹ(“\"])")


@dataclass(slots=True)
class Sentence:
    """One sentence with the section it stands in."""

    text: str
    section: str
    line: str  # the whole line (paragraph) it came from
    folded: str = ""  # fold(text), computed once for every extractor


def strip_bullet(line: str) -> str:
    """Remove a leading list marker ("- ", "+ ", "1. ")."""
    return _BULLET.sub("", line, count=1).strip()


def split_sentences(line: str) -> list[str]:
    """Split a paragraph into sentences at ". " / "; " followed by a capital."""
    if not any(mark in line for mark in ".;!?"):
        stripped = line.strip()
        return [stripped] if stripped else []
    parts = [p.strip() for p in _SENTENCE_END.sub("\\1\n", line).split("\n") if p.strip()]
    return parts or ([line.strip()] if line.strip() else [])


def iter_sentences(sections: list[Section]) -> list[Sentence]:
    """Every sentence of every section, in document order."""
    out: list[Sentence] = []
    for section in sections:
        for line in section.text.splitlines():
            line = line.strip()
            if not line:
                continue
            body = strip_bullet(line)
            folded_body = fold(body)  # once per line; sentences are sliced from it
            same_length = len(folded_body) == len(body)
            start = 0
            for sentence in split_sentences(body):
                at = body.find(sentence, start)
                if same_length and at >= 0:
                    folded = folded_body[at : at + len(sentence)]
                    start = at + len(sentence)
                else:
                    folded = fold(sentence)
                out.append(
                    Sentence(text=sentence, section=section.label, line=line, folded=folded)
                )
    return out
