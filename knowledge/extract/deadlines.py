"""One-off cut-offs and recurring reports, with kind, date, what, recipient and quote."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.dates.phrases import DateMention, is_anniversary, parse_dates_shared
from knowledge.extract.agencies import recipient_and_via
from knowledge.extract.events import is_event_date
from knowledge.extract.ids import stable_id, unique_ids
from knowledge.extract.references import is_reference as _is_reference
from knowledge.extract.relative import extract_relative
from knowledge.extract.sentences import Sentence
from knowledge.presentation.labels import kind_name
from knowledge.schema import Deadline, DeadlineKind, RecurringReport, ReportPeriod
from knowledge.text.normalise import fold

# Order matters: the first rule whose words appear in the clause decides the kind.
_KIND_RULES: list[tuple[DeadlineKind, re.Pattern[str]]] = [
    (DeadlineKind.REGISTRATION, re.compile(r"dang ky (thi dua|tham gia)|ky ket giao uoc|dang ky")),
    (
        DeadlineKind.PLAN_SUBMISSION,
        re.compile(r"ke hoach.{0,80}(gui|nop)|(gui|nop).{0,20}ke hoach"),
    ),
    (DeadlineKind.FINAL_REPORT, re.compile(r"tong ket")),
    (DeadlineKind.PRELIMINARY_REVIEW, re.compile(r"so ket")),
    (DeadlineKind.REWARD_PROPOSAL, re.compile(r"(de nghi|ho so|trinh).{0,30}khen thuong")),
    (
        DeadlineKind.PERIODIC_REPORT,
        re.compile(r"bao cao.{0,40}(dinh ky|hang thang|hang quy|thang)"),
    ),
]
_DEADLINE_WORDS = re.compile(
    r"\b(han (?:chot|cuoi|nop|gui)|thoi han|gui|nop|bao cao|dang ky|ky ket|tong ket|so ket|"
    r"de nghi)\b"
)
_DIGIT = re.compile(r"\d")
_REVIEW_WORDS = re.compile(r"\b(tong ket|so ket)\b")
_PERIODS: list[tuple[ReportPeriod, re.Pattern[str]]] = [
    (ReportPeriod.MONTHLY, re.compile(r"\b(hang|hang|moi) thang\b")),
    (ReportPeriod.QUARTERLY, re.compile(r"\b(hang|hang|moi) quy\b|dinh ky quy")),
    (ReportPeriod.SIX_MONTHLY, re.compile(r"dinh ky 6 thang|6 thang mot lan|hang nua nam")),
    (ReportPeriod.YEARLY, re.compile(r"\b(hang|hang|moi) nam\b")),
]
_LEAD_WORDS = re.compile(r"^(?:thời gian|xây dựng|tổ chức|thực hiện)\s+", re.IGNORECASE)
_HEAD_NOISE = re.compile(
    r"^(?:thời hạn|hạn chót|hạn cuối|hạn|thời gian)\s*(?:(?:nộp|gửi)\s+)?:?\s*", re.IGNORECASE
)
_ACTION = re.compile(
    r"\b(gửi|nộp|báo cáo|đăng ký|ký kết|tổ chức|xây dựng|hoàn thành|hoàn thiện)\b", re.IGNORECASE
)
_SUBJECT = re.compile(
    r"^(?:các|mỗi|từng|thủ trưởng|cơ quan|đơn vị|ủy ban|ubnd|sở|phòng|trưởng)\b", re.IGNORECASE
)
_WHAT_STOP = re.compile(
    r"\s+(?:gửi|nộp|trước ngày|trước \d|chậm nhất|đến ngày|đến hết|đến \d|là ngày|trong ngày"
    r"|về (?:Cơ quan|Ban|Sở|Ủy ban|UBND|Hội đồng|Phòng)|(?:về|đến|cho) (?=[A-ZĐÀ-Ỹ]))|\s*:"
)


def classify(clause: str) -> DeadlineKind:
    """The kind of cut-off a clause describes."""
    folded = fold(clause)
    for kind, pattern in _KIND_RULES:
        if pattern.search(folded):
            return kind
    return DeadlineKind.OTHER


def _first_kind(clause: str) -> DeadlineKind:
    """For review clauses: whichever of sơ kết / tổng kết comes first decides."""
    folded = fold(clause)
    m = _REVIEW_WORDS.search(folded)
    if m is None:
        return classify(clause)
    return (
        DeadlineKind.FINAL_REPORT if m.group(1) == "tong ket" else DeadlineKind.PRELIMINARY_REVIEW
    )


def _what(clause: str) -> str:
    """What is due: the object of the clause, without its subject, recipient or date."""
    text = _HEAD_NOISE.sub("", clause.strip(" -–,;:"))
    text = re.sub(r"^(?:và|hoặc)\s+", "", text)
    action = _ACTION.search(text)
    if action is not None:
        head = text[: action.start()].strip(" ,")
        sends = action.group(1).lower() in ("gửi", "nộp")
        if head and _SUBJECT.match(head):
            text = text[action.end() :] if sends else text[action.start() :]
        elif not head and sends:
            text = text[action.end() :]
    text = _WHAT_STOP.split(text.strip(), maxsplit=1)[0]
    text = _LEAD_WORDS.sub("", text.strip(" -–,;:")).strip(" ,;:")
    return text[:1].upper() + text[1:] if text else ""


def _who(section: str) -> str | None:
    last = section.split(" > ")[-1] if section else ""
    m = re.match(r"^\d+(?:\.\d+)*\.\s+(.*)$", last)
    name = m.group(1) if m else ""
    if len(name.split()) > 10 or name.endswith("…"):
        return None  # a numbered paragraph, not a heading naming who acts
    if name and re.match(r"^(Thủ trưởng|Các|Sở|Ban|Ủy ban|UBND|Đề nghị|Cơ quan)", name):
        return re.sub(r"^Đề nghị\s+", "", name)
    return None


def extract_deadlines(
    sentences: list[Sentence], *, year_hint: int | None, issue_date: dt.date | None
) -> list[Deadline]:
    """Dated cut-offs: "trước ngày 25 tháng 02 năm 2025", "đến 15/02/2020", "cuối năm 2021"."""
    found: list[Deadline] = []
    for sentence in sentences:
        # Every dated cut-off has a digit in it ("cuối năm 2021", "trước ngày 25/02/2025").
        if not _DIGIT.search(sentence.text) or not _DEADLINE_WORDS.search(sentence.folded):
            continue
        mentions = parse_dates_shared(sentence.text, year_hint, issue_date)
        clause_start = 0
        for mention in mentions:
            clause = sentence.text[clause_start : mention.span[1]]
            clause_start = mention.span[1]
            deadline = _deadline_from(mention, clause, sentence)
            if deadline is not None:
                found.append(deadline)
    found += extract_relative(sentences, classify)
    found = _without_repeats(found)
    ids = unique_ids([stable_id("deadline", d.kind, d.date_text, d.what) for d in found])
    for deadline, ident in zip(found, ids, strict=True):
        deadline.id = ident
    return found


_REVIEW_NEAR = 75  # a review word this close before a period names when the review is held
_REVIEW_CUE = re.compile(r"\b(?:vao|dip|trong|truoc|den|cuoi|han)\b")
_PLANNED = re.compile(r"\b(?:du kien|se)\b")
_PERIOD_BEFORE = re.compile(r"\b(?:trong|vao)\s*$")



def _is_review_time(clause: str) -> bool:
    """"… vào dịp sơ kết 6 tháng đầu năm": a review word right before the period, with a cue of
    time; "Sơ kết công tác … 6 tháng đầu năm 2018" names what is reviewed, not a cut-off."""
    near = fold(clause[-_REVIEW_NEAR:])
    return bool(_REVIEW_WORDS.search(near) and _REVIEW_CUE.search(near))


def _is_planned_review(sentence: Sentence, mention: DateMention) -> bool:
    """A review announced for a month: "Dự kiến, trong tháng 7/2019, … sẽ tổ chức sơ kết"."""
    before = fold(sentence.text[max(0, mention.span[0] - 12) : mention.span[0]])
    after = fold(sentence.text[mention.span[1] :])
    return (
        bool(_PERIOD_BEFORE.search(before) or fold(mention.text).startswith(("trong", "vao")))
        and bool(_PLANNED.search(sentence.folded))
        and _REVIEW_WORDS.search(after) is not None
    )


def _without_repeats(found: list[Deadline]) -> list[Deadline]:
    """A sentence a page prints twice gives one deadline, not two reminders."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for d in found:
        key = (d.kind, d.due, d.relative, " ".join(d.quote.split()))
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _deadline_from(mention: DateMention, clause: str, sentence: Sentence) -> Deadline | None:
    if (
        mention.kind == "recurring"
        or _is_reference(sentence.text, mention)
        or is_anniversary(mention)
    ):
        return None
    folded_clause = fold(clause)
    if mention.kind == "day" and (
        mention.deadline or re.search(r"\bhan\b(?! che)", folded_clause)
    ):
        kind = classify(clause)
        due = mention.start
    elif mention.kind in ("range", "month", "day") and _is_review_time(clause):
        # "tổng kết phong trào vào dịp sơ kết 6 tháng đầu năm 2022": due at the period's end.
        kind = _first_kind(clause)
        due = mention.end
    elif mention.kind in ("month", "day") and _is_planned_review(sentence, mention):
        # "Dự kiến, trong tháng 7/2019, Ban Thường trực … sẽ tổ chức sơ kết …"
        kind = _first_kind(sentence.text[mention.span[1] :])
        due = mention.end
        clause = sentence.text
    elif mention.kind == "day" and not mention.valid and _DEADLINE_WORDS.search(folded_clause):
        kind, due = classify(clause), None
    else:
        return None
    if kind is DeadlineKind.OTHER and not _DEADLINE_WORDS.search(folded_clause):
        return None
    if is_event_date(mention, sentence):  # "Hội nghị tổng kết dự kiến tổ chức trong tháng 12"
        return None
    recipient, via = recipient_and_via(sentence.text)
    return Deadline(
        kind=kind,
        due=due,
        date_text=mention.text.strip(" ().,;"),
        what=_what(clause),
        recipient=recipient,
        via=via,
        who=_who(sentence.section),
        quote=sentence.text,
        section=sentence.section,
    )


