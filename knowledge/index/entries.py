"""What the knowledge base keeps hot for each document: its entry, deadlines, spans, years."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.places.lookup import (
    PHRASE_WORDS,
    issuer_unit,
    place_key,
    place_phrases,
    provinces_in,
    units_in,
)
from knowledge.presentation.documents import document_label
from knowledge.schema import ExtractedDocument
from knowledge.text.passages import paragraph_words
from knowledge.text.tokens import fast_fold, words_of_folded

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
CACHE_SIZE = 128
BODY_SCAN = 6000  # characters of a document searched for the places it names
_WARN_ITEM = re.compile(
    r"^(?:campaign\.)?(deadlines|phases|recurring_reports|commemorations)\[(\d+)\]"
)
_NUMBER_HEAD = re.compile(r"^\s*(\d+)")


@dataclass(slots=True)
class DocEntry:
    """What the answering core needs about a document without parsing it (its position is
    where the knowledge base lists it: an insertion shifts no entry)."""

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
    issuer: str | None = None  # display issuer (or province) counted in `issuers`
    # place names (knowledge.places.lookup.place_phrases) its passages write
    text_places: tuple[str, ...] = ()


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


@dataclass(slots=True)
class IndexedDocument:
    """Everything the knowledge base files about one document, computed from it alone."""

    index: int  # the document's position in the knowledge base
    entry: DocEntry
    words: Counter[str]  # folded word counts over identity and sections (BM25)
    deadlines: list[tuple[int, int, DeadlineRef]] = field(default_factory=list)  # ord, i, ref
    reports: list[tuple[str, int, int | None, int, DeadlineRef]] = field(default_factory=list)
    phases: list[tuple[int, int, int]] = field(default_factory=list)  # start, end ordinal, i


def index_document(index: int, doc: ExtractedDocument) -> IndexedDocument:
    """What document `index` contributes to the knowledge base's indexes."""
    texts = [fast_fold(s.text) for s in doc.sections]
    folded = [fast_fold(" ".join(s.path)) + "\n" + t for s, t in zip(doc.sections, texts,
                                                                      strict=True)]
    ident = fast_fold(identity_text(doc))
    words = Counter(words_of_folded(ident))
    for text in folded:
        words.update(words_of_folded(text))
    entry = _entry(doc, ident, " ".join(folded)[:BODY_SCAN])
    entry.text_places = _text_places(doc, texts)
    info, c = doc.document, doc.campaign
    entry.issuer = info.issuer or info.province
    out = IndexedDocument(index=index, entry=entry, words=words)
    for i, d in enumerate(c.deadlines):
        if d.due:
            mine = f"deadlines[{i}]"
            warnings = tuple(
                w.message
                for w in doc.warnings
                if (w.field or "").removeprefix("campaign.").startswith(mine)
            )
            ref = DeadlineRef(
                kind=str(d.kind),
                what=d.what[:160],
                recipient=(d.recipient or "")[:120] or None,
                quote=d.quote[:300],
                section=d.section,
                id=d.id or f"{entry.campaign_id}:deadline:{i}",
                warnings=warnings,
            )
            out.deadlines.append((d.due.toordinal(), i, ref))
    for i, r in enumerate(c.recurring_reports):
        if r.day is not None:  # only a stated day gives dates (knowledge/dates/recurring.py)
            ref = DeadlineRef(
                kind="periodic_report",
                what=r.what[:160],
                recipient=(r.recipient or "")[:120] or None,
                quote=r.quote[:300],
                section=r.section,
                id=r.id or f"{entry.campaign_id}:report:{i}",
            )
            out.reports.append((str(r.period), r.day, r.month, i, ref))
    for i, p in enumerate(c.phases):
        lo = (p.start or entry.start or dt.date.min).toordinal()
        hi = (p.end or entry.end or dt.date.max).toordinal()
        out.phases.append((lo, hi, i))
    return out


def _text_places(doc: ExtractedDocument, folded_texts: list[str]) -> tuple[str, ...]:
    """The place names (knowledge.places.lookup.place_phrases) written inside one passage of
    the document, in order: what a question's place is looked up in without parsing the
    document (knowledge/answer/resolve.py)."""
    phrases = place_phrases()
    prefixes = _prefixes(phrases)
    found: dict[str, None] = {}
    for section, folded in zip(doc.sections, folded_texts, strict=True):
        for seq in paragraph_words(section.text, folded):
            for i, word in enumerate(seq):
                key = word
                for n in range(1, PHRASE_WORDS + 1):
                    if n > 1:
                        if i + n > len(seq):
                            break
                        key = f"{key} {seq[i + n - 1]}"
                    if key in phrases:
                        found[key] = None
                    if key not in prefixes:
                        break
    return tuple(found)


@lru_cache(maxsize=1)
def _prefixes(phrases: frozenset[str]) -> frozenset[str]:
    """The word-prefixes of the place names that a longer name continues."""
    out: set[str] = set()
    for p in phrases:
        words = p.split(" ")
        out.update(" ".join(words[:k]) for k in range(1, len(words)))
    return frozenset(out)


def _entry(doc: ExtractedDocument, ident: str, body: str) -> DocEntry:
    """The document's entry: identity, places it is issued for or names, span, years."""
    info, c = doc.document, doc.campaign
    start, end, known = _span(doc)
    places = [place_key(p) for p in provinces_in(ident)] + units_in(ident)
    if info.province:
        places.append(place_key(info.province))
    unit = issuer_unit(fast_fold(info.issuer or ""))
    if unit is not None:
        places.append(unit)
    mentions = [
        place_key(p)
        for p in provinces_in(body)
        if re.search(r"(?:tinh|thanh pho|tp)\s+" + re.escape(place_key(p)), body)
    ] + units_in(body)
    places = list(dict.fromkeys(places))
    mentions = [m for m in dict.fromkeys(mentions) if m not in places]
    number = info.number
    head = _NUMBER_HEAD.match(number) if number else None
    return DocEntry(
        source=doc.source,
        campaign_id=c.id or doc.stem,
        label=document_label(info, doc.source),
        name=c.name or info.title or doc.stem,
        doc_type=fast_fold(info.doc_type or ""),
        number_head=head.group(1).lstrip("0") or "0" if head else None,
        number_key=re.sub(r"\s+", "", fast_fold(number)) if number else None,
        kind=str(c.kind),
        year=c.year,
        start=start,
        end=end,
        start_known=known,
        places=tuple(places),
        mentions=tuple(mentions),
        years=frozenset(_years(doc, start, end)),
        special=c.kind == "special" or "dac biet" in fast_fold(c.name or ""),
        anniversary=c.kind == "anniversary" or "ky niem" in fast_fold(c.name or ""),
    )


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


def identity_text(doc: ExtractedDocument) -> str:
    info = doc.document
    parts = [info.issuer, info.place, info.province, info.title, doc.campaign.name]
    return " ".join(p for p in parts if p)
