"""Ingestion: files or uploads → extracted, corrected, validated, stored documents.

One transaction per document: a failure leaves the database as it was for that document, and
the other documents of the same run are still ingested.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from knowledge import repository
from knowledge.corrections import (
    CorrectionError,
    apply_corrections,
    load_sidecar,
    merge_corrections,
)
from knowledge.extract import extract_document
from knowledge.loader import LoadError, iter_document_paths, load_bytes, load_path
from knowledge.schema import ExtractedDocument, ExtractionWarning
from knowledge.tables import DocumentRow
from knowledge.textnorm import fold

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
Outcome = Literal["created", "updated", "unchanged", "failed"]


@dataclass
class IngestResult:
    """What happened to one file."""

    path: str
    source: str
    outcome: Outcome
    reason: str | None = None
    document_id: str | None = None
    document: ExtractedDocument | None = None
    warnings: list[ExtractionWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True unless the file failed."""
        return self.outcome != "failed"

    @property
    def created(self) -> bool:
        """True when the document was new to the database."""
        return self.outcome == "created"


def _fingerprint(text: str, corrections: dict[str, Any]) -> str:
    blob = text + "\0" + json.dumps(corrections, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def ingest_text(
    engine: Engine,
    text: str,
    source: str,
    *,
    path: str,
    now: dt.datetime,
    status: str = "published",
    sidecar: dict[str, Any] | None = None,
    set_values: dict[str, Any] | None = None,
) -> IngestResult:
    """Extract, correct and store one document's text in one transaction."""
    doc_id = repository.document_id_for(source)
    with Session(engine) as session:
        if set_values:
            repository.save_corrections(session, source, set_values, now)
        stored = repository.load_corrections(session, source)
        corrections = merge_corrections(sidecar or {}, stored)
        fingerprint = _fingerprint(text, corrections)
        existing = session.get(DocumentRow, doc_id)
        if existing is not None and existing.content_hash == fingerprint:
            session.commit()  # keep newly given --set values even when nothing else changed
            doc = ExtractedDocument.model_validate_json(existing.data)
            return IngestResult(path, source, "unchanged", None, doc_id, doc, doc.warnings)
        if "thi dua" not in fold(text) and "khen thuong" not in fold(text):
            return IngestResult(
                path,
                source,
                "failed",
                "không thấy nội dung thi đua – khen thưởng trong văn bản (không phải văn bản "
                "phát động phong trào?)",
            )
        doc = extract_document(text, source)
        if corrections:
            doc = apply_corrections(doc, corrections)
        keep_status = existing.status if existing is not None and status == "draft" else status
        repository.save_document(
            session,
            doc,
            path=path,
            fingerprint=fingerprint,
            status=keep_status,
            now=now,
            row=existing,
        )
        session.commit()
    outcome: Outcome = "updated" if existing is not None else "created"
    return IngestResult(path, source, outcome, None, doc_id, doc, doc.warnings)


def ingest_paths(
    engine: Engine,
    paths: Sequence[Path],
    *,
    now: dt.datetime,
    max_bytes: int,
    status: str = "published",
    set_values: dict[str, Any] | None = None,
) -> list[IngestResult]:
    """Ingest files and directories; every file gets a result, failures included."""
    return list(
        iter_ingest_paths(
            engine, paths, now=now, max_bytes=max_bytes, status=status, set_values=set_values
        )
    )


def iter_ingest_paths(
    engine: Engine,
    paths: Sequence[Path],
    *,
    now: dt.datetime,
    max_bytes: int,
    status: str = "published",
    set_values: dict[str, Any] | None = None,
) -> Iterator[IngestResult]:
    """`ingest_paths` one result at a time, so a large folder never sits in memory."""
    for item in iter_document_paths(list(paths)):
        if isinstance(item, LoadError):
            yield IngestResult(str(item.path), Path(item.path).name, "failed", item.reason)
            continue
        try:
            text = load_path(item, max_bytes=max_bytes)
            sidecar = load_sidecar(item)
            result = ingest_text(
                engine,
                text,
                item.name,
                path=str(item),
                now=now,
                status=status,
                sidecar=sidecar,
                set_values=set_values,
            )
        except (LoadError, CorrectionError) as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            result = IngestResult(str(item), item.name, "failed", reason)
        except Exception as exc:  # one bad document must not stop the others
            result = IngestResult(str(item), item.name, "failed", f"lỗi khi đọc văn bản: {exc}")
        yield result


def ingest_bytes(
    engine: Engine,
    filename: str,
    content: bytes,
    *,
    now: dt.datetime,
    max_bytes: int,
    status: str = "draft",
) -> IngestResult:
    """Ingest an uploaded file (chat publishing flow) as a draft by default."""
    name = Path(filename).name or "upload.txt"
    try:
        text = load_bytes(name, content, max_bytes=max_bytes)
        return ingest_text(engine, text, name, path=f"upload:{name}", now=now, status=status)
    except (LoadError, CorrectionError) as exc:
        return IngestResult(f"upload:{name}", name, "failed", getattr(exc, "reason", str(exc)))
    except Exception as exc:
        return IngestResult(f"upload:{name}", name, "failed", f"lỗi khi đọc văn bản: {exc}")


def publish_document(
    engine: Engine, document_id: str, now: dt.datetime
) -> ExtractedDocument | None:
    """Make a draft answerable and remindable; returns it, or None if it does not exist."""
    with Session(engine) as session:
        row = repository.set_status(session, document_id, "published")
        if row is None:
            return None
        row.updated_at = now
        session.commit()
        return repository.get_document(session, document_id)


def discard_document(engine: Engine, document_id: str) -> bool:
    """Delete a draft (or any document) and all that was extracted from it."""
    with Session(engine) as session:
        removed = repository.delete_document(session, document_id)
        session.commit()
        return removed


def ensure_samples(
    engine: Engine, now: dt.datetime, max_bytes: int = 20 * 1024 * 1024
) -> list[IngestResult]:
    """Ingest the bundled sample documents when the database has no document at all."""
    with Session(engine) as session:
        if session.exec(select(DocumentRow.id).limit(1)).first() is not None:
            return []
    return ingest_paths(engine, sorted(SAMPLES_DIR.glob("*.txt")), now=now, max_bytes=max_bytes)


def sample_documents() -> list[ExtractedDocument]:
    """The bundled samples, extracted in memory (tests and benchmarks)."""
    docs = []
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        docs.append(extract_document(path.read_text(encoding="utf-8"), path.name))
    return docs
