"""Answers about one campaign from its extracted facts (deadlines, phases, targets, …).

Each handler returns a `Reply`, or None when the document has nothing that fits the question
(the caller then quotes the best passage instead).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from knowledge.answer_types import Citation
from knowledge.compose import (
    KIND_EN,
    KIND_VI,
    PERIOD_EN,
    PERIOD_VI,
    days_phrase,
    fmt_date,
    fmt_range,
    fmt_range_en,
    short,
)
from knowledge.kb import DocEntry, KnowledgeBase
from knowledge.question import Question
from knowledge.schema import Deadline, ExtractedDocument, Phase
from knowledge.tokens import bigrams, fast_fold, words_of_folded


@dataclass
class Reply:
    """The body of an answer before the citation line is added."""

    lines: list[str]
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    deadline_ids: list[str] = field(default_factory=list)
    slots: dict[str, str] = field(default_factory=dict)
    answered: bool = True
    explains: list[str] = field(default_factory=list)  # source sentences behind the lines


@dataclass
class Ctx:
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


def _overlap(kb: KnowledgeBase, words: list[str], pairs: list[str], text: str) -> float:
    """IDF-weighted share of `words` found in `text`, plus a bonus for shared word pairs."""
    if not words:
        return 0.0
    tw = words_of_folded(fast_fold(text))
    tset, tpairs = set(tw), set(bigrams(tw))
    total = sum(kb.idf(w) + 0.1 for w in words)
    got = sum(kb.idf(w) + 0.1 for w in words if w in tset)
    pair_bonus = 0.4 * sum(1 for p in pairs if p in tpairs)
    return got / total + pair_bonus


def _item_warnings(c: Ctx, field_prefix: str) -> list[str]:
    return [
        w.message for w in c.doc.warnings if _field(w.field).startswith(field_prefix) and w.message
    ]


def _field(path: str | None) -> str:
    """A warning's field path without the "campaign." prefix."""
    path = path or ""
    return path[len("campaign.") :] if path.startswith("campaign.") else path


def _phase_number(phase: Phase, index: int) -> int:
    m = re.search(r"\d+", phase.name)
    return int(m.group()) if m else index + 1


def _status(start: dt.date | None, end: dt.date | None, today: dt.date, en: bool) -> str:
    if end and end < today:
        return "ended" if en else "đã kết thúc"
    if start and start > today:
        return "not started yet" if en else "chưa bắt đầu"
    if start or end:
        return "under way" if en else "đang diễn ra"
    return ""


# ---- deadlines ------------------------------------------------------------------------------


def _deadline_line(c: Ctx, d: Deadline) -> str:
    en = c.q.en
    what = d.what.strip() or (KIND_EN if en else KIND_VI)[d.kind]
    what = short(what[:1].upper() + what[1:], 140)
    before = "trước ngày" if re.search(r"truoc", fast_fold(d.date_text + " " + d.quote)) else "đến"
    if en:
        line = f"{what}: due {'before' if before != 'đến' else 'by'} {fmt_date(d.due)}"
    else:
        line = f"{what}: hạn {before} {fmt_date(d.due)}"
    if d.due:
        line += f" ({days_phrase(d.due, c.today, en)})"
    if d.date_text and d.due and str(d.due.day) not in d.date_text and not en:
        line += f" — văn bản ghi “{d.date_text}”"
    if d.recipient:
        to = f"gửi về {d.recipient}" if not en else f"send to {d.recipient}"
        if d.via:
            to += f" ({d.via})" if d.via.lower().startswith("qua") else f" (qua {d.via})"
        line += f"; {to}"
    return line + "."


