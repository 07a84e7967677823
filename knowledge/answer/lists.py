"""Answers across the whole knowledge base: deadlines in a window, what is running on a day,
and listings of campaigns by province, issuer or year."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from knowledge.answer.contract import Citation
from knowledge.answer.facts import DraftReply
from knowledge.index.base import DocEntry, KnowledgeBase
from knowledge.presentation.catalogue import tr
from knowledge.presentation.dates import days_phrase, format_date, format_range
from knowledge.presentation.labels import kind_name
from knowledge.presentation.wording import short
from knowledge.question.reading import Question

MAX_LISTED = 8
NEXT_IF_EMPTY = 3


def _cite(
    kb: KnowledgeBase, entry: DocEntry, quote: str = "", section: str | None = None
) -> Citation:
    return Citation(entry.source, entry.label, section, quote)


def _short_label(entry: DocEntry) -> str:
    return short(entry.label, 110)


def deadlines_in_window(
    kb: KnowledgeBase, question: Question, today: dt.date, only: set[int] | None = None
) -> DraftReply:
    """Deadlines due in the window the question names (or the next ones when it names none)."""
    en, lang = question.en, question.language
    window = question.time.window
    start = window.start if window else today
    end = window.end if window else today + dt.timedelta(days=60)
    if window and window.kind == "upcoming":
        start = today
    hits = [h for h in kb.due_between(start, end) if only is None or h[1] in only]
    kind = question.intent.deadline_kind
    reply = DraftReply(lines=[])
    if window:
        label = window.label_en if en else window.label
    else:
        label = tr(lang, "answer_window_upcoming")
    if kind:
        typed = [h for h in hits if h[2].kind == kind]
        hits = typed or hits
    if not hits:
        later = [
            h
            # one-off deadlines only: a yearly report always has a next date, and listing
            # it would answer a question about one window with unrelated documents
            for h in kb.due_between(end + dt.timedelta(days=1), dt.date.max, reports=False)
            if only is None or h[1] in only
        ][:NEXT_IF_EMPTY]
        reply.lines.append(tr(lang, "answer_no_deadline_in_window", label=label))
        if later:
            reply.lines.append(tr(lang, "answer_next_deadlines"))
            hits = later
        else:
            # True of the base, but nothing a document says: no citation, so not "answered"
            reply.answered = False
            return reply
    else:
        reply.lines.append(tr(lang, "answer_deadlines_in_window", label=label))
    for ordinal, i, d in hits[:MAX_LISTED]:
        e = kb.entries[i]
        due = dt.date.fromordinal(ordinal)
        what = d.what.strip() or kind_name(d.kind, lang)
        line = f"- {format_date(due)}: {short(what, 120)}"
        if d.recipient:
            line += f" → {short(d.recipient, 90)}"
        line += f" ({days_phrase(due, today, lang)}) — {_short_label(e)}"
        reply.lines.append(line)
        reply.citations.append(_cite(kb, e, d.quote, d.section))
        reply.deadline_ids.append(d.id)
        reply.warnings.extend(d.warnings)
    if len(hits) > MAX_LISTED:
        more = len(hits) - MAX_LISTED
        reply.lines.append(tr(lang, "answer_more_deadlines", more=more))
    return reply


SOON_DAYS = 90  # "sắp bắt đầu / sắp kết thúc" looks this far ahead of the day asked about


def _status_wanted(folded: str) -> tuple[bool, bool, bool]:
    """Whether the question asks what is over, ending soon or starting soon (else running)."""
    want_over = bool(
        re.search(r"\bda ket thuc\b|\bket thuc roi\b|\bhet han\b|\bended\b|\bover\b", folded)
    )
    want_ending = bool(re.search(r"\bsap (ket thuc|het)\b|\bending soon\b", folded))
    want_soon = not want_ending and bool(re.search(r"\bsap\b|\bupcoming\b|\bsoon\b", folded))
    return want_over, want_ending, want_soon


def _status_masks(
    kb: KnowledgeBase,
    wanted: tuple[bool, bool, bool],
    first: dt.date,
    last: dt.date,
) -> tuple[np.ndarray, np.ndarray]:
    """The phases and the campaigns (with a known span) in the asked status over the days."""
    want_over, want_ending, want_soon = wanted
    lo_o, hi_o = first.toordinal(), last.toordinal()
    soon_o = (first + dt.timedelta(days=SOON_DAYS)).toordinal()
    ps, pe = kb.phase_starts, kb.phase_ends
    cs, ce = kb.span_starts, kb.span_ends
    known = (cs < dt.date.max.toordinal()) & (ce > dt.date.min.toordinal())
    if want_ending:
        return (pe >= lo_o) & (pe <= soon_o), known & (ce >= lo_o) & (ce <= soon_o)
    if want_over:
        return pe < lo_o, known & (ce < lo_o)
    if want_soon:
        return (ps > lo_o) & (ps <= soon_o), known & (cs > lo_o) & (cs <= soon_o)
    return (ps <= hi_o) & (pe >= lo_o), known & (cs <= hi_o) & (ce >= lo_o)


def running_on(
    kb: KnowledgeBase, question: Question, today: dt.date, only: set[int] | None = None
) -> DraftReply:
    """Campaigns and phases running on a day, or starting soon / already over when asked."""
    lang = question.language
    day = question.time.on_date or today
    window = question.time.window
    wanted = _status_wanted(question.folded)
    want_over, want_ending, want_soon = wanted
    lo = day
    hi = day
    if window and window.kind in ("week", "month", "year", "range"):
        lo, hi = window.start, window.end
    reply = DraftReply(lines=[])
    rows: list[tuple[DocEntry, str]] = []
    phase_mask, camp_mask = _status_masks(kb, wanted, lo, hi)
    seen: set[int] = set()
    total = 0
    for k in np.flatnonzero(phase_mask):
        _, _, i, j = kb.phases[int(k)]
        if only is not None and i not in only:
            continue
        total += 1
        seen.add(i)
        if len(rows) < MAX_LISTED:
            e = kb.entries[i]
            p = kb.document(i).campaign.phases[j]
            span = format_range(p.start, p.end, lang)
            rows.append((e, f"{p.name} ({span}) — {short(e.name, 110)}"))
    for k in np.flatnonzero(camp_mask):
        i = int(k)
        if i in seen or (only is not None and i not in only):
            continue
        total += 1
        if len(rows) < MAX_LISTED:
            e = kb.entries[i]
            begin = e.start if e.start_known else None
            span = format_range(begin, e.end, lang)
            rows.append((e, f"{short(e.name, 110)} ({span})"))
    when = format_date(day) if lo == hi else f"{format_date(lo)}–{format_date(hi)}"
    if want_ending:
        head = tr(lang, "answer_ending_soon_after", date=format_date(lo))
    elif want_over:
        head = tr(lang, "answer_ended_before", date=format_date(lo))
    elif want_soon:
        head = tr(lang, "answer_starting_soon_after", date=format_date(lo))
    else:
        head = tr(lang, "answer_running_on", when=when)
    if not rows:
        if want_over or want_soon or want_ending:
            reply.lines.append(tr(lang, "answer_none_in_status"))
        else:
            reply.lines.append(tr(lang, "answer_nothing_running", when=when))
        return reply
    reply.lines.append(head)
    for e, text in rows:
        reply.lines.append(f"- {text}")
        reply.citations.append(_cite(kb, e))
    if total > len(rows):
        more = total - len(rows)
        reply.lines.append(tr(lang, "answer_more_items", more=more))
    return reply


def listing(kb: KnowledgeBase, question: Question, only: list[int] | None = None) -> DraftReply:
    """Campaign documents filtered by the places, years and kind the question names."""
    lang = question.language
    n = len(kb.entries)
    keep = np.ones(n, dtype=bool)
    if question.places:
        named = np.zeros(n, dtype=bool)
        for p in question.places:
            named |= kb.mask(kb.place_docs, p)
        keep &= named
    if question.years:
        covers = np.zeros(n, dtype=bool)
        for y in question.years:
            covers |= kb.mask(kb.year_docs, y)
        keep &= covers
    if question.intent.doc_type and "van ban" not in question.folded:
        keep &= kb.mask(kb.type_docs, question.intent.doc_type)
    if question.intent.special:
        keep &= kb.special
    indices = [int(i) for i in np.flatnonzero(keep) if only is None or int(i) in only]
    chosen = [kb.entries[i] for i in indices]
    reply = DraftReply(lines=[])
    if not chosen:
        reply.answered = False
        reply.lines.append(tr(lang, "answer_no_matching_documents"))
        return reply
    reply.lines.append(tr(lang, "answer_document_count", count=len(chosen)))
    for e in chosen[: MAX_LISTED + 2]:
        span = format_range(e.start if e.start_known else None, e.end, lang)
        reply.lines.append(f"- {e.label}: {short(e.name, 120)} ({span})")
        reply.citations.append(_cite(kb, e))
    if len(chosen) > MAX_LISTED + 2:
        more = len(chosen) - MAX_LISTED - 2
        reply.lines.append(tr(lang, "answer_more_documents", more=more))
    return reply
