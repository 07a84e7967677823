"""Database tables of the knowledge base (SQLModel; migrations in alembic/versions)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class DocumentRow(SQLModel, table=True):
    """One ingested document; `data` is its ExtractedDocument JSON with corrections applied."""

    __tablename__ = "document"
    # Covering: the persisted index compares (id, revision) of every published document on
    # each open, from this index alone, without reading the rows and their JSON.
    __table_args__ = (Index("ix_document_revisions", "status", "source", "id", "revision"),)

    id: str = Field(primary_key=True, max_length=32)
    source: str = Field(index=True, unique=True, max_length=255)  # file name
    path: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    content_hash: str = Field(max_length=64)
    status: str = Field(default="published", max_length=16)  # draft|published
    doc_type: str | None = Field(default=None, max_length=64)
    number: str | None = Field(default=None, max_length=64)
    issuer: str | None = Field(default=None, max_length=255)
    province: str | None = Field(default=None, max_length=64)
    issue_date: dt.date | None = None
    title: str | None = Field(default=None, sa_column=Column(Text))
    data: str = Field(sa_column=Column(Text, nullable=False))
    # A fresh random token at every write of `data`: the persisted index compares it, not
    # clocks (the CLI's --now may move them back).
    revision: str = Field(default="", max_length=32)
    ingested_at: dt.datetime
    updated_at: dt.datetime


class KnowledgeIndexRow(SQLModel, table=True):
    """The answering core's persisted index of one set of statuses (store/saved_index.py)."""

    __tablename__ = "knowledge_index"

    statuses: str = Field(primary_key=True, max_length=64)  # "published"
    format: int
    documents: int  # how many documents it indexes
    built_at: dt.datetime
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class CampaignRow(SQLModel, table=True):
    """The campaign a document launches (one per document)."""

    __tablename__ = "campaign"

    id: str = Field(primary_key=True, max_length=32)
    document_id: str = Field(foreign_key="document.id", index=True, max_length=32)
    name: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(max_length=32)
    year: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    issuer: str | None = Field(default=None, max_length=255, index=True)
    province: str | None = Field(default=None, max_length=64)
    status: str = Field(default="published", max_length=16)


class PhaseRow(SQLModel, table=True):
    """A phase of a campaign."""

    __tablename__ = "phase"

    id: str = Field(primary_key=True, max_length=32)
    campaign_id: str = Field(foreign_key="campaign.id", index=True, max_length=32)
    ord: int = 0
    name: str = Field(max_length=255)
    start: dt.date | None = None
    end: dt.date | None = None


class DeadlineRow(SQLModel, table=True):
    """A one-off cut-off of a campaign; ids are stable across re-ingestion."""

    __tablename__ = "deadline"

    id: str = Field(primary_key=True, max_length=32)
    campaign_id: str = Field(foreign_key="campaign.id", index=True, max_length=32)
    kind: str = Field(max_length=32)
    due: dt.date | None = Field(default=None, index=True)
    date_text: str = Field(default="", max_length=255)
    what: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recipient: str | None = Field(default=None, sa_column=Column(Text))
    via: str | None = Field(default=None, sa_column=Column(Text))
    quote: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    section: str | None = Field(default=None, sa_column=Column(Text))


class RecurringReportRow(SQLModel, table=True):
    """A report due every period (month, quarter, half-year, year)."""

    __tablename__ = "recurring_report"

    id: str = Field(primary_key=True, max_length=32)
    campaign_id: str = Field(foreign_key="campaign.id", index=True, max_length=32)
    period: str = Field(max_length=16)
    day: int | None = None
    month: int | None = None
    what: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recipient: str | None = Field(default=None, sa_column=Column(Text))
    quote: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class WarningRow(SQLModel, table=True):
    """A doubt the extractor raised about a document."""

    __tablename__ = "extraction_warning"

    id: int | None = Field(default=None, primary_key=True)
    document_id: str = Field(foreign_key="document.id", index=True, max_length=32)
    code: str = Field(max_length=64)
    field: str | None = Field(default=None, max_length=255)
    message: str = Field(sa_column=Column(Text, nullable=False))
    quote: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class CorrectionRow(SQLModel, table=True):
    """An officer's correction of one field, kept across re-ingestion of the same file."""

    __tablename__ = "correction"
    __table_args__ = (UniqueConstraint("source", "field", name="uq_correction_source_field"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=255, index=True)
    field: str = Field(max_length=255)
    value: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    created_at: dt.datetime