def answer_deadline(c: Ctx) -> Reply | None:
    """When something is due, to whom, days left."""
    camp = c.doc.campaign
    kind = c.q.intent.deadline_kind or (
        c.context_kind if c.q.intent.follow_up or _short(c) else None
    )
    items = list(enumerate(camp.deadlines))
    if kind == "periodic_report" and not [d for _, d in items if d.kind == kind]:
        return answer_recurring(c)
    if kind:
        chosen = [(i, d) for i, d in items if d.kind == kind]
        if not chosen and kind == "final_report":
            chosen = [(i, d) for i, d in items if d.kind == "preliminary_review"]
        if not chosen:
            return None
    else:
        words = c.topic_words()
        scored = [
            (i, d, _overlap(c.kb, words, c.q.pairs, f"{d.what} {d.quote}")) for i, d in items
        ]
        best = max((s for *_, s in scored), default=0.0)
        chosen = [(i, d) for i, d, s in scored if s >= best - 0.05] if best > 0.3 else items
    if c.q.time.window and c.q.time.window.kind != "upcoming":
        w = c.q.time.window
        chosen = [(i, d) for i, d in chosen if d.due and w.start <= d.due <= w.end] or chosen
    if not chosen:
        if camp.recurring_reports and (c.q.intent.wants_recipient or "bao cao" in c.q.folded):
            return answer_recurring(c)
        return None
    no_recipient = not any(d.recipient for _, d in chosen)
    if (
        c.q.intent.wants_recipient
        and no_recipient
        and any(r.recipient for r in camp.recurring_reports)
    ):
        return answer_recurring(c)
    chosen.sort(key=lambda t: t[1].due or dt.date.max)
    reply = Reply(lines=[])
    en = c.q.en
    if c.q.intent.wants_recipient and len(chosen) == 1:
        d = chosen[0][1]
        if d.recipient:
            via = f" ({d.via})" if d.via else ""
            if en:
                reply.lines.append(f"Send it to {d.recipient}{via}, due {fmt_date(d.due)}.")
            else:
                reply.lines.append(f"Gửi về {d.recipient}{via}, hạn {fmt_date(d.due)}.")
        else:
            reply.lines.append(_deadline_line(c, d))
            reply.lines.append(
                "The document does not say where to send it."
                if en
                else "Văn bản không ghi rõ nơi nhận."
            )
    else:
        for _, d in chosen[:5]:
            reply.lines.append(("- " if len(chosen) > 1 else "") + _deadline_line(c, d))
    for i, d in chosen[:5]:
        reply.citations.append(c.cite(d.quote, d.section))
        reply.explains.append(d.quote)
        reply.deadline_ids.append(d.id or f"{c.entry.campaign_id}:deadline:{i}")
        reply.warnings.extend(_item_warnings(c, f"deadlines[{i}]"))
    reply.slots["deadline_kind"] = str(chosen[0][1].kind)
    return reply


def _short(c: Ctx) -> bool:
    return len(c.q.words) <= 6


def answer_recurring(c: Ctx) -> Reply | None:
    """How often reports are due, and to whom."""
    reports = c.doc.campaign.recurring_reports
    if not reports:
        return None
    en = c.q.en
    reply = Reply(lines=[])
    for i, r in enumerate(reports[:4]):
        period = (PERIOD_EN if en else PERIOD_VI)[r.period]
        when = period
        if r.day:
            when = f"before day {r.day}, {period}" if en else f"trước ngày {r.day} {period}"
            if r.month and r.period == "yearly":
                when = (
                    f"before {r.day}/{r.month} every year"
                    if en
                    else f"trước ngày {r.day} tháng {r.month} hàng năm"
                )
        what = short(r.what, 140) if r.what else ("report" if en else "báo cáo")
        line = f"{what[:1].upper() + what[1:]}: {when}"
        if r.recipient:
            line += f", {'to' if en else 'gửi'} {r.recipient}"
        if r.via:
            line += f" ({r.via})" if r.via.lower().startswith("qua") else f" (qua {r.via})"
        reply.lines.append(("- " if len(reports) > 1 else "") + line + ".")
        reply.citations.append(c.cite(r.quote, r.section))
        reply.warnings.extend(_item_warnings(c, f"recurring_reports[{i}]"))
    reply.slots["deadline_kind"] = "periodic_report"
    return reply


