"""Storing extracted documents and reading the knowledge base back (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, or_, update
from sqlmodel import Session, SQLModel, col, select

from knowledge.extract.ids import stable_id
from knowledge.schema import ExtractedDocument
from knowledge.store.tables import (
    CampaignRow,
    CorrectionRow,
    DeadlineRow,
    DocumentRow,
    PhaseRow,
    RecurringReportRow,
    WarningRow,
)


def document_id_for(source: str) -> str:
    """The stable document id of a file name."""
    return stable_id("doc", source)


class DocumentState(NamedTuple):
    """What ingestion needs to know of a stored document, without loading its data."""

    content_hash: str
    status: str


def document_state(session: Session, doc_id: str) -> DocumentState | None:
    """The stored fingerprint and status of a document, or None when it is new."""
    table = DocumentRow.__table__  # type: ignore[attr-defined]
    found = (
        session.connection()
        .execute(select(table.c.content_hash, table.c.status).where(table.c.id == doc_id))
        .first()
    )
    return DocumentState(found[0], found[1]) if found else None


def document_states(session: Session) -> dict[str, DocumentState]:
    """Every stored document's fingerprint and status, by id (one query for a whole run)."""
    table = DocumentRow.__table__  # type: ignore[attr-defined]
    rows = session.connection().execute(select(table.c.id, table.c.content_hash, table.c.status))
    return {row[0]: DocumentState(row[1], row[2]) for row in rows}


def sources_with_corrections(session: Session) -> set[str]:
    """File names that have stored CLI corrections (one query for a whole ingestion run)."""
    return set(session.exec(select(CorrectionRow.source).distinct()).all())


def save_document(
    session: Session,
    doc: ExtractedDocument,
    *,
    path: str,
    fingerprint: str,
    status: str,
    now: dt.datetime,
    exists: bool,
) -> None:
    """Insert or replace one document and everything extracted from it (caller commits).

    Core statements with executemany: ingestion of thousands of documents spends its time
    reading them, not in per-row ORM bookkeeping.
    """
    doc_id = document_id_for(doc.source)
    values = _document_values(doc, path, fingerprint, status, now)
    conn = session.connection()
    table = DocumentRow.__table__  # type: ignore[attr-defined]
    if exists:
        _delete_extracted(session, doc_id)
        conn.execute(update(table).where(table.c.id == doc_id).values(**values))
    else:
        conn.execute(insert(table), [{"id": doc_id, "ingested_at": now, **values}])
    conn.execute(
        insert(CampaignRow.__table__),  # type: ignore[attr-defined]
        [_campaign_row(doc, doc_id, status)],
    )
    for child, rows in _extracted_rows(doc, doc_id):
        if rows:  # one executemany per table: ids are content-derived, so they come back equal
            conn.execute(insert(child.__table__), rows)  # type: ignore[attr-defined]


def _document_values(
    doc: ExtractedDocument, path: str, fingerprint: str, status: str, now: dt.datetime
) -> dict[str, Any]:
    """The document row's columns (without its id and first ingestion time)."""
    info = doc.document
    return {
        "source": doc.source,
        "path": path,
        "content_hash": fingerprint,
        "status": status,
        "doc_type": info.doc_type,
        "number": info.number,
        "issuer": info.issuer,
        "province": info.province,
        "issue_date": info.issue_date,
        "title": info.title,
        "data": doc.model_dump_json(),
        "revision": uuid.uuid4().hex,  # the persisted index notices the change by this
        "updated_at": now,
    }


def _campaign_row(doc: ExtractedDocument, doc_id: str, status: str) -> dict[str, Any]:
    """The campaign row: the document's campaign with its issuer, province and status."""
    campaign, info = doc.campaign, doc.document
    return {
        "id": campaign.id,
        "document_id": doc_id,
        "name": campaign.name,
        "kind": campaign.kind.value,
        "year": campaign.year,
        "start": campaign.start,
        "end": campaign.end,
        "issuer": info.issuer,
        "province": info.province,
        "status": status,
    }