_RULE_WORDS = re.compile(r"\b(?:bao cao|gui|goi|nop|ho so|de nghi|khen thuong|xet)\b")
_RECURRENCE_WORDS = (
    "hang thang", "hang quy", "hang nam", "moi thang", "moi quy", "moi nam", "dinh ky",
    "nam sau", "nam ke tiep", "nam tiep theo", "thang mot lan", "thang 1 lan", "nua nam",
)
_RULE_DAY = re.compile(r"\bngay \d")
_NEXT_YEAR = re.compile(r"\bnam (?:sau|ke tiep|tiep theo)\b")


def extract_recurring(sentences: list[Sentence]) -> list[RecurringReport]:
    """Rules due every month/quarter/half-year/year.

    "định kỳ hàng quý báo cáo …", "trước ngày 10 hàng tháng", "chậm nhất ngày 30 tháng 6 hàng
    năm", "trước ngày 28/02 năm sau": each rule a sentence states is one report, with the day
    and month it gives; a rule is never a one-off deadline (nor an "impossible date").
    """
    found: list[RecurringReport] = []
    for sentence in sentences:
        folded = sentence.folded
        # Literal tests (a regex alternation costs a scan of every sentence).
        if not any(word in folded for word in _RECURRENCE_WORDS):
            continue
        dated = []
        if _RULE_DAY.search(folded):  # a rule with a day: "ngày 10 hàng tháng", "ngày 15/3 …"
            rule_words = _RULE_WORDS.search(folded) is not None
            dated = [
                m
                for m in parse_dates_shared(sentence.text)
                if m.kind == "recurring" and m.day is not None and (rule_words or m.deadline)
            ]
        if not dated and "bao cao" not in folded:
            continue
        recipient, via = recipient_and_via(sentence.text)
        if dated:
            clause_start = 0
            for mention in dated:
                clause = sentence.text[clause_start : mention.span[0]]
                clause_start = mention.span[1]
                found.append(
                    _rule(sentence, mention, _rule_what(clause, sentence.text), recipient, via)
                )
            continue
        if "bao cao" not in folded:
            continue
        period = next((p for p, pat in _PERIODS if pat.search(folded)), None)
        if period is None:
            continue
        found.append(
            RecurringReport(
                period=period,
                what=_report_what(sentence.text, recipient),
                recipient=recipient,
                via=via,
                quote=sentence.text,
                section=sentence.section,
            )
        )
    ids = unique_ids([stable_id("recurring", r.period, r.what, r.recipient) for r in found])
    for report, ident in zip(found, ids, strict=True):
        report.id = ident
    return found