# ---- phases and period ----------------------------------------------------------------------


def _phase_line(c: Ctx, p: Phase, with_status: bool = True) -> str:
    en = c.q.en
    span = fmt_range_en(p.start, p.end) if en else fmt_range(p.start, p.end)
    line = f"{p.name}: {span}"
    if p.date_text and not en:
        line += f" (văn bản ghi “{p.date_text}”)"
    status = _status(p.start, p.end, c.today, en) if with_status else ""
    return line + (f" — {status}" if status else "")


def answer_phase(c: Ctx) -> Reply | None:
    """A phase's dates (or all phases)."""
    phases = c.doc.campaign.phases
    if not phases:
        return _no_phases(c)
    wanted = c.q.intent.phase
    if wanted is None and c.context_phase and _short(c) and c.q.intent.follow_up:
        wanted = int(c.context_phase)
    reply = Reply(lines=[])
    en = c.q.en
    if wanted is not None:
        match = [(i, p) for i, p in enumerate(phases) if _phase_number(p, i) == wanted]
        if not match:
            names = ", ".join(p.name for p in phases)
            reply.answered = False
            reply.lines.append(
                f"The plan has no phase {wanted}; its phases are: {names}."
                if en
                else f"Văn bản không có đợt {wanted}; chỉ có: {names}."
            )
            for p in phases:
                reply.lines.append(f"- {_phase_line(c, p)}")
                reply.citations.append(c.cite(p.quote, p.section))
            return reply
        i, p = match[0]
        reply.lines.append(_phase_line(c, p) + ".")
        reply.citations.append(c.cite(p.quote, p.section))
        reply.warnings.extend(_item_warnings(c, f"phases[{i}]"))
        reply.slots["phase"] = str(wanted)
        return reply
    head = (
        f"The campaign has {len(phases)} phase(s):" if en else f"Phong trào có {len(phases)} đợt:"
    )
    reply.lines.append(head)
    for i, p in enumerate(phases):
        reply.lines.append(f"- {_phase_line(c, p)}")
        reply.citations.append(c.cite(p.quote, p.section))
        reply.warnings.extend(_item_warnings(c, f"phases[{i}]"))
    return reply


def _no_phases(c: Ctx) -> Reply | None:
    """The document is not split into phases: say so, with the campaign's period."""
    camp, en = c.doc.campaign, c.q.en
    if not (camp.start or camp.end):
        return None
    span = fmt_range_en(camp.start, camp.end) if en else fmt_range(camp.start, camp.end)
    line = (
        f"The document does not split the campaign into phases; it runs {span}."
        if en
        else f"Văn bản không chia phong trào thành các đợt; thời gian thi đua {span}."
    )
    if camp.period_text and not en:
        line += f" (văn bản ghi “{short(camp.period_text, 160)}”)"
    reply = Reply(lines=[line])
    reply.citations.append(c.cite(camp.period_text, _find_section(c, camp.period_text)))
    return reply


def answer_overview(c: Ctx) -> Reply | None:
    """A short summary of the campaign: what, who, when, main deadlines."""
    camp, e, en = c.doc.campaign, c.entry, c.q.en
    start = e.start if e.start_known else None
    span = fmt_range_en(start, e.end) if en else fmt_range(start, e.end)
    lines = [f"{short(e.name, 200)} — {e.label}.", f"{'Period' if en else 'Thời gian'}: {span}."]
    if camp.theme:
        lines.append(f"{'Theme' if en else 'Chủ đề'}: “{_unquote(camp.theme)}”.")
    if camp.slogan:
        lines.append(f"{'Slogan' if en else 'Phương châm'}: “{_unquote(camp.slogan)}”.")
    for p in camp.phases[:4]:
        lines.append(f"- {_phase_line(c, p, with_status=False)}")
    for d in sorted(camp.deadlines, key=lambda d: d.due or dt.date.max)[:3]:
        lines.append(f"- {_deadline_line(c, d)}")
    reply = Reply(lines=lines)
    reply.citations.append(c.cite(c.doc.document.title or e.name, None))
    return reply


