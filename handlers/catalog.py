"""Read-only views of the published knowledge base for commands (campaigns, phases, deadlines)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlmodel import Session, col, select

from knowledge.store.tables import CampaignRow, DeadlineRow, DocumentRow, PhaseRow
from knowledge.text.normalise import fold


@dataclass(frozen=True)
class CampaignView:
    """A published campaign with the identity of its document, for listings and citations."""

    id: str
    name: str
    issuer: str | None
    start: dt.date | None
    end: dt.date | None
    year: int | None
    source: str
    doc_type: str | None
    number: str | None
    issue_date: dt.date | None
    title: str | None

    def span(self) -> tuple[dt.date | None, dt.date | None]:
        """The effective period: a missing start is the issue date, the campaign's year, or
        else 1 January of the year it ends (as the answering core assumes); likewise the end."""
        start = self.start or self.issue_date
        if start is None and self.year:
            start = dt.date(self.year, 1, 1)
        end = self.end
        if end is None and self.year:
            end = dt.date(self.year, 12, 31)
        if start is None and end is not None:
            start = dt.date(end.year, 1, 1)
        return start, end

    def status(self, today: dt.date) -> str:
        """running | upcoming | ended | unknown, relative to `today`."""
        start, end = self.span()
        if start is None and end is None:
            return "unknown"
        if start is not None and today < start:
            return "upcoming"
        if end is not None and today > end:
            return "ended"
        return "running"


@dataclass(frozen=True)
class DeadlineView:
    """A dated cut-off with its campaign."""

    id: str
    campaign: CampaignView
    kind: str
    due: dt.date
    date_text: str
    what: str
    recipient: str | None
    quote: str
    section: str | None


@dataclass(frozen=True)
class PhaseView:
    """A phase of a campaign."""

    name: str
    start: dt.date | None
    end: dt.date | None


def _view(c: CampaignRow, d: DocumentRow) -> CampaignView:
    return CampaignView(
        id=c.id,
        name=c.name,
        issuer=c.issuer or d.issuer,
        start=c.start,
        end=c.end,
        year=c.year,
        source=d.source,
        doc_type=d.doc_type,
        number=d.number,
        issue_date=d.issue_date,
        title=d.title,
    )


def campaigns(session: Session, ids: list[str] | None = None) -> list[CampaignView]:
    """Published campaigns (optionally only `ids`), in a stable order."""
    stmt = (
        select(CampaignRow, DocumentRow)
        .join(DocumentRow, col(DocumentRow.id) == col(CampaignRow.document_id))
        .where(CampaignRow.status == "published", DocumentRow.status == "published")
        .order_by(col(CampaignRow.start), col(CampaignRow.id))
    )
    if ids is not None:
        stmt = stmt.where(col(CampaignRow.id).in_(ids))
    return [_view(c, d) for c, d in session.exec(stmt).all()]


def campaign(session: Session, campaign_id: str) -> CampaignView | None:
    """One published campaign, or None."""
    found = campaigns(session, [campaign_id])
    return found[0] if found else None


def sorted_for_listing(items: list[CampaignView], today: dt.date) -> list[CampaignView]:
    """Running first (ending soonest first), then upcoming, then unknown, then ended (latest)."""
    order = {"running": 0, "upcoming": 1, "unknown": 2, "ended": 3}
    far = dt.date.max

    def key(c: CampaignView) -> tuple[int, int]:
        status = c.status(today)
        start, end = c.span()
        if status == "running":
            return (0, (end or far).toordinal())
        if status == "upcoming":
            return (1, (start or far).toordinal())
        if status == "ended":
            return (3, -(end or dt.date.min).toordinal())
        return (order[status], 0)

    return sorted(items, key=key)


def phases(session: Session, campaign_id: str) -> list[PhaseView]:
    """The campaign's phases in document order."""
    rows = session.exec(
        select(PhaseRow).where(PhaseRow.campaign_id == campaign_id).order_by(col(PhaseRow.ord))
    ).all()
    return [PhaseView(p.name, p.start, p.end) for p in rows]


def deadlines(
    session: Session,
    *,
    campaign_ids: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[DeadlineView]:
    """Dated deadlines of published campaigns, soonest first."""
    views = {c.id: c for c in campaigns(session, campaign_ids)}
    if not views:
        return []
    stmt = (
        select(DeadlineRow)
        .where(col(DeadlineRow.campaign_id).in_(list(views)), col(DeadlineRow.due).is_not(None))
        .order_by(col(DeadlineRow.due), col(DeadlineRow.id))
    )
    if since is not None:
        stmt = stmt.where(col(DeadlineRow.due) >= since)
    if until is not None:
        stmt = stmt.where(col(DeadlineRow.due) <= until)
    out = []
    for d in session.exec(stmt).all():
        assert d.due is not None
        out.append(
            DeadlineView(
                id=d.id,
                campaign=views[d.campaign_id],
                kind=d.kind,
                due=d.due,
                date_text=d.date_text,
                what=d.what,
                recipient=d.recipient,
                quote=d.quote,
                section=d.section,
            )
        )
    return out


def issuers(items: list[CampaignView]) -> list[str]:
    """Distinct issuers of the given campaigns, sorted."""
    return sorted({c.issuer for c in items if c.issuer})


def issuer_key(issuer: str) -> str:
    """A short stable key for an issuer name (button data is limited to 64 bytes)."""
    return hashlib.sha1(issuer.encode("utf-8")).hexdigest()[:10]


def find_campaign(items: list[CampaignView], query: str) -> CampaignView | None:
    """The campaign that best matches free text (name, issuer, number, year), if clear enough."""
    q = fold(query).strip()
    if not q:
        return None
    for c in items:
        if q == c.id.lower():
            return c
    scored = []
    for c in items:
        hay = fold(" ".join(x for x in (c.name, c.issuer, c.number, str(c.year or "")) if x))
        scored.append((fuzz.token_set_ratio(q, hay), c))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored or scored[0][0] < 60:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # ambiguous: let the user pick
    return scored[0][1]


def find_issuer(items: list[CampaignView], query: str) -> str | None:
    """The issuer whose name matches free text best, if clear enough."""
    q = fold(query).strip()
    best: tuple[float, str | None] = (0.0, None)
    for issuer in issuers(items):
        score = fuzz.token_set_ratio(q, fold(issuer))
        if score > best[0]:
            best = (score, issuer)
    return best[1] if best[0] >= 80 else None
