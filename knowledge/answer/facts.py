"""Answers about one campaign's dates: deadlines, recurring reports, phases, period.

Each handler returns a `DraftReply`, or None when the document has nothing that fits the question
(the caller then quotes the best passage instead). `HANDLERS` maps every intent to its handler.
"""

from __future__ import annotations

import datetime as dt
import re

from knowledge.answer.context import (
    AnswerContext,
    DraftReply,
    find_section,
    item_warnings,
    overlap,
    phase_number,
    status_phrase,
    unquote,
)
from knowledge.answer.topics import (
    answer_audience,
    answer_commemoration,
    answer_doc_facts,
    answer_responsibility,
    answer_reward,
    answer_slogan,
    answer_target,
    answer_theme,
)
from knowledge.dates.recurring import stated_occurrences
from knowledge.presentation.catalogue import tr
from knowledge.presentation.dates import days_phrase, format_date, format_range
from knowledge.presentation.labels import kind_name, period_name
from knowledge.presentation.wording import short
from knowledge.schema import Deadline, Phase
from knowledge.text.tokens import fast_fold

__all__ = ["HANDLERS", "AnswerContext", "DraftReply"]

# ---- deadlines ------------------------------------------------------------------------------


def _deadline_line(ctx: AnswerContext, deadline: Deadline) -> str:
    en, lang = ctx.q.en, ctx.q.language
    what = deadline.what.strip() or kind_name(deadline.kind, lang)
    what = short(what[:1].upper() + what[1:], 140)
    due_before = re.search(r"truoc", fast_fold(deadline.date_text + " " + deadline.quote))
    key = "answer_deadline_due_before" if due_before else "answer_deadline_due_by"
    line = tr(lang, key, what=what, date=format_date(deadline.due))
    if deadline.due:
        line += f" ({days_phrase(deadline.due, ctx.today, lang)})"
    written = deadline.date_text
    if written and deadline.due and str(deadline.due.day) not in written and not en:
        line += tr(lang, "answer_document_wording_dash", text=written)
    if deadline.recipient:
        to = tr(lang, "answer_deadline_send_to", recipient=deadline.recipient)
        if deadline.via:
            via = deadline.via
            to += f" ({via})" if via.lower().startswith("qua") else f" (qua {via})"
        line += f"; {to}"
    return line + "."


def answer_deadline(ctx: AnswerContext) -> DraftReply | None:
    """When something is due, to whom, days left."""
    camp = ctx.doc.campaign
    kind = ctx.q.intent.deadline_kind or (
        ctx.context_kind if ctx.q.intent.follow_up or _short(ctx) else None
    )
    items = list(enumerate(camp.deadlines))
    if kind == "periodic_report" and not [d for _, d in items if d.kind == kind]:
        return answer_recurring(ctx)
    if kind:
        chosen = [(i, d) for i, d in items if d.kind == kind]
        if not chosen and kind == "final_report":
            chosen = [(i, d) for i, d in items if d.kind == "preliminary_review"]
        if not chosen:
            return None
    else:
        words = ctx.topic_words()
        scored = [
            (i, d, overlap(ctx.kb, words, ctx.q.pairs, f"{d.what} {d.quote}")) for i, d in items
        ]
        best = max((s for *_, s in scored), default=0.0)
        chosen = [(i, d) for i, d, s in scored if s >= best - 0.05] if best > 0.3 else items
    if ctx.q.time.window and ctx.q.time.window.kind != "upcoming":
        w = ctx.q.time.window
        chosen = [(i, d) for i, d in chosen if d.due and w.start <= d.due <= w.end] or chosen
    if not chosen:
        if camp.recurring_reports and (ctx.q.intent.wants_recipient or "bao cao" in ctx.q.folded):
            return answer_recurring(ctx)
        return None
    no_recipient = not any(d.recipient for _, d in chosen)
    if (
        ctx.q.intent.wants_recipient
        and no_recipient
        and any(r.recipient for r in camp.recurring_reports)
    ):
        return answer_recurring(ctx)
    chosen.sort(key=lambda t: t[1].due or dt.date.max)
    reply = DraftReply(lines=[])
    lang = ctx.q.language
    if ctx.q.intent.wants_recipient and len(chosen) == 1:
        d = chosen[0][1]
        if d.recipient:
            via = f" ({d.via})" if d.via else ""
            reply.lines.append(
                tr(
                    lang,
                    "answer_deadline_send_it_to",
                    recipient=d.recipient,
                    via=via,
                    date=format_date(d.due),
                )
            )
        else:
            reply.lines.append(_deadline_line(ctx, d))
            reply.lines.append(tr(lang, "answer_deadline_no_recipient"))
    else:
        for _, d in chosen[:5]:
            reply.lines.append(("- " if len(chosen) > 1 else "") + _deadline_line(ctx, d))
    for i, d in chosen[:5]:
        reply.citations.append(ctx.cite(d.quote, d.section))
        reply.explains.append(d.quote)
        reply.deadline_ids.append(d.id or f"{ctx.entry.campaign_id}:deadline:{i}")
        reply.warnings.extend(item_warnings(ctx, f"deadlines[{i}]"))
    reply.slots["deadline_kind"] = str(chosen[0][1].kind)
    return reply


