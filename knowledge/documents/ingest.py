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

from knowledge.corrections.fields import (
    CorrectionError,
    apply_corrections,
    document_corrections,
    load_sidecar,
    merge_corrections,
)
from knowledge.documents.loader import LoadError, iter_document_paths, load_bytes, load_path
from knowledge.extract import extract_document
from knowledge.schema import ExtractedDocument, ExtractionWarning
from knowledge.store import repository
from knowledge.store.tables import DocumentRow
from knowledge.text.normalise import fold

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
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


@dataclass
class _Pending:
    """One document read and extracted, waiting for its transaction (or already decided)."""

    path: str
    source: str
    doc_id: str
    done: IngestResult | None = None  # failed before storing: nothing to write
    set_values: dict[str, Any] | None = None
    fingerprint: str = ""
    current: repository.DocumentState | None = None
    doc: ExtractedDocument | None = None  # None with no `done`: unchanged
    status: str = "published"


def _prepare(
    session: Session,
    text: str,
    source: str,
    *,
    path: str,
    status: str,
    sidecar: dict[str, Any] | None,
    set_values: dict[str, Any] | None,
    check_corrections: bool,
    known: dict[str, repository.DocumentState] | None,
) -> _Pending:
    """Everything before writing: corrections, fingerprint, unchanged check, extraction.

    Reads the database only for stored corrections or, without `known`, the document's state.
    """
    doc_id = repository.document_id_for(source)
    pending = _Pending(path, source, doc_id, set_values=set_values)
    stored = repository.load_corrections(session, source) if check_corrections else {}
    if set_values:  # as they will read back once stored (JSON round trip)
        stored |= {k: json.loads(repository.encode_correction(v)) for k, v in set_values.items()}
    corrections = merge_corrections(sidecar or {}, stored)
    pending.fingerprint = _fingerprint(text, corrections)
    # A run knows every stored document's state up front; one look-up per file otherwise.
    if known is not None:
        pending.current = known.get(doc_id)
    else:
        pending.current = repository.document_state(session, doc_id)
    if pending.current is not None and pending.current.content_hash == pending.fingerprint:
        return pending  # unchanged
    if not _mentions_emulation(text):
        pending.done = IngestResult(
            path,
            source,
            "failed",
            "không thấy nội dung thi đua – khen thưởng trong văn bản (không phải văn bản "
            "phát động phong trào?)",
        )
        return pending
    doc = extract_document(text, source)
    if document_corrections(corrections):
        doc = apply_corrections(doc, document_corrections(corrections))
    pending.doc = doc
    current = pending.current
    pending.status = current.status if current is not None and status == "draft" else status
    return pending


def _store(
    session: Session,
    pending: _Pending,
    now: dt.datetime,
    known: dict[str, repository.DocumentState] | None,
) -> IngestResult:
    """Write one prepared document in the session's current transaction and commit it."""
    if pending.done is not None:
        return pending.done
    path, source, doc_id = pending.path, pending.source, pending.doc_id
    if pending.set_values:
        repository.save_corrections(session, source, pending.set_values, now)
    if pending.doc is None:
        session.commit()  # keep newly given --set values even when nothing else changed
        stored = repository.get_document(session, doc_id)
        assert stored is not None
        return IngestResult(path, source, "unchanged", None, doc_id, stored, stored.warnings)
    repository.save_document(
        session,
        pending.doc,
        path=path,
        fingerprint=pending.fingerprint,
        status=pending.status,
        now=now,
        exists=pending.current is not None,
    )
    session.commit()
    if known is not None:  # the same file name later in this run is an update
        known[doc_id] = repository.DocumentState(pending.fingerprint, pending.status)
    outcome: Outcome = "updated" if pending.current is not None else "created"
    doc = pending.doc
    return IngestResult(path, source, outcome, None, doc_id, doc, doc.warnings)


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
    with Session(engine) as session:
        pending = _prepare(
            session,
            text,
            source,
            path=path,
            status=status,
            sidecar=sidecar,
            set_values=set_values,
            check_corrections=True,
            known=None,
        )
        return _store(session, pending, now, None)


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
    # The session is bound to one connection for the whole run: each commit still ends its
    # document's transaction, but the connection is not handed back to the pool (and reset)
    # and checked out again for every document.
    with engine.connect() as connection, Session(bind=connection) as session:
        corrected = repository.sources_with_corrections(session)
        known = repository.document_states(session)
        session.commit()
        yield from _ingest_items(
            session, paths, corrected, known, now, max_bytes, status, set_values
        )


# A run reads and extracts a batch of documents, then stores them one transaction each.
# Alternating extractor and database driver on every document evicts each other's working set
# from the CPU caches; storing in batches is measurably cheaper (benchmarks/README.md). A
# result is yielded only once its document is committed, so what a run reports is what landed.
_BATCH = 16


def _ingest_items(
    session: Session,
    paths: Sequence[Path],
    corrected: set[str],
    known: dict[str, repository.DocumentState],
    now: dt.datetime,
    max_bytes: int,
    status: str,
    set_values: dict[str, Any] | None,
) -> Iterator[IngestResult]:
    batch: list[_Pending] = []
    for item in iter_document_paths(list(paths)):
        if isinstance(item, LoadError):
            failed = IngestResult(str(item.path), Path(item.path).name, "failed", item.reason)
            batch.append(_Pending(failed.path, failed.source, "", done=failed))
        else:
            doc_id = repository.document_id_for(item.name)
            if any(p.doc_id == doc_id for p in batch):  # its state depends on the earlier one
                yield from _store_batch(session, batch, now, known)
                batch = []
            batch.append(
                _prepare_file(
                    session, item, item.name in corrected, known, max_bytes, status, set_values
                )
            )
        if len(batch) >= _BATCH:
            yield from _store_batch(session, batch, now, known)
            batch = []
    yield from _store_batch(session, batch, now, known)


def _prepare_file(
    session: Session,
    item: Path,
    check_corrections: bool,
    known: dict[str, repository.DocumentState],
    max_bytes: int,
    status: str,
    set_values: dict[str, Any] | None,
) -> _Pending:
    """Read, check and extract one file; a failure becomes its result."""
    try:
        return _prepare(
            session,
            load_path(item, max_bytes=max_bytes),
            item.name,
            path=str(item),
            status=status,
            sidecar=load_sidecar(item),
            set_values=set_values,
            check_corrections=check_corrections,
            known=known,
        )
    except (LoadError, CorrectionError) as exc:
        return _failed(item, getattr(exc, "reason", None) or str(exc))
    except Exception as exc:  # one bad document must not stop the others
        return _failed(item, f"lỗi khi đọc văn bản: {exc}")
    finally:
        if session.in_transaction():
            session.commit()  # end the read (stored corrections) before the batch writes


def _failed(item: Path, reason: str) -> _Pending:
    result = IngestResult(str(item), item.name, "failed", reason)
    return _Pending(result.path, result.source, "", done=result)


def _store_batch(
    session: Session,
    batch: list[_Pending],
    now: dt.datetime,
    known: dict[str, repository.DocumentState],
) -> Iterator[IngestResult]:
    """Store each prepared document in its own transaction, in order."""
    for pending in batch:
        try:
            result = _store(session, pending, now, known)
            if session.in_transaction():
                session.commit()  # the unchanged path ends on a read
        except Exception as exc:  # rolled back: the database keeps the document as it was
            session.rollback()
            reason = f"lỗi khi lưu văn bản: {exc}"
            result = IngestResult(pending.path, pending.source, "failed", reason)
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
