"""Answers about one campaign's other facts: anniversaries, targets, rewards, owners, theme,
slogan, audience and the document itself."""

from __future__ import annotations

import re

from knowledge.answer.context import (
    AnswerContext,
    DraftReply,
    find_section,
    item_warnings,
    overlap,
    phase_number,
    unquote,
)
from knowledge.presentation.catalogue import tr
from knowledge.presentation.dates import format_date
from knowledge.presentation.wording import short
from knowledge.text.tokens import fast_fold

# ---- commemorations -------------------------------------------------------------------------


def answer_commemoration(ctx: AnswerContext) -> DraftReply | None:
    """The anniversaries the campaign (or one phase) salutes."""
    items = list(enumerate(ctx.doc.campaign.commemorations))
    phases = ctx.doc.campaign.phases
    wanted = ctx.q.intent.phase
    if wanted is None and ctx.context_phase and ctx.q.intent.follow_up:
        wanted = int(ctx.context_phase)
    lang = ctx.q.language
    if wanted is not None:
        names = {fast_fold(p.name) for i, p in enumerate(phases) if phase_number(p, i) == wanted}
        in_phase = [(i, m) for i, m in items if m.phase and fast_fold(m.phase) in names]
        if in_phase:
            items = in_phase
        elif phases:
            match = [p for i, p in enumerate(phases) if phase_number(p, i) == wanted]
            if match and match[0].salutes:
                p = match[0]
                reply = DraftReply(lines=[tr(lang, "answer_named_phase_salutes", phase=p.name)])
                reply.lines += [f"- {s}" for s in p.salutes]
                reply.citations.append(ctx.cite(p.quote, p.section))
                reply.slots["phase"] = str(wanted)
                return reply
    if not items:
        return None
    day = ctx.q.time.on_date
    if day is not None:
        # "ngày 30/4 chào mừng gì?": the anniversaries on that day (any year written or not).
        same_day = [
            (i, m)
            for i, m in items
            if m.date and (m.date.month, m.date.day) == (day.month, day.day)
        ]
        if same_day:
            items = same_day
    words = [w for w in ctx.specific_words() if w not in {"le", "ngay"}]
    if words and len(items) > 1:
        scored = [(i, m, overlap(ctx.kb, words, ctx.q.pairs, m.what)) for i, m in items]
        best = max(s for *_, s in scored)
        if best >= 0.6:
            items = [(i, m) for i, m, s in scored if s >= best - 0.1]
    head = tr(lang, "answer_campaign_salutes")
    if wanted is not None:
        head = tr(lang, "answer_phase_salutes", wanted=wanted)
    reply = DraftReply(lines=[head])
    for i, m in items[:12]:
        dates = ""
        if m.origin_text:
            dates = f" ({m.origin_text})"
        elif m.origin:
            origin = format_date(m.origin)
            dates = f" ({origin} – {format_date(m.date)})" if m.date else f" ({origin})"
        elif m.date:
            dates = f" ({format_date(m.date)})"
        reply.lines.append(f"- {short(m.what, 160)}{dates}")
        reply.citations.append(ctx.cite(m.quote, m.section))
        reply.warnings.extend(item_warnings(ctx, f"commemorations[{i}]"))
    if wanted is not None:
        reply.slots["phase"] = str(wanted)
    return reply


# ---- targets, rewards, responsibilities -----------------------------------------------------


_LIST_WORDS = frozenset(
    ["chu", "yeu", "chinh", "cu", "the", "quan", "trong", "nhung", "cac", "gom", "tieu"]
)