def answer_period(c: Ctx) -> Reply | None:
    """The campaign's period, with its phases."""
    camp, e, en = c.doc.campaign, c.entry, c.q.en
    if not (camp.start or camp.end or camp.period_text or camp.phases):
        return None
    span = fmt_range_en(camp.start, camp.end) if en else fmt_range(camp.start, camp.end)
    if en:
        line = f"Campaign period: {span}"
    else:
        line = f"Thời gian thi đua: {span}"
        if camp.period_text:
            line += f" (văn bản ghi “{short(camp.period_text, 160)}”)"
    status = _status(e.start if e.start_known else None, e.end, c.today, en)
    reply = Reply(lines=[line + (f" — {status}." if status else ".")])
    section = None
    quote = camp.period_text
    for p in camp.phases:
        reply.lines.append(f"- {_phase_line(c, p)}")
        section = section or p.section
    # The period sentence is usually in the section that holds the phases or "Thời gian".
    reply.citations.append(c.cite(quote, section or _find_section(c, camp.period_text)))
    reply.warnings.extend(_item_warnings(c, "start") + _item_warnings(c, "end"))
    return reply


def _find_section(c: Ctx, text: str) -> str | None:
    if not text:
        return None
    key = fast_fold(text)[:60]
    for s in c.doc.sections:
        if key and key in fast_fold(s.text):
            return s.label
    return None


# ---- commemorations -------------------------------------------------------------------------


def answer_commemoration(c: Ctx) -> Reply | None:
    """The anniversaries the campaign (or one phase) salutes."""
    items = list(enumerate(c.doc.campaign.commemorations))
    phases = c.doc.campaign.phases
    wanted = c.q.intent.phase
    if wanted is None and c.context_phase and c.q.intent.follow_up:
        wanted = int(c.context_phase)
    en = c.q.en
    if wanted is not None:
        names = {fast_fold(p.name) for i, p in enumerate(phases) if _phase_number(p, i) == wanted}
        in_phase = [(i, m) for i, m in items if m.phase and fast_fold(m.phase) in names]
        if in_phase:
            items = in_phase
        elif phases:
            match = [p for i, p in enumerate(phases) if _phase_number(p, i) == wanted]
            if match and match[0].salutes:
                p = match[0]
                reply = Reply(lines=[f"{p.name} {'salutes' if en else 'chào mừng'}:"])
                reply.lines += [f"- {s}" for s in p.salutes]
                reply.citations.append(c.cite(p.quote, p.section))
                reply.slots["phase"] = str(wanted)
                return reply
    if not items:
        return None
    day = c.q.time.on_date
    if day is not None:
        # "ngày 30/4 chào mừng gì?": the anniversaries on that day (any year written or not).
        same_day = [
            (i, m)
            for i, m in items
            if m.date and (m.date.month, m.date.day) == (day.month, day.day)
        ]
        if same_day:
            items = same_day
    words = [w for w in c.specific_words() if w not in {"le", "ngay"}]
    if words and len(items) > 1:
        scored = [(i, m, _overlap(c.kb, words, c.q.pairs, m.what)) for i, m in items]
        best = max(s for *_, s in scored)
        if best >= 0.6:
            items = [(i, m) for i, m, s in scored if s >= best - 0.1]
    head = "The campaign salutes:" if en else "Các ngày lễ, sự kiện được chào mừng:"
    if wanted is not None:
        head = f"Phase {wanted} salutes:" if en else f"Đợt {wanted} chào mừng:"
    reply = Reply(lines=[head])
    for i, m in items[:12]:
        dates = ""
        if m.origin_text:
            dates = f" ({m.origin_text})"
        elif m.origin:
            origin = fmt_date(m.origin)
            dates = f" ({origin} – {fmt_date(m.date)})" if m.date else f" ({origin})"
        elif m.date:
            dates = f" ({fmt_date(m.date)})"
        reply.lines.append(f"- {short(m.what, 160)}{dates}")
        reply.citations.append(c.cite(m.quote, m.section))
        reply.warnings.extend(_item_warnings(c, f"commemorations[{i}]"))
    if wanted is not None:
        reply.slots["phase"] = str(wanted)
    return reply