def _extracted_rows(
    doc: ExtractedDocument, doc_id: str
) -> list[tuple[type[SQLModel], list[dict[str, Any]]]]:
    """The rows of the campaign's phases, deadlines and recurring reports and of the
    document's warnings, table by table."""
    campaign = doc.campaign
    return [
        (
            PhaseRow,
            [
                {"id": p.id, "campaign_id": campaign.id, "ord": i, "name": p.name[:255]}
                | {"start": p.start, "end": p.end}
                for i, p in enumerate(campaign.phases)
            ],
        ),
        (
            DeadlineRow,
            [
                {
                    "id": d.id,
                    "campaign_id": campaign.id,
                    "kind": d.kind.value,
                    "due": d.due,
                    "date_text": d.date_text[:255],
                    "what": d.what,
                    "recipient": d.recipient,
                    "via": d.via,
                    "quote": d.quote,
                    "section": d.section,
                }
                for d in campaign.deadlines
            ],
        ),
        (
            RecurringReportRow,
            [
                {
                    "id": r.id,
                    "campaign_id": campaign.id,
                    "period": r.period.value,
                    "day": r.day,
                    "month": r.month,
                    "what": r.what,
                    "recipient": r.recipient,
                    "quote": r.quote,
                }
                for r in campaign.recurring_reports
            ],
        ),
        (
            WarningRow,
            [
                {"document_id": doc_id, "code": w.code, "field": w.field}
                | {"message": w.message, "quote": w.quote}
                for w in doc.warnings
            ],
        ),
    ]


def _delete_extracted(session: Session, doc_id: str) -> None:
    """Remove what an earlier ingestion of the document extracted (before inserting anew)."""
    campaigns = select(CampaignRow.id).where(col(CampaignRow.document_id) == doc_id)
    for table in (PhaseRow, DeadlineRow, RecurringReportRow):
        session.execute(delete(table).where(col(table.campaign_id).in_(campaigns)))
    session.execute(delete(CampaignRow).where(col(CampaignRow.document_id) == doc_id))
    session.execute(delete(WarningRow).where(col(WarningRow.document_id) == doc_id))


def delete_document(session: Session, doc_id: str) -> bool:
    """Remove a document and all that was extracted from it (caller commits)."""
    row = session.get(DocumentRow, doc_id)
    if row is None:
        return False
    _delete_extracted(session, doc_id)
    session.flush()
    session.delete(row)
    return True


def set_status(session: Session, doc_id: str, status: str) -> DocumentRow | None:
    """Change a document's and its campaign's status (draft → published)."""
    row = session.get(DocumentRow, doc_id)
    if row is None:
        return None
    row.status = status
    for campaign in session.exec(select(CampaignRow).where(CampaignRow.document_id == doc_id)):
        campaign.status = status
        session.add(campaign)
    session.add(row)
    return row


def load_documents(
    session: Session, statuses: Iterable[str] = ("published",)
) -> list[ExtractedDocument]:
    """Every stored document with the given statuses, as ExtractedDocument, by file name."""
    rows = session.exec(
        select(DocumentRow)
        .where(col(DocumentRow.status).in_(list(statuses)))
        .order_by(col(DocumentRow.source))
    ).all()
    return [ExtractedDocument.model_validate_json(r.data) for r in rows]


def get_document(session: Session, doc_id: str) -> ExtractedDocument | None:
    """One stored document by id."""
    row = session.get(DocumentRow, doc_id)
    return ExtractedDocument.model_validate_json(row.data) if row else None


def find_campaign_documents(
    session: Session, query: str, statuses: Iterable[str] = ("published",)
) -> list[ExtractedDocument]:
    """Documents whose campaign id, document id, file name or stem equals `query`."""
    rows = session.exec(
        select(DocumentRow)
        .join(CampaignRow, col(CampaignRow.document_id) == col(DocumentRow.id))
        .where(col(DocumentRow.status).in_(list(statuses)))
        .where(
            or_(
                col(CampaignRow.id) == query,
                col(DocumentRow.id) == query,
                col(DocumentRow.source) == query,
                col(DocumentRow.source).startswith(query + "."),
            )
        )
    ).all()
    return [ExtractedDocument.model_validate_json(r.data) for r in rows]


def load_corrections(session: Session, source: str) -> dict[str, Any]:
    """An officer's stored CLI corrections for a file, as {field path: value}."""
    rows = session.exec(select(CorrectionRow).where(CorrectionRow.source == source)).all()
    return {r.field: json.loads(r.value) for r in rows}


def encode_correction(value: Any) -> str:
    """A correction value as stored (JSON; dates and other objects as text)."""
    return json.dumps(value, ensure_ascii=False, default=str)


def save_corrections(
    session: Session, source: str, values: dict[str, Any], now: dt.datetime
) -> None:
    """Store CLI corrections so they survive re-ingestion (caller commits)."""
    for field, value in values.items():
        row = session.exec(
            select(CorrectionRow).where(
                CorrectionRow.source == source, CorrectionRow.field == field
            )
        ).first()
        encoded = encode_correction(value)
        if row is None:
            session.add(CorrectionRow(source=source, field=field, value=encoded, created_at=now))
        else:
            row.value = encoded
            row.created_at = now
            session.add(row)
