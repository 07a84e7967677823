"""What the knowledge base keeps hot for each document: its entry, deadlines, spans, years."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.schema import ExtractedDocument

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# Words every campaign document is made of: they never tell which part answers a question.
BOILERPLATE = frozenset(
    [
        "thi",
        "dua",
        "khen",
        "thuong",
        "phong",
        "trao",
        "ke",
        "hoach",
        "chi",
        "thi",
        "van",
        "ban",
        "nam",
        "tinh",
        "thanh",
        "pho",
        "huyen",
        "xa",
        "uy",
        "ban",
        "nhan",
        "dan",
        "phat",
        "dong",
        "co",
        "quan",
        "don",
        "vi",
        "dia",
        "phuong",
        "cac",
        "cap",
        "nganh",
        "kh",
        "ct",
        "ubnd",
        "so",
        "dot",
    ]
)
K1 = 1.2
MIN_IDF = 0.15  # words with a lower idf (in ~86% of documents or more) are left out of BM25
B = 0.75
CACHE_SIZE = 128
BODY_SCAN = 6000  # characters of a document searched for the places it names
_WARN_ITEM = re.compile(
    r"^(?:campaign\.)?(deadlines|phases|recurring_reports|commemorations)\[(\d+)\]"
)
_NUMBER_HEAD = re.compile(r"^\s*(\d+)")


@dataclass(slots=True)
class DocEntry:
    """What the answering core needs about a document without parsing it."""

    index: int
    source: str
    campaign_id: str
    label: str  # "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang"
    name: str  # campaign name or document title
    doc_type: str  # folded: "ke hoach", "chi thi"
    number_head: str | None  # "31" of "31/KH-UBND"
    number_key: str | None  # folded number without blanks: "31/kh-ubnd"
    kind: str
    year: int | None
    start: dt.date | None  # effective campaign span (see `_span`)
    end: dt.date | None
    start_known: bool
    places: tuple[str, ...]  # folded provinces/units the document is issued by or for
    mentions: tuple[str, ...]  # folded places named elsewhere in its text
    years: frozenset[int]  # years the campaign covers
    special: bool = False  # "đợt thi đua đặc biệt"
    anniversary: bool = False  # a campaign saluting an anniversary


@dataclass(slots=True, frozen=True)
class DeadlineRef:
    """A deadline's summary, kept hot so listings across documents parse none of them."""

    kind: str
    what: str
    recipient: str | None
    quote: str
    section: str | None
    id: str
    warnings: tuple[str, ...] = ()


def _span(doc: ExtractedDocument) -> tuple[dt.date | None, dt.date | None, bool]:
    """Campaign start/end: stated, else from phases, issue date, or the campaign's year."""
    c = doc.campaign
    starts = [p.start for p in c.phases if p.start]
    ends = [p.end for p in c.phases if p.end]
    start = c.start or (min(starts) if starts else None) or doc.document.issue_date
    known = start is not None
    if start is None and c.year:
        start = dt.date(c.year, 1, 1)
    end = c.end or (max(ends) if ends else None)
    if end is None and c.year:
        end = dt.date(c.year, 12, 31)
    if start is None and end is not None:
        # Unknown start: assume the campaign runs within the year it ends (said in replies).
        start = dt.date(end.year, 1, 1)
    return start, end, known


def flagged_items(doc: ExtractedDocument) -> set[tuple[str, int]]:
    """Items the extractor doubts, from warning field paths ("deadlines[0].due")."""
    out = set()
    for w in doc.warnings:
        m = _WARN_ITEM.match(w.field or "")
        if m:
            out.add((m.group(1), int(m.group(2))))
    return out


def _years(doc: ExtractedDocument, start: dt.date | None, end: dt.date | None) -> set[int]:
    c = doc.campaign
    flagged = flagged_items(doc)
    years: set[int] = set()
    if c.year:
        years.add(c.year)
    if start and end and end >= start:
        years.update(range(start.year, end.year + 1))
    if doc.document.issue_date:
        years.add(doc.document.issue_date.year)
    for i, p in enumerate(c.phases):
        if ("phases", i) not in flagged:
            years.update(d.year for d in (p.start, p.end) if d)
    for i, d in enumerate(c.deadlines):
        if d.due and ("deadlines", i) not in flagged:
            years.add(d.due.year)
    for m in c.commemorations:
        if m.date:
            years.add(m.date.year)
    return years


def _identity_text(doc: ExtractedDocument) -> str:
    info = doc.document
    parts = [info.issuer, info.place, info.province, info.title, doc.campaign.name]
    return " ".join(p for p in parts if p)


def _stream_documents(
    engine: Engine, statuses: tuple[str, ...], batch: int = 200
) -> Iterator[ExtractedDocument]:
    """Stored documents one at a time, in file-name order (the query of
    `repository.load_documents`, read in batches so 10,000 documents never sit in memory)."""
    from sqlmodel import Session, col, select

    from knowledge.tables import DocumentRow

    query = (
        select(DocumentRow.data)
        .where(col(DocumentRow.status).in_(list(statuses)))
        .order_by(col(DocumentRow.source))
        .execution_options(yield_per=batch)
    )
    with Session(engine) as session:
        for data in session.exec(query):
            yield ExtractedDocument.model_validate_json(data)
