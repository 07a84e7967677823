"""Score extracted documents against hand-made gold (tests/corpus/real/gold.yaml).

Each gold entry lists what a careful reader finds in one file: the document's number, issue
date and issuer, the campaign period, phases, one-off deadlines (events among them) and
recurring rules. An extracted item matches a gold item of the same category when its dates
agree at the gold's precision ("2019-07" is a month, "--12-13" a day without a year, null no
date at all) and, for deadlines, events and rules, when its quote overlaps the gold quote (the
item was read from the right sentence). Every category is scored for recall and precision, and
every miss and every spurious item is listed, so that a change that loses ground shows where.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from knowledge.schema import ExtractedDocument
from knowledge.text.normalise import fold

DATED_CATEGORIES = ("period", "phase", "deadline", "event", "recurring")
HEADER_CATEGORIES = ("number", "issue_date", "issuer")
QUOTE_OVERLAP = 85  # rapidfuzz partial_ratio on folded text; a reworded clause scores ~60
ISSUER_OVERLAP = 80  # partial_ratio of the issuer names (gold adds notes in parentheses)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
_DAY_MONTH = re.compile(r"\b(\d{1,2})/(\d{1,2})\b")


@dataclass(frozen=True)
class Item:
    """One fact, gold or extracted, in a comparable shape."""

    category: str
    start: str | None  # ISO at its precision, or None
    end: str | None = None
    quote: str = ""
    label: str = ""  # for reports: a name, a kind, a rule
    extra: tuple[Any, ...] = ()  # category-specific keys (phase number, rule day/month)


@dataclass
class Tally:
    """Matches, misses and spurious items of one category."""

    gold: int = 0
    extracted: int = 0
    matched_gold: int = 0
    matched_extracted: int = 0
    misses: list[tuple[str, Item]] = field(default_factory=list)
    spurious: list[tuple[str, Item]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of gold items found (1.0 when the gold has none)."""
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of extracted items that are right (1.0 when nothing was extracted)."""
        return self.matched_extracted / self.extracted if self.extracted else 1.0

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        self.gold += other.gold
        self.extracted += other.extracted
        self.matched_gold += other.matched_gold
        self.matched_extracted += other.matched_extracted
        self.misses += other.misses
        self.spurious += other.spurious


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _date_agrees(gold: str | None, got: dt.date | None) -> bool:
    """Whether an extracted date agrees with a gold date at the gold's precision."""
    if gold is None or gold.startswith("--"):
        return got is None  # no date stated, or no year stated: nothing to schedule
    if got is None:
        return False
    return got.isoformat().startswith(gold)


def _quote_overlaps(gold: str, got: str) -> bool:
    if not gold or not got:
        return False
    a, b = fold(" ".join(gold.split())), fold(" ".join(got.split()))
    return a in b or b in a or fuzz.partial_ratio(a, b) >= QUOTE_OVERLAP


def _phase_number(name: str) -> int | None:
    m = re.search(r"(\d+|[ivx]+)\s*$", fold(name).replace("1i", "ii").replace("i1", "ii"))
    if m is None:
        return None
    token = m.group(1)
    return int(token) if token.isdigit() else _ROMAN.get(token)


def _gold_rule_day(rule: str) -> tuple[int, int] | None:
    m = _DAY_MONTH.search(rule)
    return (int(m.group(1)), int(m.group(2))) if m else None


@dataclass(frozen=True)
class Extracted:
    """An extracted document's dated items, as plain dates for comparison."""

    period: tuple[dt.date | None, dt.date | None]
    phases: list[tuple[str, dt.date | None, dt.date | None, str]]
    deadlines: list[tuple[dt.date | None, str, str]]  # due, quote, kind
    events: list[tuple[dt.date | None, str, str]]  # date, quote, what
    recurring: list[tuple[str, int | None, int | None, str]]  # period, day, month, quote


def extracted_items(doc: ExtractedDocument) -> Extracted:
    """The parts of an ExtractedDocument the gold describes."""
    c = doc.campaign
    return Extracted(
        period=(c.start, c.end),
        phases=[(p.name, p.start, p.end, p.quote) for p in c.phases],
        deadlines=[(d.due, d.quote, str(d.kind)) for d in c.deadlines],
        events=[(e.date, e.quote, e.what) for e in getattr(c, "events", [])],
        recurring=[(str(r.period), r.day, r.month, r.quote) for r in c.recurring_reports],
    )


