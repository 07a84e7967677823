"""What every answer handler works with: the reply under construction and its context."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from knowledge.answer.contract import Citation
from knowledge.index.base import DocEntry, KnowledgeBase
from knowledge.presentation.catalogue import tr
from knowledge.question.reading import Question
from knowledge.schema import ExtractedDocument, Phase
from knowledge.text.tokens import bigrams, fast_fold, words_of_folded


@dataclass
class DraftReply:
    """The body of an answer before the citation line is added."""

    lines: list[str]
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    deadline_ids: list[str] = field(default_factory=list)
    slots: dict[str, str] = field(default_factory=dict)
    answered: bool = True
    explains: list[str] = field(default_factory=list)  # source sentences behind the lines
    # A fact the question names (the signer, the number) read from the document's identity:
    # no passage answers it better than the fact itself.
    exact: bool = False


@dataclass
class AnswerContext:
    """What every handler gets."""

    kb: KnowledgeBase
    entry: DocEntry
    doc: ExtractedDocument
    q: Question
    today: dt.date
    context_phase: str | None = None
    context_kind: str | None = None
    intent: str | None = None

    def cite(self, quote: str, section: str | None) -> Citation:
        """A citation into this document."""
        return Citation(self.doc.source, self.entry.label, section, quote)

    def topic_words(self) -> list[str]:
        """Question words that say what is asked about (not how it is asked)."""
        return self.q.topic(self.intent)

    def specific_words(self) -> list[str]:
        """Topic words that are not in most documents."""
        return [w for w in self.topic_words() if not self.kb.generic(w)]


def overlap(kb: KnowledgeBase, words: list[str], pairs: list[str], text: str) -> float:
    """IDF-weighted share of `words` found in `text`, plus a bonus for shared word pairs."""
    if not words:
        return 0.0
    tw = words_of_folded(fast_fold(text))
    tset, tpairs = set(tw), set(bigrams(tw))
    total = sum(kb.idf(w) + 0.1 for w in words)
    got = sum(kb.idf(w) + 0.1 for w in words if w in tset)
    pair_bonus = 0.4 * sum(1 for p in pairs if p in tpairs)
    return got / total + pair_bonus


def item_warnings(ctx: AnswerContext, field_prefix: str) -> list[str]:
    """The extractor's warnings about the document's fields under `field_prefix`."""
    return [
        w.message
        for w in ctx.doc.warnings
        if _field(w.field).startswith(field_prefix) and w.message
    ]


def _field(path: str | None) -> str:
    """A warning's field path without the "campaign." prefix."""
    path = path or ""
    return path[len("campaign.") :] if path.startswith("campaign.") else path


def phase_number(phase: Phase, index: int) -> int:
    """A phase's number: the one in its name, else its place in the list (from 1)."""
    match = re.search(r"\d+", phase.name)
    return int(match.group()) if match else index + 1


def status_phrase(start: dt.date | None, end: dt.date | None, today: dt.date, lang: str) -> str:
    """Whether a span has ended, not started or is under way on `today`, in words."""
    if end and end < today:
        return tr(lang, "answer_status_ended")
    if start and start > today:
        return tr(lang, "answer_status_not_started")
    if start or end:
        return tr(lang, "answer_status_under_way")
    return ""


def find_section(ctx: AnswerContext, text: str) -> str | None:
    """The label of the document's section whose text holds the start of `text`."""
    if not text:
        return None
    key = fast_fold(text)[:60]
    for section in ctx.doc.sections:
        if key and key in fast_fold(section.text):
            return section.label
    return None


def unquote(text: str) -> str:
    """The text without surrounding spaces, quotation marks and asterisks."""
    return text.strip().strip('“”"*').strip()