def _short(ctx: AnswerContext) -> bool:
    return len(ctx.q.words) <= 6


def answer_recurring(ctx: AnswerContext) -> DraftReply | None:
    """How often reports are due, and to whom."""
    reports = ctx.doc.campaign.recurring_reports
    if not reports:
        return None
    lang = ctx.q.language
    reply = DraftReply(lines=[])
    for i, r in enumerate(reports[:4]):
        period = period_name(r.period, lang)
        when = period
        if r.day:
            when = tr(lang, "answer_report_before_day", day=r.day, period=period)
            if r.month and r.period == "yearly":
                when = tr(
                    lang, "answer_report_before_day_of_month_yearly", day=r.day, month=r.month
                )
        what = short(r.what, 140) if r.what else tr(lang, "answer_report_default_what")
        line = f"{what[:1].upper() + what[1:]}: {when}"
        if r.recipient:
            line += tr(lang, "answer_report_to", recipient=r.recipient)
        if r.via:
            line += f" ({r.via})" if r.via.lower().startswith("qua") else f" (qua {r.via})"
        line += "." + _report_dates(ctx, r.period, r.day, r.month)
        reply.lines.append(("- " if len(reports) > 1 else "") + line)
        reply.citations.append(ctx.cite(r.quote, r.section))
        reply.warnings.extend(item_warnings(ctx, f"recurring_reports[{i}]"))
    reply.slots["deadline_kind"] = "periodic_report"
    return reply


# How far ahead "the next occurrence" is looked for: a yearly report is always found.
NEXT_OCCURRENCE_HORIZON = dt.timedelta(days=400)
MAX_ASKED_OCCURRENCES = 3  # "báo cáo quý năm nay": at most this many dates listed


def _report_dates(ctx: AnswerContext, period: str, day: int | None, month: int | None) -> str:
    """Concrete due dates of a report whose day the document states, as a sentence to append.

    The occurrences in the period the question names, else the next one within the campaign
    (" Hạn gần nhất: dd/mm/yyyy (còn N ngày)."); the expansion is the one that dates the
    reminders (knowledge/dates/recurring.py), so both agree.
    """
    en, lang = ctx.q.en, ctx.q.language
    window = ctx.q.time.window
    if window is not None and window.kind != "upcoming":
        found = stated_occurrences(period, day, month, window.start, window.end)
        if not found:
            return ""
        dates = ", ".join(format_date(o.due) for o in found[:MAX_ASKED_OCCURRENCES])
        label = window.label_en or window.label if en else window.label
        return tr(lang, "answer_report_due_in_window", label=label, dates=dates)
    start = max(ctx.today, ctx.entry.start or ctx.today)
    end = start + NEXT_OCCURRENCE_HORIZON
    if ctx.entry.end is not None:
        end = min(end, ctx.entry.end)
    found = stated_occurrences(period, day, month, start, end)
    if not found:
        return ""
    due = found[0].due
    phrase = days_phrase(due, ctx.today, lang)
    return tr(lang, "answer_report_next_due", date=format_date(due), phrase=phrase)


# ---- phases and period ----------------------------------------------------------------------


def _phase_line(ctx: AnswerContext, phase: Phase, with_status: bool = True) -> str:
    en, lang = ctx.q.en, ctx.q.language
    span = format_range(phase.start, phase.end, lang)
    line = f"{phase.name}: {span}"
    if phase.date_text and not en:
        line += tr(lang, "answer_document_wording_parenthesised", text=phase.date_text)
    status = status_phrase(phase.start, phase.end, ctx.today, lang) if with_status else ""
    return line + (f" — {status}" if status else "")