# ---- targets, rewards, responsibilities -----------------------------------------------------


_LIST_WORDS = frozenset(
    ["chu", "yeu", "chinh", "cu", "the", "quan", "trong", "nhung", "cac", "gom", "tieu"]
)


def answer_target(c: Ctx) -> Reply | None:
    """The numeric target whose indicator matches the question."""
    targets = c.doc.campaign.targets
    if not targets:
        return None
    words = [w for w in c.topic_words() if w not in _LIST_WORDS]
    en = c.q.en
    if not [w for w in words if not c.kb.generic(w)]:
        reply = Reply(lines=["Main targets:" if en else "Một số chỉ tiêu chủ yếu:"])
        for t in targets[:10]:
            reply.lines.append(f"- {short(t.indicator, 120)}: {t.value}")
            reply.citations.append(c.cite(t.quote, t.section))
        return reply
    # The indicator names the target; its sentence only breaks ties.
    scored = [
        (
            t,
            _overlap(c.kb, words, c.q.pairs, t.indicator)
            + 0.2 * _overlap(c.kb, words, c.q.pairs, t.quote),
        )
        for t in targets
    ]
    scored.sort(key=lambda ts: ts[1], reverse=True)
    best = scored[0][1]
    if best < 0.55:
        return None
    chosen = [t for t, s in scored if s >= best - 0.02][:3]
    reply = Reply(lines=[])
    for t in chosen:
        quote = t.quote.strip()
        if fast_fold(t.value) in fast_fold(t.indicator):
            reply.lines.append(f"{short(t.indicator, 200)}.")
        else:
            reply.lines.append(f"{short(t.indicator, 150)}: {t.value}.")
        if quote and t.value not in quote:
            reply.lines.append(f"“{short(quote, 300)}”")
        reply.citations.append(c.cite(t.quote, t.section))
        reply.explains.append(t.quote)
    return reply


def answer_reward(c: Ctx) -> Reply | None:
    """Reward forms and who grants them."""
    rewards = c.doc.campaign.rewards
    if not rewards:
        return None
    en = c.q.en
    words = [w for w in c.specific_words() if w not in {"bang", "giay"}]
    chosen = list(rewards)
    if words and len(rewards) > 1:
        scored = [
            (r, _overlap(c.kb, words, c.q.pairs, f"{r.name} {r.grantor or ''}")) for r in rewards
        ]
        best = max(s for _, s in scored)
        if best >= 0.5:
            chosen = [r for r, s in scored if s >= best - 0.05]
    reply = Reply(lines=["Reward forms:" if en else "Hình thức khen thưởng:"])
    for r in chosen[:6]:
        line = f"- {r.name}"
        if r.grantor:
            line += f" ({'granted by' if en else 'do'} {r.grantor}{'' if en else ' tặng'})"
        if r.criteria:
            line += f": {short(r.criteria, 200)}"
        reply.lines.append(line)
        reply.citations.append(c.cite(r.quote, r.section))
    return reply


