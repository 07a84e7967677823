"""Split long plain text into parts under a platform's limit, at the cleanest boundary."""

from __future__ import annotations

from collections.abc import Callable


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (how Telegram counts message length)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Parts of at most `limit` (by `measure`), cut at a blank line, a line end, a sentence end,
    a space, or (only for one unbroken run longer than the limit) mid-word."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    text = text.strip("\n")
    parts: list[str] = []
    while measure(text) > limit:
        head = _longest_prefix(text, limit, measure)
        cut = _best_cut(head)
        part, text = text[:cut].rstrip(), text[cut:].lstrip("\n").lstrip(" ")
        if part:
            parts.append(part)
    if text.strip():
        parts.append(text)
    return parts or [""]


def _longest_prefix(text: str, limit: int, measure: Callable[[str], int]) -> str:
    """The longest prefix of text that fits (binary search: measure may not be len)."""
    lo, hi = 1, min(len(text), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def _best_cut(head: str) -> int:
    """Where to cut inside `head`: prefer paragraph, then line, sentence, word boundaries."""
    floor = len(head) // 3  # never cut so early that parts become tiny
    for sep in ("\n\n", "\n", ". ", "; ", ", ", " "):
        pos = head.rfind(sep)
        if pos >= floor and pos > 0:
            return pos + len(sep.rstrip(" ")) if sep.strip() else pos
    return len(head)