def answer_target(ctx: AnswerContext) -> DraftReply | None:
    """The numeric target whose indicator matches the question."""
    targets = ctx.doc.campaign.targets
    if not targets:
        return None
    words = [w for w in ctx.topic_words() if w not in _LIST_WORDS]
    if not [w for w in words if not ctx.kb.generic(w)]:
        reply = DraftReply(lines=[tr(ctx.q.language, "answer_main_targets")])
        for t in targets[:10]:
            reply.lines.append(f"- {short(t.indicator, 120)}: {t.value}")
            reply.citations.append(ctx.cite(t.quote, t.section))
        return reply
    # The indicator names the target; its sentence only breaks ties.
    scored = [
        (
            t,
            overlap(ctx.kb, words, ctx.q.pairs, t.indicator)
            + 0.2 * overlap(ctx.kb, words, ctx.q.pairs, t.quote),
        )
        for t in targets
    ]
    scored.sort(key=lambda ts: ts[1], reverse=True)
    best = scored[0][1]
    if best < 0.55:
        return None
    chosen = [t for t, s in scored if s >= best - 0.02][:3]
    reply = DraftReply(lines=[])
    for t in chosen:
        quote = t.quote.strip()
        if fast_fold(t.value) in fast_fold(t.indicator):
            reply.lines.append(f"{short(t.indicator, 200)}.")
        else:
            reply.lines.append(f"{short(t.indicator, 150)}: {t.value}.")
        if quote and t.value not in quote:
            reply.lines.append(f"“{short(quote, 300)}”")
        reply.citations.append(ctx.cite(t.quote, t.section))
        reply.explains.append(t.quote)
    return reply


def answer_reward(ctx: AnswerContext) -> DraftReply | None:
    """Reward forms and who grants them."""
    rewards = ctx.doc.campaign.rewards
    if not rewards:
        return None
    lang = ctx.q.language
    words = [w for w in ctx.specific_words() if w not in {"bang", "giay"}]
    chosen = list(rewards)
    if words and len(rewards) > 1:
        scored = [
            (r, overlap(ctx.kb, words, ctx.q.pairs, f"{r.name} {r.grantor or ''}"))
            for r in rewards
        ]
        best = max(s for _, s in scored)
        if best >= 0.5:
            chosen = [r for r, s in scored if s >= best - 0.05]
    reply = DraftReply(lines=[tr(lang, "answer_reward_forms")])
    for r in chosen[:6]:
        line = f"- {r.name}"
        if r.grantor:
            line += tr(lang, "answer_reward_granted_by", grantor=r.grantor)
        if r.criteria:
            line += f": {short(r.criteria, 200)}"
        reply.lines.append(line)
        reply.citations.append(ctx.cite(r.quote, r.section))
    return reply


def answer_responsibility(ctx: AnswerContext) -> DraftReply | None:
    """Which agency owns which movement or task."""
    items = ctx.doc.campaign.responsibilities
    if not items:
        return None
    place_words = [w for p in ctx.q.places for w in p.split()]
    words = [w for w in ctx.topic_words() if not ctx.kb.generic(w)] + place_words
    by_agency = sorted(
        ((r, overlap(ctx.kb, words, ctx.q.pairs, r.agency)) for r in items),
        key=lambda rs: rs[1],
        reverse=True,
    )
    by_task = sorted(
        ((r, overlap(ctx.kb, words, ctx.q.pairs, r.task)) for r in items),
        key=lambda rs: rs[1],
        reverse=True,
    )
    if words and by_agency[0][1] >= 0.3:
        # The question names an agency: say what it does.
        best = by_agency[0][1]
        chosen = [r for r, s in by_agency if s >= best - 0.05][:4]
    elif words and by_task[0][1] >= 0.5:
        # The question names a task or movement: say who owns it.
        best = by_task[0][1]
        chosen = [r for r, s in by_task if s >= best - 0.05][:4]
    elif not [w for w in ctx.topic_words() if not ctx.kb.generic(w)]:
        chosen = list(items)[:8]
    else:
        return None
    reply = DraftReply(lines=[])
    for r in chosen:
        prefix = "- " if len(chosen) > 1 else ""
        reply.lines.append(f"{prefix}{r.agency}: {short(r.task, 220)}")
        reply.citations.append(ctx.cite(r.quote, r.section))
    return reply


# ---- theme, slogan, audience, document facts ------------------------------------------------


