"""The question log: every question stored with its outcome, 👍/👎 feedback, retention, and
the unanswered or disliked questions grouped by similar wording (for /chuatraloi and the CLI)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from handlers.conversation_tables import FEEDBACK_DOWN, FEEDBACK_UP, QuestionLogRow
from knowledge.answer.contract import Answer
from knowledge.text.tokens import clean_question, content_words, folded_words

MAX_TEXT = 2000  # longer questions are cut: the log is for reading, not for replaying
# Two wordings are "the same question" from this similarity (0–100, rapidfuzz token_sort_ratio)
# of their accent-folded content words (function words such as "là khi nào" dropped): "han nop
# bao cao?" and "Hạn nộp báo cáo là khi nào" group together, a typo costs a few points, while a
# subset ("khen thưởng" inside a longer question) does not count as the same question.
# 85 measured best on benchmarks/bench_question_log.py's near-identical topics (96.7 % of
# wordings in their own topic's group, 1.27 groups per topic; 80 gave 86.6 % / 1.06).
SIMILAR = 85.0


def record(
    session: Session,
    *,
    chat_pk: int,
    platform: str,
    text: str,
    now: dt.datetime,
    result: Answer,
    seconds: float,
) -> int:
    """Store one asked question and how it was answered; its id (for the feedback buttons)."""
    citations = [
        {"source": c.source, "document": c.document, "section": c.section}
        for c in result.citations
    ]
    row = QuestionLogRow(
        chat_pk=chat_pk,
        platform=platform,
        asked_at=now,
        text=clean_question(text)[:MAX_TEXT],
        intent=(result.intent or "")[:64],
        answered=result.answered,
        campaign_id=result.campaigns[0] if result.campaigns else None,
        citations=json.dumps(citations, ensure_ascii=False),
        latency_ms=round(seconds * 1000.0, 3),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def set_feedback(
    session: Session, question_id: int, chat_pk: int, value: int, now: dt.datetime
) -> bool:
    """Record 👍 (FEEDBACK_UP) or 👎 (FEEDBACK_DOWN) on a question asked in this chat; the
    last press wins. False when the question is not this chat's (or was pruned)."""
    if value not in (FEEDBACK_UP, FEEDBACK_DOWN):
        raise ValueError(f"feedback must be {FEEDBACK_UP} or {FEEDBACK_DOWN}, not {value}")
    row = session.get(QuestionLogRow, question_id)
    if row is None or row.chat_pk != chat_pk:
        return False
    row.feedback = value
    row.feedback_at = now
    session.add(row)
    session.flush()
    return True


def prune(session: Session, before: dt.datetime) -> int:
    """Delete questions asked before `before` (the retention limit); how many went."""
    result = session.execute(delete(QuestionLogRow).where(col(QuestionLogRow.asked_at) < before))
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass
class QuestionGroup:
    """Questions of similar wording that were not answered or got a 👎."""

    text: str  # the most recent wording
    count: int = 0
    unanswered: int = 0
    disliked: int = 0
    chats: set[int] = field(default_factory=set)
    first_asked: dt.datetime | None = None
    last_asked: dt.datetime | None = None
    wordings: list[str] = field(default_factory=list)  # distinct wordings, newest first
    key: str = ""  # folded words of the first wording: what later ones are compared with

    def to_json(self) -> dict[str, object]:
        """Plain data for `--json` output (times ISO 8601)."""
        return {
            "text": self.text,
            "count": self.count,
            "unanswered": self.unanswered,
            "disliked": self.disliked,
            "chats": len(self.chats),
            "first_asked": self.first_asked.isoformat() if self.first_asked else None,
            "last_asked": self.last_asked.isoformat() if self.last_asked else None,
            "wordings": list(self.wordings),
        }


def _key(text: str) -> str:
    words = folded_words(text)
    return " ".join(content_words(words) or words)