def answer_responsibility(c: Ctx) -> Reply | None:
    """Which agency owns which movement or task."""
    items = c.doc.campaign.responsibilities
    if not items:
        return None
    place_words = [w for p in c.q.places for w in p.split()]
    words = [w for w in c.topic_words() if not c.kb.generic(w)] + place_words
    by_agency = sorted(
        ((r, _overlap(c.kb, words, c.q.pairs, r.agency)) for r in items),
        key=lambda rs: rs[1],
        reverse=True,
    )
    by_task = sorted(
        ((r, _overlap(c.kb, words, c.q.pairs, r.task)) for r in items),
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
    elif not [w for w in c.topic_words() if not c.kb.generic(w)]:
        chosen = list(items)[:8]
    else:
        return None
    reply = Reply(lines=[])
    for r in chosen:
        prefix = "- " if len(chosen) > 1 else ""
        reply.lines.append(f"{prefix}{r.agency}: {short(r.task, 220)}")
        reply.citations.append(c.cite(r.quote, r.section))
    return reply


# ---- theme, slogan, audience, document facts ------------------------------------------------


def _unquote(text: str) -> str:
    return text.strip().strip('“”"*').strip()


def answer_theme(c: Ctx) -> Reply | None:
    """The campaign's theme ("chủ đề")."""
    theme = c.doc.campaign.theme
    if not theme:
        return None
    head = "Theme" if c.q.en else "Chủ đề thi đua"
    reply = Reply(lines=[f"{head}: “{_unquote(theme)}”."])
    reply.citations.append(c.cite(theme, _find_section(c, theme)))
    return reply


def answer_slogan(c: Ctx) -> Reply | None:
    """The campaign's slogan ("phương châm")."""
    slogan = c.doc.campaign.slogan
    if not slogan:
        return None
    head = "Slogan" if c.q.en else "Phương châm"
    reply = Reply(lines=[f"{head}: “{_unquote(slogan)}”."])
    reply.citations.append(c.cite(slogan, _find_section(c, slogan)))
    return reply


def answer_audience(c: Ctx) -> Reply | None:
    """Who takes part."""
    audience = c.doc.campaign.audience
    if not audience:
        return None
    head = "Who takes part:" if c.q.en else "Đối tượng thi đua:"
    reply = Reply(lines=[head] + [f"- {short(a, 260)}" for a in audience[:6]])
    reply.citations.append(c.cite(audience[0], _find_section(c, audience[0])))
    return reply


def answer_doc_facts(c: Ctx) -> Reply | None:
    """Number, issue date, issuer, signer, title."""
    info, en, q = c.doc.document, c.q.en, c.q.folded
    asks_signer = bool(re.search(r"\bky\b|\bsign", q)) and not re.search(r"\bky hieu\b", q)
    asks_number = bool(re.search(r"\bso hieu\b|\bky hieu\b|\bso (may|bao nhieu)\b|\bnumber\b", q))
    asks_date = bool(re.search(r"\bngay\b|\bkhi nao\b|\bnam nao\b|\bwhen\b|\bdate\b", q))
    asks_issuer = bool(
        re.search(r"\b(co quan|don vi|cap) nao\b|\bai (ban hanh|phat dong)\b|\bwho issued\b", q)
    )
    facts: list[tuple[str, str | None]] = []
    if asks_signer:
        signer = info.signer
        if signer and info.signer_title:
            signer = f"{signer} ({info.signer_title})"
        facts.append(("Signed by" if en else "Người ký", signer))
    if asks_number:
        facts.append(("Number" if en else "Số hiệu", info.number))
    if asks_date:
        facts.append(
            (
                "Issued on" if en else "Ngày ban hành",
                fmt_date(info.issue_date) if info.issue_date else None,
            )
        )
    if asks_issuer:
        facts.append(("Issuer" if en else "Cơ quan ban hành", info.issuer))
    if not facts:
        facts = [
            ("Type" if en else "Loại văn bản", info.doc_type),
            ("Number" if en else "Số hiệu", info.number),
            (
                "Issued on" if en else "Ngày ban hành",
                fmt_date(info.issue_date) if info.issue_date else None,
            ),
            ("Issuer" if en else "Cơ quan ban hành", info.issuer),
            ("Signed by" if en else "Người ký", info.signer),
            ("Title" if en else "Trích yếu", info.title),
        ]
    missing = "not stated in the document" if en else "văn bản không ghi"
    lines = [f"{k}: {v if v else missing}" for k, v in facts]
    known = [v for _, v in facts if v]
    reply = Reply(lines=lines, answered=bool(known))
    reply.citations.append(c.cite(info.title or "", None))
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
