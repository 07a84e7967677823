"""Passages (paragraphs with their list items) of a document, and scoring them against words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.presentation.wording import short
from knowledge.schema import ExtractedDocument
from knowledge.text.tokens import bigrams, fast_fold, words_of_folded

PAIR_CANDIDATES = 24  # passages scored on word pairs after the word-coverage pass
MAX_QUOTE = 520  # characters of a quoted passage before it is cut to its best sentences
_HEADING = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]\s+\S")
_LIST_ITEM = re.compile(r"^\s*(?:[-+•*]|\d+[.)]|[a-zđ][.)])\s*")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\"“(*+-])")


class Passage:
    """One paragraph of a section, with the section's heading path (word pairs made lazily)."""

    __slots__ = ("_pairs", "head_pairs", "head_words", "section", "seq", "text", "words")

    def __init__(
        self,
        text: str,
        section: str,
        seq: list[str],
        head_words: frozenset[str],
        head_pairs: frozenset[str],
    ) -> None:
        self.text = text
        self.section = section  # heading path joined by " > "
        self.seq = seq  # folded words in order
        self.words = frozenset(seq)
        self.head_words = head_words  # words of the section's last two headings
        self.head_pairs = head_pairs
        self._pairs: frozenset[str] | None = None

    @property
    def pairs(self) -> frozenset[str]:
        """Adjacent word pairs, built the first time they are needed."""
        if self._pairs is None:
            self._pairs = frozenset(bigrams(self.seq))
        return self._pairs


def paragraph_lines(lines: list[str]) -> list[list[tuple[int, str]]]:
    """The non-blank lines of a section grouped into paragraphs: (line number, joiner before
    it) each. List items stay with the line that announces them (":")."""
    groups: list[list[tuple[int, str]]] = []
    prev = ""
    for number, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        # A numbered heading line ("2. Thi đua ...") belongs with the text under it.
        heading = bool(_HEADING.match(prev)) and not prev.endswith((".", ";"))
        joins_list = prev.endswith(":") or heading or (
            prev and _LIST_ITEM.match(line) and line.lstrip()[:1] == "+"
        )
        # A line that does not start a sentence continues the previous one (page breaks).
        continues = prev and line[:1].islower() and not prev.endswith((".", ":", ";"))
        if (joins_list or continues) and len(prev) + len(line) < 1400:
            groups[-1].append((number, "\n" if joins_list else " "))
            prev = prev + ("\n" if joins_list else " ") + line
        else:
            groups.append([(number, "")])
            prev = line
    return groups


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a section; list items stay with the line that announces them (":")."""
    lines = text.splitlines()
    return ["".join(joiner + lines[n].strip() for n, joiner in group)
            for group in paragraph_lines(lines)]


def paragraph_words(text: str, folded: str) -> list[list[str]]:
    """The folded words of each passage of a section's text, as `passages_of` splits it, from
    the text and its already folded form (a paragraph without words is left out)."""
    lines, folded_lines = text.splitlines(), folded.splitlines()
    if len(lines) != len(folded_lines):  # folding changed a line break: split the slow way
        return [w for w in (words_of_folded(fast_fold(p)) for p in split_paragraphs(text)) if w]
    out = []
    for group in paragraph_lines(lines):
        words = [w for n, _ in group for w in words_of_folded(folded_lines[n])]
        if words:
            out.append(words)
    return out


def passages_of(doc: ExtractedDocument) -> list[Passage]:
    """Every passage of a document, ready for scoring."""
    out: list[Passage] = []
    for section in doc.sections:
        label = section.label
        head_list = words_of_folded(fast_fold(" ".join(section.path[-2:])))
        head, head_pairs = frozenset(head_list), frozenset(bigrams(head_list))
        for para in split_paragraphs(section.text):
            words = words_of_folded(fast_fold(para))
            if not words:
                continue
            out.append(Passage(para, label, words, head, head_pairs))
    return out


@dataclass(frozen=True)
class PassageHit:
    """A scored passage."""

    passage: Passage
    score: float
    coverage: float  # share of the question's word weight found in the passage
    pair_coverage: float  # share of the question's word pairs found
    pairs_matched: int


def score_passages(
    passages: list[Passage],
    words: list[str],
    pairs: list[str],
    weight: Callable[[str], float],
) -> list[PassageHit]:
    """Score passages by weighted word and word-pair overlap, best first."""
    weights = [(w, weight(w)) for w in words]
    total = sum(wt for _, wt in weights) or 1.0
    n_pairs = len(pairs)
    # First pass: word coverage only (cheap set look-ups) ...
    covered: list[tuple[float, Passage]] = []
    for p in passages:
        text_words, head = p.words, p.head_words
        got = 0.0
        for w, wt in weights:
            if w in text_words:
                got += wt
            elif w in head:
                got += 0.9 * wt
        if got > 0.0:
            covered.append((got / total, p))
    covered.sort(key=lambda cp: cp[0], reverse=True)
    # ... then word pairs for the passages that can still win.
    hits: list[PassageHit] = []
    for coverage, p in covered[:PAIR_CANDIDATES]:
        text_pairs, head_pairs = p.pairs, p.head_pairs
        in_text = sum(1 for pr in pairs if pr in text_pairs)
        in_head = sum(1 for pr in pairs if pr in head_pairs)
        matched_pairs = sum(1 for pr in pairs if pr in text_pairs or pr in head_pairs)
        # A phrase in the section's heading says what the whole section is about.
        pair_cov = (in_text + 0.5 * in_head) / n_pairs if n_pairs else 0.0
        # Long passages match more by chance: a mild length penalty.
        length_pen = 1.0 + max(0, len(p.words) - 80) / 400
        score = (coverage + 0.8 * pair_cov) / length_pen
        hits.append(PassageHit(p, score, coverage, pair_cov, matched_pairs))
    hits.sort(key=lambda h: h.score, reverse=True)
    return hits


def quote_of(passage: Passage, words: list[str]) -> str:
    """The passage itself when short, else its best sentences around the question's words."""
    text = passage.text
    if len(text) <= MAX_QUOTE:
        return text
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) <= 1:
        sentences = [s for s in re.split(r"(?<=[;,])\s+", text) if s.strip()]
    wanted = set(words)

    def hits(s: str) -> int:
        return len(wanted & set(words_of_folded(fast_fold(s))))

    best = max(range(len(sentences)), key=lambda i: hits(sentences[i]))
    chosen = [sentences[best]]
    left, right = best - 1, best + 1
    while True:
        grown = False
        if right < len(sentences) and len(" ".join([*chosen, sentences[right]])) <= MAX_QUOTE:
            chosen.append(sentences[right])
            right += 1
            grown = True
        if left >= 0 and len(" ".join([sentences[left], *chosen])) <= MAX_QUOTE:
            chosen.insert(0, sentences[left])
            left -= 1
            grown = True
        if not grown:
            break
    quote = " ".join(chosen)
    if len(quote) > MAX_QUOTE:
        quote = short(quote, MAX_QUOTE)
    prefix = "… " if left >= 0 else ""
    suffix = " …" if right < len(sentences) else ""
    return prefix + quote + suffix