def answer_phase(ctx: AnswerContext) -> DraftReply | None:
    """A phase's dates (or all phases)."""
    phases = ctx.doc.campaign.phases
    if not phases:
        return _no_phases(ctx)
    wanted = ctx.q.intent.phase
    if wanted is None and ctx.context_phase and _short(ctx) and ctx.q.intent.follow_up:
        wanted = int(ctx.context_phase)
    reply = DraftReply(lines=[])
    lang = ctx.q.language
    if wanted is not None:
        match = [(i, p) for i, p in enumerate(phases) if phase_number(p, i) == wanted]
        if not match:
            names = ", ".join(p.name for p in phases)
            reply.answered = False
            reply.lines.append(tr(lang, "answer_phase_missing", wanted=wanted, names=names))
            for p in phases:
                reply.lines.append(f"- {_phase_line(ctx, p)}")
                reply.citations.append(ctx.cite(p.quote, p.section))
            return reply
        i, p = match[0]
        reply.lines.append(_phase_line(ctx, p) + ".")
        reply.citations.append(ctx.cite(p.quote, p.section))
        reply.warnings.extend(item_warnings(ctx, f"phases[{i}]"))
        reply.slots["phase"] = str(wanted)
        return reply
    reply.lines.append(tr(lang, "answer_phase_count", count=len(phases)))
    for i, p in enumerate(phases):
        reply.lines.append(f"- {_phase_line(ctx, p)}")
        reply.citations.append(ctx.cite(p.quote, p.section))
        reply.warnings.extend(item_warnings(ctx, f"phases[{i}]"))
    return reply


def _no_phases(ctx: AnswerContext) -> DraftReply | None:
    """The document is not split into phases: say so, with the campaign's period."""
    camp, en, lang = ctx.doc.campaign, ctx.q.en, ctx.q.language
    if not (camp.start or camp.end):
        return None
    span = format_range(camp.start, camp.end, lang)
    line = tr(lang, "answer_no_phases", span=span)
    if camp.period_text and not en:
        written = short(camp.period_text, 160)
        line += tr(lang, "answer_document_wording_parenthesised", text=written)
    reply = DraftReply(lines=[line])
    reply.citations.append(ctx.cite(camp.period_text, find_section(ctx, camp.period_text)))
    return reply


def answer_overview(ctx: AnswerContext) -> DraftReply | None:
    """A short summary of the campaign: what, who, when, main deadlines."""
    camp, e, lang = ctx.doc.campaign, ctx.entry, ctx.q.language
    start = e.start if e.start_known else None
    span = format_range(start, e.end, lang)
    lines = [f"{short(e.name, 200)} — {e.label}.", tr(lang, "answer_overview_period", span=span)]
    if camp.theme:
        lines.append(tr(lang, "answer_overview_theme", theme=unquote(camp.theme)))
    if camp.slogan:
        lines.append(tr(lang, "answer_slogan", slogan=unquote(camp.slogan)))
    for p in camp.phases[:4]:
        lines.append(f"- {_phase_line(ctx, p, with_status=False)}")
    for d in sorted(camp.deadlines, key=lambda d: d.due or dt.date.max)[:3]:
        lines.append(f"- {_deadline_line(ctx, d)}")
    reply = DraftReply(lines=lines)
    reply.citations.append(ctx.cite(ctx.doc.document.title or e.name, None))
    return reply


def answer_period(ctx: AnswerContext) -> DraftReply | None:
    """The campaign's period, with its phases."""
    camp, e, en, lang = ctx.doc.campaign, ctx.entry, ctx.q.en, ctx.q.language
    if not (camp.start or camp.end or camp.period_text or camp.phases):
        return None
    span = format_range(camp.start, camp.end, lang)
    line = tr(lang, "answer_campaign_period", span=span)
    if camp.period_text and not en:
        written = short(camp.period_text, 160)
        line += tr(lang, "answer_document_wording_parenthesised", text=written)
    status = status_phrase(e.start if e.start_known else None, e.end, ctx.today, lang)
    reply = DraftReply(lines=[line + (f" — {status}." if status else ".")])
    section = None
    quote = camp.period_text
    for p in camp.phases:
        reply.lines.append(f"- {_phase_line(ctx, p)}")
        section = section or p.section
    # The period sentence is usually in the section that holds the phases or "Thời gian".
    reply.citations.append(ctx.cite(quote, section or find_section(ctx, camp.period_text)))
    reply.warnings.extend(item_warnings(ctx, "start") + item_warnings(ctx, "end"))
    return reply


HANDLERS = {
    "deadline": answer_deadline,
    "report_frequency": answer_recurring,
    "phase": answer_phase,
    "period": answer_period,
    "commemoration": answer_commemoration,
    "target": answer_target,
    "reward": answer_reward,
    "responsibility": answer_responsibility,
    "theme": answer_theme,
    "slogan": answer_slogan,
    "audience": answer_audience,
    "doc_facts": answer_doc_facts,
    "overview": answer_overview,
}