def answer_theme(ctx: AnswerContext) -> DraftReply | None:
    """The campaign's theme ("chủ đề")."""
    theme = ctx.doc.campaign.theme
    if not theme:
        return None
    reply = DraftReply(lines=[tr(ctx.q.language, "answer_theme", theme=unquote(theme))])
    reply.citations.append(ctx.cite(theme, find_section(ctx, theme)))
    return reply


def answer_slogan(ctx: AnswerContext) -> DraftReply | None:
    """The campaign's slogan ("phương châm")."""
    slogan = ctx.doc.campaign.slogan
    if not slogan:
        return None
    reply = DraftReply(lines=[tr(ctx.q.language, "answer_slogan", slogan=unquote(slogan))])
    reply.citations.append(ctx.cite(slogan, find_section(ctx, slogan)))
    return reply


def answer_audience(ctx: AnswerContext) -> DraftReply | None:
    """Who takes part."""
    audience = ctx.doc.campaign.audience
    if not audience:
        return None
    head = tr(ctx.q.language, "answer_audience_head")
    reply = DraftReply(lines=[head] + [f"- {short(a, 260)}" for a in audience[:6]])
    reply.citations.append(ctx.cite(audience[0], find_section(ctx, audience[0])))
    return reply


def answer_doc_facts(ctx: AnswerContext) -> DraftReply | None:
    """Number, issue date, issuer, signer, title."""
    info, lang, q = ctx.doc.document, ctx.q.language, ctx.q.folded
    asks_signer = bool(re.search(r"\bky\b|\bsign", q)) and not re.search(r"\bky hieu\b", q)
    asks_number = bool(re.search(r"\bso hieu\b|\bky hieu\b|\bso (may|bao nhieu)\b|\bnumber\b", q))
    # "đợt thi đua 50 ngày" names the campaign: "ngày" after a number asks no date
    asks_date = bool(re.search(r"(?<!\d )\bngay\b|\bkhi nao\b|\bnam nao\b|\bwhen\b|\bdate\b", q))
    asks_issuer = bool(
        re.search(r"\b(co quan|don vi|cap) nao\b|\bai (ban hanh|phat dong)\b|\bwho issued\b", q)
    )
    facts: list[tuple[str, str | None]] = []
    # "ai phát động" may want the person at the launch, which a passage may name: the
    # issuer alone is not exact
    asked = (asks_signer or asks_number or asks_date) and not asks_issuer
    if asks_signer:
        signer = info.signer
        if signer and info.signer_title:
            signer = f"{signer} ({info.signer_title})"
        facts.append((tr(lang, "answer_fact_signed_by"), signer))
    if asks_number:
        facts.append((tr(lang, "answer_fact_number"), info.number))
    if asks_date:
        facts.append(
            (
                tr(lang, "answer_fact_issued_on"),
                format_date(info.issue_date) if info.issue_date else None,
            )
        )
    if asks_issuer:
        facts.append((tr(lang, "answer_fact_issuer"), info.issuer))
    if not facts:
        facts = [
            (tr(lang, "answer_fact_type"), info.doc_type),
            (tr(lang, "answer_fact_number"), info.number),
            (
                tr(lang, "answer_fact_issued_on"),
                format_date(info.issue_date) if info.issue_date else None,
            ),
            (tr(lang, "answer_fact_issuer"), info.issuer),
            (tr(lang, "answer_fact_signed_by"), info.signer),
            (tr(lang, "answer_fact_title"), info.title),
        ]
    missing = tr(lang, "answer_fact_not_stated")
    lines = [f"{k}: {v if v else missing}" for k, v in facts]
    known = [v for _, v in facts if v]
    reply = DraftReply(lines=lines, answered=bool(known))
    reply.exact = asked and len(known) == len(facts)
    # the quote names the document: its title, or its campaign when the header has none
    reply.citations.append(ctx.cite(info.title or ctx.doc.campaign.name or "", None))
    return reply
