"""Stable ids: the same item in a re-ingested file keeps its id."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, length: int = 12) -> str:
    """A short hex id from the text of `parts` (lower-cased: case changes keep the id)."""
    key = "|".join(str(p).lower() if p is not None else "" for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:length]


def unique_ids(ids: list[str]) -> list[str]:
    """Suffix repeated ids (identical items) so every id is unique and still stable."""
    seen: dict[str, int] = {}
    out = []
    for item in ids:
        n = seen.get(item, 0)
        seen[item] = n + 1
        out.append(item if n == 0 else f"{item}-{n}")
    return out