def _pair(
    gold: Sequence[Any], got: Sequence[Any], agree: Any
) -> tuple[set[int], set[int]]:
    """Greedy one-to-one matching: (matched gold indexes, matched extracted indexes)."""
    used_g: set[int] = set()
    used_e: set[int] = set()
    for gi, g in enumerate(gold):
        for ei, e in enumerate(got):
            if ei not in used_e and agree(g, e):
                used_g.add(gi)
                used_e.add(ei)
                break
    return used_g, used_e


def _tally(
    file: str,
    category: str,
    gold: list[Item],
    got: list[Item],
    agree: Any,
) -> Tally:
    used_g, used_e = _pair(gold, got, agree)
    return Tally(
        gold=len(gold),
        extracted=len(got),
        matched_gold=len(used_g),
        matched_extracted=len(used_e),
        misses=[(file, g) for i, g in enumerate(gold) if i not in used_g],
        spurious=[(file, e) for i, e in enumerate(got) if i not in used_e],
    )


def score_document(entry: dict[str, Any], doc: ExtractedDocument) -> dict[str, Tally]:
    """Tallies per category for one gold entry and its extracted document."""
    file = entry["file"]
    ex = extracted_items(doc)
    out: dict[str, Tally] = {
        "period": _period_tally(file, entry, ex),
        "phase": _phase_tally(file, entry, ex),
        **_dated_tallies(file, entry, ex),
        "recurring": _recurring_tally(file, entry, ex),
    }
    info = doc.document
    out["number"] = _header_tally(
        file, "number", entry.get("number"), info.number, _number_agrees
    )
    out["issue_date"] = _header_tally(
        file, "issue_date", _iso(entry.get("issue_date")), _iso(info.issue_date),
        lambda gold, got: gold == got,
    )  # fmt: skip
    out["issuer"] = _header_tally(file, "issuer", entry.get("issuer"), info.issuer, _issuer_agrees)
    return out


def _period_tally(file: str, entry: dict[str, Any], ex: Extracted) -> Tally:
    period = entry.get("period") or {}
    quote = period.get("quote") or ""
    gold = (
        [Item("period", _iso(period.get("start")), _iso(period.get("end")), quote)]
        if period.get("start") or period.get("end")
        else []
    )
    got = (
        [Item("period", _iso(ex.period[0]), _iso(ex.period[1]))]
        if ex.period[0] or ex.period[1]
        else []
    )
    return _tally(file, "period", gold, got, _period_agrees)


def _period_agrees(gold: Item, got: Item) -> bool:
    return _date_agrees(gold.start, _date(got.start)) and _date_agrees(gold.end, _date(got.end))


def _phase_tally(file: str, entry: dict[str, Any], ex: Extracted) -> Tally:
    gold = [
        Item("phase", _iso(p.get("start")), _iso(p.get("end")), p.get("quote") or "",
             p["name"], (_phase_number(p["name"]),))
        for p in entry.get("phases") or []
    ]  # fmt: skip
    got = [
        Item("phase", _iso(start), _iso(end), quote, name, (_phase_number(name),))
        for name, start, end, quote in ex.phases
    ]
    return _tally(file, "phase", gold, got, _phase_agrees)


def _phase_agrees(gold: Item, got: Item) -> bool:
    dates = _period_agrees(gold, got)
    if gold.start is None and gold.end is None:
        return dates and gold.extra == got.extra
    return dates


def _dated_tallies(file: str, entry: dict[str, Any], ex: Extracted) -> dict[str, Tally]:
    """The deadline and event tallies (the gold keeps events among its deadlines)."""
    gold_deadlines = [
        Item("deadline", _iso(d.get("due")), None, d.get("quote") or "", d.get("kind", ""))
        for d in entry.get("deadlines") or []
        if d.get("kind") != "event"
    ]
    gold_events = [
        Item("event", _iso(d.get("due")), None, d.get("quote") or "", d.get("what", ""))
        for d in entry.get("deadlines") or []
        if d.get("kind") == "event"
    ]
    got_deadlines = [
        Item("deadline", _iso(due), None, quote, kind) for due, quote, kind in ex.deadlines
    ]
    got_events = [Item("event", _iso(day), None, quote, what) for day, quote, what in ex.events]
    return {
        "deadline": _tally(file, "deadline", gold_deadlines, got_deadlines, _dated_agrees),
        "event": _tally(file, "event", gold_events, got_events, _dated_agrees),
    }