def problem_questions(
    session: Session, since: dt.datetime, until: dt.datetime | None = None
) -> list[QuestionLogRow]:
    """Questions asked in [since, until) that were refused or got a 👎, newest first."""
    stmt = select(QuestionLogRow).where(
        col(QuestionLogRow.asked_at) >= since,
        col(QuestionLogRow.answered).is_(False) | (col(QuestionLogRow.feedback) == FEEDBACK_DOWN),
    )
    if until is not None:
        stmt = stmt.where(col(QuestionLogRow.asked_at) < until)
    stmt = stmt.order_by(col(QuestionLogRow.asked_at).desc(), col(QuestionLogRow.id).desc())
    return list(session.exec(stmt).all())


def group_questions(rows: list[QuestionLogRow], threshold: float = SIMILAR) -> list[QuestionGroup]:
    """Rows (newest first) grouped by similar folded wording; most frequent group first.

    Numbers must agree ("năm 2021" is not "năm 2022", "đợt 1" not "đợt 2"): only groups with
    the same numbers are compared by wording.
    """
    groups: list[QuestionGroup] = []
    # numbers of a wording -> (first-wording keys, group indexes) of the groups with them;
    # comparing with every wording of a group (chaining) measured fewer groups but more
    # mixed ones (91 % vs 97 % at 10,000 rows): a question shown twice beats one hidden.
    by_numbers: dict[tuple[str, ...], tuple[list[str], list[int]]] = {}
    for row in rows:
        key = _key(row.text)
        numbers = tuple(sorted(w for w in folded_words(row.text) if w.isdigit()))
        keys, indexes = by_numbers.setdefault(numbers, ([], []))
        found = (
            process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold)
            if key and keys
            else None
        )
        if found is not None:
            group = groups[indexes[found[2]]]
        else:
            group = QuestionGroup(text=row.text, key=key)
            groups.append(group)
            keys.append(key or f"\x00{len(groups)}")  # an empty key never matches another
            indexes.append(len(groups) - 1)
        group.count += 1
        group.unanswered += 0 if row.answered else 1
        group.disliked += 1 if row.feedback == FEEDBACK_DOWN else 0
        group.chats.add(row.chat_pk)
        asked = row.asked_at
        group.last_asked = max(group.last_asked or asked, asked)
        group.first_asked = min(group.first_asked or asked, asked)
        if row.text not in group.wordings:
            group.wordings.append(row.text)
    groups.sort(key=lambda g: (-g.count, -(g.last_asked.timestamp() if g.last_asked else 0)))
    return groups


@dataclass(frozen=True)
class FeedbackCounts:
    """Totals over a period: questions, refused, 👍 and 👎."""

    questions: int
    unanswered: int
    liked: int
    disliked: int


def counts(session: Session, since: dt.datetime, until: dt.datetime | None = None
           ) -> FeedbackCounts:
    """How many questions were asked, refused, liked and disliked in [since, until)."""
    base = select(func.count()).select_from(QuestionLogRow).where(
        col(QuestionLogRow.asked_at) >= since
    )
    if until is not None:
        base = base.where(col(QuestionLogRow.asked_at) < until)

    def n(*conds: object) -> int:
        return int(session.exec(base.where(*conds)).one())  # type: ignore[arg-type]

    return FeedbackCounts(
        questions=n(),
        unanswered=n(col(QuestionLogRow.answered).is_(False)),
        liked=n(col(QuestionLogRow.feedback) == FEEDBACK_UP),
        disliked=n(col(QuestionLogRow.feedback) == FEEDBACK_DOWN),
    )


def recent_questions(session: Session, since: dt.datetime) -> list[QuestionLogRow]:
    """Every question asked since `since`, newest first."""
    stmt = (
        select(QuestionLogRow)
        .where(col(QuestionLogRow.asked_at) >= since)
        .order_by(col(QuestionLogRow.asked_at).desc(), col(QuestionLogRow.id).desc())
    )
    return list(session.exec(stmt).all())


def row_json(row: QuestionLogRow) -> dict[str, object]:
    """One logged question as plain data (times ISO 8601, citations parsed)."""
    return {
        "id": row.id,
        "platform": row.platform,
        "chat_pk": row.chat_pk,
        "asked_at": row.asked_at.isoformat(),
        "text": row.text,
        "intent": row.intent,
        "answered": row.answered,
        "campaign_id": row.campaign_id,
        "citations": json.loads(row.citations or "[]"),
        "latency_ms": row.latency_ms,
        "feedback": row.feedback,
    }
