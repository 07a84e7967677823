"""Question sets (YAML) run through the answering core and checked: accuracy by category.

The format is the one of ../shared/eval/questions-dev.yaml: q, now, expect, any, source,
answered, plus `before` (earlier turns of the same chat) and `tags`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from knowledge.answer.contract import Answer, ConversationContext
from knowledge.answer.core import answer, next_context
from knowledge.index.base import KnowledgeBase
from knowledge.text.normalise import fold

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=TZ)
_DATE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")


def norm(text: str) -> str:
    """Folded, lower-case, blanks collapsed, dates as d/m/yyyy (05/02/2025 == 5/2/2025)."""
    text = _DATE.sub(lambda m: f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", fold(text))
    return " ".join(text.split())


@dataclass
class Outcome:
    """One question's result."""

    item: dict[str, Any]
    answer: Answer
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return not self.problems


def load_questions(path: Path) -> list[dict[str, Any]]:
    """The questions of a YAML set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = list(data["questions"])
    if data.get("single_source"):
        for item in items:
            item.setdefault("single_source", True)
    return items


def corpus_of(path: Path) -> Path | None:
    """The documents folder a set is written over (its `corpus:` key), None for the samples."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw = data.get("corpus") if isinstance(data, dict) else None
    return (path.parent / str(raw)).resolve() if raw else None


def other_sources(item: dict[str, Any], ans: Answer) -> list[str]:
    """Citations of a document other than the one the question is about (must stay empty)."""
    source = item.get("source")
    if not source or not item.get("single_source"):
        return []
    return [c.source for c in ans.citations if not c.source.startswith(str(source))]


def when(item: dict[str, Any]) -> dt.datetime:
    """The moment a question is asked."""
    raw = item.get("now")
    if raw is None:
        return DEFAULT_NOW
    value = dt.datetime.fromisoformat(str(raw))
    if value.tzinfo is None:
        value = value.replace(hour=value.hour or 9, tzinfo=TZ)
    return value


def ask(kb: KnowledgeBase, item: dict[str, Any]) -> Answer:
    """Run a question (after its earlier turns) through the answering core."""
    now = when(item)
    context: ConversationContext | None = None
    for earlier in item.get("before", []) or []:
        context = next_context(context, answer(kb, earlier, now, context))
    return answer(kb, str(item["q"]), now, context)


def check(item: dict[str, Any], ans: Answer) -> list[str]:
    """What is wrong with an answer (empty when it passes)."""
    problems: list[str] = []
    text = norm(ans.text)
    want_answered = item.get("answered", True)
    tags = item.get("tags", []) or []
    if ans.answered != want_answered:
        problems.append(f"answered={ans.answered}, expected {want_answered}")
    if "oos" in tags and (ans.citations or ans.campaigns):
        problems.append("out of scope, yet cites a document")
    if "not_stated" in tags:
        # "The document does not say": still about the asked document, and only that one.
        source = item.get("source")
        if source and not any(c.source.startswith(str(source)) for c in ans.citations):
            problems.append(f"no citation of {source}")
    if other_sources(item, ans):
        problems.append(f"cites another document: {other_sources(item, ans)}")
    if not want_answered:
        return problems
    for fact in item.get("expect", []) or []:
        if norm(str(fact)) not in text:
            problems.append(f"missing {fact!r}")
    anys = item.get("any", []) or []
    if anys and not any(norm(str(f)) in text for f in anys):
        problems.append(f"none of {anys!r}")
    source = item.get("source")
    if source and not any(c.source.startswith(str(source)) for c in ans.citations):
        problems.append(f"no citation of {source}")
    if item.get("warns") and not ans.warnings:
        problems.append("no warning")
    return problems


def run(kb: KnowledgeBase, items: list[dict[str, Any]]) -> list[Outcome]:
    """Ask and check every question."""
    outcomes = []
    for item in items:
        ans = ask(kb, item)
        outcomes.append(Outcome(item, ans, check(item, ans)))
    return outcomes


def categories(item: dict[str, Any]) -> list[str]:
    """The categories a question counts in (no-diacritics is computed from the text)."""
    cats = ["all", *[str(t) for t in item.get("tags", []) or []]]
    q = str(item["q"])
    if q.isascii() and "en" not in cats:
        cats.append("nodiac")
    return cats


def report(outcomes: list[Outcome]) -> str:
    """Accuracy per category, then every failure."""
    totals: dict[str, list[int]] = {}
    for o in outcomes:
        for cat in categories(o.item):
            t = totals.setdefault(cat, [0, 0])
            t[0] += int(o.ok)
            t[1] += 1
    lines = [f"{'category':<10} {'passed':>7} {'total':>6} {'accuracy':>9}"]
    for cat, (ok, n) in sorted(totals.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        lines.append(f"{cat:<10} {ok:>7} {n:>6} {100 * ok / n:>8.1f}%")
    crossed = sum(1 for o in outcomes if other_sources(o.item, o.answer))
    oos = [o for o in outcomes if "oos" in categories(o.item)]
    lines.append(f"answers citing another document than the one asked about: {crossed}")
    if oos:
        refused = sum(1 for o in oos if not o.answer.answered and not o.answer.citations)
        lines.append(f"out of scope refused: {refused}/{len(oos)}")
    for o in outcomes:
        if not o.ok:
            lines.append(f"FAIL {o.item['q']!r}: {'; '.join(o.problems)}")
            lines.append("     " + o.answer.text.replace("\n", "\n     ")[:600])
    return "\n".join(lines)