def _dated_agrees(gold: Item, got: Item) -> bool:
    return _date_agrees(gold.start, _date(got.start)) and _quote_overlaps(gold.quote, got.quote)


def _recurring_tally(file: str, entry: dict[str, Any], ex: Extracted) -> Tally:
    gold = [
        Item("recurring", None, None, r.get("quote") or "", f"{r['period']}: {r.get('rule')}",
             (r["period"], _gold_rule_day(str(r.get("rule") or ""))))
        for r in entry.get("recurring") or []
    ]  # fmt: skip
    got = [
        Item("recurring", None, None, quote, f"{period}: {day}/{month}",
             (period, (day, month) if day and month else None))
        for period, day, month, quote in ex.recurring
    ]  # fmt: skip
    return _tally(file, "recurring", gold, got, _rule_agrees)


def _rule_agrees(gold: Item, got: Item) -> bool:
    return gold.extra == got.extra and _quote_overlaps(gold.quote, got.quote)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _norm_number(value: str) -> str:
    return re.sub(r"[\s.]", "", fold(value)).upper()


def _number_agrees(gold: str, got: str) -> bool:
    return _norm_number(gold) == _norm_number(got)


def _issuer_agrees(gold: str, got: str) -> bool:
    core = re.sub(r"\s*\([^)]*\)", "", gold).split(";")[0]
    a, b = fold(core), fold(got)
    return fuzz.partial_ratio(a, b) >= ISSUER_OVERLAP if min(len(a), len(b)) >= 4 else a == b


def _header_tally(
    file: str, category: str, gold: str | None, got: str | None, agree: Any
) -> Tally:
    gold_items = [Item(category, gold, label=gold)] if gold else []
    got_items = [Item(category, got, label=got)] if got else []
    return _tally(
        file, category, gold_items, got_items, lambda g, e: agree(g.start, e.start)
    )


def total(per_doc: Iterable[dict[str, Tally]]) -> dict[str, Tally]:
    """Sum tallies per category, plus "dated" for every dated category together."""
    sums: dict[str, Tally] = {c: Tally() for c in (*DATED_CATEGORIES, *HEADER_CATEGORIES)}
    for tallies in per_doc:
        for category, tally in tallies.items():
            sums[category].add(tally)
    dated = Tally()
    for category in DATED_CATEGORIES:
        dated.add(sums[category])
    sums["dated"] = dated
    return sums


def format_report(sums: dict[str, Tally], *, details: bool = True) -> str:
    """A summary table, then every miss and every spurious item."""
    lines = [f"{'category':<11} {'gold':>5} {'found':>6} {'recall':>7} {'extracted':>10} "
             f"{'right':>6} {'precision':>10}"]  # fmt: skip
    for category in ("dated", *DATED_CATEGORIES, *HEADER_CATEGORIES):
        t = sums[category]
        lines.append(
            f"{category:<11} {t.gold:>5} {t.matched_gold:>6} {t.recall:>7.1%} "
            f"{t.extracted:>10} {t.matched_extracted:>6} {t.precision:>10.1%}"
        )
    if details:
        for category in (*DATED_CATEGORIES, *HEADER_CATEGORIES):
            t = sums[category]
            for file, item in t.misses:
                lines.append(f"MISS     {category:<10} {file[:40]:<40} {_show(item)}")
            for file, item in t.spurious:
                lines.append(f"SPURIOUS {category:<10} {file[:40]:<40} {_show(item)}")
    return "\n".join(lines)


def _show(item: Item) -> str:
    dates = item.start or "-"
    if item.end is not None or item.category in ("period", "phase"):
        dates += f" .. {item.end or '-'}"
    quote = " ".join(item.quote.split())[:70]
    return f"[{dates}] {item.label[:40]} | {quote}"
