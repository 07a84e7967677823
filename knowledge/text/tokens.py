"""Folded word tokens for search and intent cues (accent-insensitive, lower-case)."""

from __future__ import annotations

import itertools
import re

from knowledge.text.normalise import fold

_WORD = re.compile(r"[a-z0-9]+")
_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Function words that carry no topic; kept out of content matching (never out of cues).
STOPWORDS = frozenset(
    [
        "a",
        "ai",
        "anh",
        "cac",
        "cai",
        "cho",
        "chua",
        "con",
        "cua",
        "cung",
        "da",
        "day",
        "di",
        "duoc",
        "gi",
        "hay",
        "khi",
        "khong",
        "kia",
        "la",
        "ma",
        "may",
        "minh",
        "mot",
        "nao",
        "nay",
        "neu",
        "nhe",
        "nhieu",
        "nhu",
        "nhung",
        "no",
        "o",
        "oi",
        "ra",
        "roi",
        "sao",
        "se",
        "the",
        "thoi",
        "va",
        "ve",
        "voi",
        "vay",
        "xin",
        "em",
        "the",
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
    ]
)
# Words that frame a question ("bao nhiêu", "điều gì") without naming its topic.
FRAME_WORDS = frozenset(
    [
        "nhieu",
        "nao",
        "gi",
        "dau",
        "may",
        "ai",
        "khi",
        "gio",
        "sao",
        "dieu",
        "viec",
        "gom",
        "la",
        "ra",
    ]
)


def clean_question(text: str) -> str:
    """Drop control characters and surrogates, collapse blanks; keep everything else."""
    text = _CTRL.sub(" ", text)
    text = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join(text.split())


def folded_words(text: str) -> list[str]:
    """All folded alphanumeric words of `text`, in order."""
    return _WORD.findall(fold(text))


def words_of_folded(folded: str) -> list[str]:
    """Words of an already folded text."""
    return _WORD.findall(folded)


def content_words(words: list[str]) -> list[str]:
    """Words that can carry a topic: not stop words, not one letter."""
    return [w for w in words if w not in STOPWORDS and len(w) > 1]


def bigrams(words: list[str]) -> list[str]:
    """Adjacent word pairs joined by a space."""
    return [f"{a} {b}" for a, b in itertools.pairwise(words)]


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2000):
        ch = chr(code)
        folded = fold(ch)
        if folded != ch:
            table[code] = folded
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional: Vietnamese vowels
        table[code] = fold(chr(code))
    for code in range(0x0300, 0x0370):  # stray combining marks (NFD input)
        table[code] = ""
    return table


_FOLD_TABLE = _fold_table()


def fast_fold(text: str) -> str:
    """`fold` through one translate table: the same result, ~20x faster on long texts."""
    return text.translate(_FOLD_TABLE).lower()