def _rule(
    sentence: Sentence,
    mention: DateMention,
    what: str,
    recipient: str | None,
    via: str | None,
) -> RecurringReport:
    return RecurringReport(
        period=ReportPeriod(mention.recurrence or "yearly"),
        what=what,
        recipient=recipient,
        via=via,
        day=mention.day,
        month=mention.month,
        next_year=bool(_NEXT_YEAR.search(fold(mention.text))),
        quote=sentence.text,
        section=sentence.section,
    )


def _rule_what(clause: str, sentence: str) -> str:
    """What a rule is for: its own clause ("khen thưởng theo năm học … trước ngày 10/8 …")."""
    clause = re.split(r"[;]", clause)[-1]
    clause = re.sub(r"^\s*(?:và|hoặc|,)\s*", "", clause)
    what = _what(clause) if clause.strip(" ,;") else ""
    if len(what) < 8:  # "… và trước ngày 10/7 hằng năm": the sentence's subject is meant
        what = _what(re.split(r"[;]", sentence)[0])
    return what or kind_name("periodic_report")


def _report_what(text: str, recipient: str | None) -> str:
    m_what = re.search(r"báo cáo\s+(?P<what>[^.;]*?)\s+(?:về|gửi|lên)\s", text)
    what = f"Báo cáo {m_what.group('what')}" if m_what else kind_name("periodic_report")
    if recipient and what.endswith(recipient):
        what = kind_name("periodic_report")
    return what.strip()
