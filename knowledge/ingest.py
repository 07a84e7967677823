"""Ingestion: files or uploads → extracted, corrected, validated, stored documents.

One transaction per document: a failure leaves the database as it was for that document, and
the other documents of the same run are still ingested.
"""

from __future__ import annotations

import contextlib
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
    document_corrections,
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


_EMULATION_WORDS = ("thi đua", "khen thưởng", "thi dua", "khen thuong")


def _mentions_emulation(text: str) -> bool:
    """Whether the text speaks of emulation or rewards at all (cheap look first)."""
    lowered = text.lower()
    if any(word in lowered for word in _EMULATION_WORDS):
        return True
    folded = fold(text)  # decomposed or odd spellings
    return "thi dua" in folded or "khen thuong" in folded


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
    check_corrections: bool = True,
    session: Session | None = None,
    known: dict[str, repository.DocumentState] | None = None,
) -> IngestResult:
    """Extract, correct and store one document's text in one transaction.

    `check_corrections=False` skips looking for stored corrections (the caller knows there
    are none for this file).
    """
    doc_id = repository.document_id_for(source)
    with _document_transaction(engine, session) as session:
        if set_values:
            repository.save_corrections(session, source, set_values, now)
        stored = (
            repository.load_corrections(session, source)
            if check_corrections or set_values
            else {}
        )
        corrections = merge_corrections(sidecar or {}, stored)
        fingerprint = _fingerprint(text, corrections)
        # A run knows every stored document's state up front; one look-up per file otherwise.
        current = known.get(doc_id) if known is not None else None
        if known is None:
            current = repository.document_state(session, doc_id)
        if current is not None and current.content_hash == fingerprint:
            session.commit()  # keep newly given --set values even when nothing else changed
            doc = repository.get_document(session, doc_id)
            assert doc is not None
            return IngestResult(path, source, "unchanged", None, doc_id, doc, doc.warnings)
        if not _mentions_emulation(text):
            return IngestResult(
                path,
                source,
                "failed",
                "không thấy nội dung thi đua – khen thưởng trong văn bản (không phải văn bản "
                "phát động phong trào?)",
            )
        doc = extract_document(text, source)
        if document_corrections(corrections):
            doc = apply_corrections(doc, document_corrections(corrections))
        keep_status = current.status if current is not None and status == "draft" else status
        repository.save_document(
            session,
            doc,
            path=path,
            fingerprint=fingerprint,
            status=keep_status,
            now=now,
            exists=current is not None,
        )
        session.commit()
        if known is not None:  # the same file name later in this run is an update
            known[doc_id] = repository.DocumentState(fingerprint, keep_status)
    outcome: Outcome = "updated" if current is not None else "created"
    return IngestResult(path, source, outcome, None, doc_id, doc, doc.warnings)


@contextlib.contextmanager
def _document_transaction(engine: Engine, session: Session | None) -> Iterator[Session]:
    """One transaction for one document: in the caller's session (a run reuses its
    connection), or in a session of its own; rolled back on any error."""
    if session is None:
        with Session(engine) as own:
            yield own
        return
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    else:
        if session.in_transaction():
            session.commit()  # the early returns (unchanged, not a campaign) end here too


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
    with Session(engine) as session:
        corrected = repository.sources_with_corrections(session)
        known = repository.document_states(session)
        session.commit()
        yield from _ingest_items(
            engine, session, paths, corrected, known, now, max_bytes, status, set_values
        )


def _ingest_items(
    engine: Engine,
    session: Session,
    paths: Sequence[Path],
    corrected: set[str],
    known: dict[str, repository.DocumentState],
    now: dt.datetime,
    max_bytes: int,
    status: str,
    set_values: dict[str, Any] | None,
) -> Iterator[IngestResult]:
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
                check_corrections=item.name in corrected,
                session=session,
                known=known,
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
