"""The knowledge base persisted in the database, so a process opens it instead of rebuilding it.

The hot part of a `KnowledgeBase` (entries, inverted indexes, deadlines, BM25 postings) is
stored as one row of `knowledge_index` per set of statuses; full documents stay in their own
rows and are read when a question needs them. Every stored index records the (id, revision) of
the documents it holds, so opening compares that with the `document` table (one indexed query)
and applies the difference: documents removed or unpublished since are dropped, documents added
or rewritten since are indexed one at a time onto the stored base (`knowledge/index/update.py`),
and the row is rewritten once SAVE_AFTER of them have piled up. Only a missing or unreadable
row, or one of another format or gazetteer version, is rebuilt from the documents.

The format is pickle protocol 5 of plain data (tuples, dicts, numpy and `array` arrays), read
through an unpickler that only accepts those types: a tampered row cannot run code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import io
import logging
import pickle
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from knowledge.index.base import KnowledgeBase
from knowledge.index.entries import DeadlineRef, DocEntry
from knowledge.index.postings import Postings
from knowledge.index.update import with_document, without_document
from knowledge.places.lookup import place_phrases_version
from knowledge.schema import ExtractedDocument
from knowledge.store.tables import DocumentRow, KnowledgeIndexRow

FORMAT = 4  # bump when what is stored changes: an index of another format is rebuilt
SAVE_AFTER = 16  # documents indexed onto a stored base before the stored row is rewritten
log = logging.getLogger(__name__)
_ARRAYS = ("phase_starts", "phase_ends", "span_starts", "span_ends", "special", "anniversary")
_ENTRY_FIELDS = [f.name for f in dataclasses.fields(DocEntry)]
_REF_FIELDS = [f.name for f in dataclasses.fields(DeadlineRef)]
_ALLOWED = {
    ("array", "array"),
    ("array", "_array_reconstructor"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("datetime", "date"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.numeric", "_frombuffer"),
}
DOCUMENT = DocumentRow.__table__  # type: ignore[attr-defined]
INDEX = KnowledgeIndexRow.__table__  # type: ignore[attr-defined]


class DatabaseTexts:
    """Full documents read from their `document` rows when a question needs them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def json(self, index: int, doc_id: str | None) -> str:
        """The stored JSON of a document (LookupError when it was deleted meanwhile)."""
        with self.engine.connect() as conn:
            data = conn.execute(select(DOCUMENT.c.data).where(DOCUMENT.c.id == doc_id)).scalar()
        if data is None:
            raise LookupError(f"document {doc_id} is no longer stored")
        return str(data)

    def with_text(self, index: int, text: str) -> DatabaseTexts:
        """The same texts: the database already holds the new version."""
        return self

    def renumbered(self, moved: list[int], size: int) -> DatabaseTexts:
        """The same texts: rows are read by document id, not position."""
        return self


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a stored index")
        return super().find_class(module, name)


_DATES = ("start", "end")


def _entry_columns(kb: KnowledgeBase) -> dict[str, list[Any]]:
    """The entries field by field, dates as ordinals (0: none) and year sets as tuples: a
    third of the objects to unpickle that rows of dates and frozensets would make."""
    out: dict[str, list[Any]] = {}
    for name in _ENTRY_FIELDS:
        column = [getattr(e, name) for e in kb.entries]
        if name in _DATES:
            column = [d.toordinal() if d else 0 for d in column]
        elif name == "years":
            column = [tuple(sorted(y)) for y in column]
        out[name] = column
    return out


def _entries(columns: dict[str, list[Any]]) -> list[DocEntry]:
    """The entries back from `_entry_columns`."""
    fields = []
    for name in _ENTRY_FIELDS:
        column = columns[name]
        if name in _DATES:
            column = [dt.date.fromordinal(o) if o else None for o in column]
        elif name == "years":
            column = [frozenset(y) for y in column]
        fields.append(column)
    return [DocEntry(*row) for row in zip(*fields, strict=True)]


def dump(kb: KnowledgeBase) -> bytes:
    """The hot part of a stored base as bytes."""
    state = {
        "format": FORMAT,
        "place_phrases": place_phrases_version(),
        "keys": kb.keys,
        "entries": _entry_columns(kb),
        "by_campaign": kb.by_campaign,
        "by_source": kb.by_source,
        "place_docs": kb.place_docs,
        "place_ident_docs": kb.place_ident_docs,
        "text_place_docs": kb.text_place_docs,
        "number_docs": kb.number_docs,
        "type_docs": kb.type_docs,
        "year_docs": kb.year_docs,
        "deadlines": kb.deadlines,
        "deadline_refs": {k: tuple(getattr(r, f) for f in _REF_FIELDS)
                          for k, r in kb.deadline_refs.items()},
        "reports": kb.reports,
        "report_refs": {k: tuple(getattr(r, f) for f in _REF_FIELDS)
                        for k, r in kb.report_refs.items()},
        "phases": kb.phases,
        "postings": kb.postings.state(),
        "arrays": {name: getattr(kb, name) for name in _ARRAYS},
    }
    return pickle.dumps(state, protocol=5)


def restore(data: bytes, engine: Engine) -> KnowledgeBase | None:
    """The base stored as `data` (None when it is of another format)."""
    enabled = gc.isenabled()
    # Hundreds of thousands of small objects, none of them garbage: the collector would run
    # dozens of times over the whole heap while they are made.
    gc.disable()
    try:
        return _restored(_Restricted(io.BytesIO(data)).load(), engine)
    finally:
        if enabled:
            gc.enable()


def _restored(state: Any, engine: Engine) -> KnowledgeBase | None:
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None
    if state.get("place_phrases") != place_phrases_version():  # another gazetteer version
        return None
    kb = KnowledgeBase()
    kb.texts = DatabaseTexts(engine)
    kb.keys = state["keys"]
    kb.entries = _entries(state["entries"])
    for name in ("by_campaign", "by_source", "place_docs", "place_ident_docs",
                 "text_place_docs", "number_docs", "type_docs", "year_docs", "deadlines",
                 "reports", "phases"):
        setattr(kb, name, state[name])
    kb.deadline_refs = {k: DeadlineRef(*t) for k, t in state["deadline_refs"].items()}
    kb.report_refs = {k: DeadlineRef(*t) for k, t in state["report_refs"].items()}
    kb.postings = Postings.from_state(state["postings"])
    for name in _ARRAYS:
        setattr(kb, name, state["arrays"][name])
    kb.derive_lookups()
    kb.unsaved = 0
    return kb


def _key(statuses: tuple[str, ...]) -> str:
    return ",".join(sorted(statuses))


def stored_keys(engine: Engine, statuses: tuple[str, ...]) -> list[tuple[str, str]]:
    """(id, revision) of the documents of these statuses, in file-name order."""
    # Code-point order of file names on both databases: the order `with_document` keeps.
    # The driver's cursor directly: 10,000 rows through the ORM's row objects cost 50 ms.
    marks = ", ".join(["?" if engine.dialect.paramstyle == "qmark" else "%s"] * len(statuses))
    order = 'source COLLATE "C"' if engine.dialect.name == "postgresql" else "source"
    sql = f"SELECT id, revision FROM document WHERE status IN ({marks}) ORDER BY {order}"
    with engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, tuple(statuses))
            return [(str(i), str(r)) for i, r in cursor.fetchall()]
        finally:
            cursor.close()


def save(engine: Engine, kb: KnowledgeBase, statuses: tuple[str, ...], now: dt.datetime) -> None:
    """Store (or replace) the persisted index of these statuses."""
    values = {"statuses": _key(statuses), "format": FORMAT, "documents": len(kb),
              "built_at": now, "data": dump(kb)}
    statement: Any
    if engine.dialect.name == "postgresql":  # imported here: opening never pays for it
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(INDEX).values(**values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(INDEX).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[INDEX.c.statuses],
        set_={k: statement.excluded[k] for k in values if k != "statuses"},
    )
    with engine.begin() as conn:
        conn.execute(statement)


_writing = threading.Lock()  # one background write of the stored index at a time


def save_in_background(
    engine: Engine, kb: KnowledgeBase, statuses: tuple[str, ...], now: dt.datetime
) -> threading.Thread | None:
    """`save` in a daemon thread, so a publish does not wait for the checkpoint (None when a
    write is still running: the next checkpoint writes a newer base anyway). A write cut
    short by the process ending is rolled back; the next open catches up from the older row."""
    if not _writing.acquire(blocking=False):
        return None

    def write() -> None:
        try:
            save(engine, kb, statuses, now)
        except Exception:
            log.warning("writing the knowledge index failed; the next open catches up",
                        exc_info=True)
        finally:
            _writing.release()

    thread = threading.Thread(target=write, name="knowledge-index-write", daemon=True)
    thread.start()
    return thread


def wait_for_writes(timeout: float) -> bool:
    """Wait until no background write of the stored index runs (False after `timeout` s)."""
    if _writing.acquire(timeout=timeout):
        _writing.release()
        return True
    return False


def _load_stored(engine: Engine, statuses: tuple[str, ...]) -> KnowledgeBase | None:
    query = select(INDEX.c.data).where(INDEX.c.statuses == _key(statuses))
    with engine.connect() as conn:
        data = conn.execute(query).scalar()
    if data is None:
        return None
    try:
        return restore(bytes(data), engine)
    except (pickle.UnpicklingError, KeyError, TypeError, ValueError, EOFError):
        log.warning("the stored knowledge index is unreadable; rebuilding it", exc_info=True)
        return None


def _documents(engine: Engine, ids: list[str]) -> dict[str, tuple[str, ExtractedDocument]]:
    """id → (revision, document) of some stored documents."""
    out: dict[str, tuple[str, ExtractedDocument]] = {}
    query = select(DOCUMENT.c.id, DOCUMENT.c.revision, DOCUMENT.c.data)
    with engine.connect() as conn:
        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            for doc_id, revision, data in conn.execute(query.where(DOCUMENT.c.id.in_(chunk))):
                out[str(doc_id)] = (str(revision), ExtractedDocument.model_validate_json(data))
    return out


def rebuild(engine: Engine, statuses: tuple[str, ...]) -> KnowledgeBase:
    """Index every stored document of these statuses from their rows (streamed)."""
    return KnowledgeBase.from_stored(stream_documents(engine, statuses), DatabaseTexts(engine))


def catch_up(
    engine: Engine, kb: KnowledgeBase, current: list[tuple[str, str]]
) -> tuple[KnowledgeBase, int]:
    """`kb` with the documents removed, added or rewritten since it was built, and how many
    those were."""
    have = dict(kb.keys)
    now_ids = {doc_id for doc_id, _ in current}
    gone = [kb.entries[i].source for i, (doc_id, _) in enumerate(kb.keys) if doc_id not in now_ids]
    for source in gone:
        kb = without_document(kb, source)
    changed = [doc_id for doc_id, rev in current if have.get(doc_id) != rev]
    for doc_id, (revision, doc) in sorted(_documents(engine, changed).items()):
        kb = with_document(kb, doc, key=(doc_id, revision))
    return kb, len(changed) + len(gone)


def open_knowledge_base(
    engine: Engine,
    statuses: tuple[str, ...] = ("published",),
    *,
    previous: KnowledgeBase | None = None,
    now: dt.datetime | None = None,
    background: bool = False,
) -> KnowledgeBase:
    """The current base: `previous` (or the stored index) caught up with the documents table,
    else a full rebuild; the stored index is rewritten when it was missing or far behind (in
    a background thread with `background`, as the running bot does after a publish)."""
    moment = now or dt.datetime.now(dt.UTC)
    if previous is not None and isinstance(previous.texts, DatabaseTexts):
        return _caught_up(engine, statuses, previous, moment, background)
    # Opening makes hundreds of thousands of long-lived objects and next to no garbage: the
    # cyclic collector stays off meanwhile (it ran over the whole heap dozens of times, ~70 ms
    # at 10,000 documents), then the base is frozen out of its reach: a later full collection
    # (a cold answer allocating a document's sentences triggered one, ~7 ms of 12) does not
    # rescan it. The base holds no reference cycles, so a later copy still frees it by
    # reference counting.
    collecting = gc.isenabled()
    gc.disable()
    try:
        base = _load_stored(engine, statuses)
        if base is not None:
            kb = _caught_up(engine, statuses, base, moment, background)
        else:
            kb = rebuild(engine, statuses)
            save(engine, kb, statuses, moment)
            gc.collect()  # what the rebuild's parsing left in cycles is not frozen with it
        gc.freeze()
        return kb
    finally:
        if collecting:
            gc.enable()


def _caught_up(
    engine: Engine,
    statuses: tuple[str, ...],
    base: KnowledgeBase,
    moment: dt.datetime,
    background: bool,
) -> KnowledgeBase:
    """`base` caught up with the documents table, its checkpoint written when far behind."""
    kb, _ = catch_up(engine, base, stored_keys(engine, statuses))
    if kb.unsaved >= SAVE_AFTER:  # with_document counted them
        if background:
            save_in_background(engine, kb, statuses, moment)
        else:
            save(engine, kb, statuses, moment)
        kb.unsaved = 0
    return kb


def stream_documents(
    engine: Engine, statuses: tuple[str, ...], batch: int = 200
) -> Iterator[tuple[str, str, ExtractedDocument]]:
    """(id, revision, document) of the stored documents one at a time, in file-name order
    (the query of `repository.load_documents`, read in batches so 10,000 documents never sit
    in memory). sqlmodel is imported here, not at the top: a process that opens a stored
    index and has nothing to catch up never needs it."""
    from sqlmodel import Session, col, select

    source = col(DocumentRow.source)
    if engine.dialect.name == "postgresql":  # code-point order, as `with_document` keeps
        source = source.collate("C")  # type: ignore[assignment]
    query = (
        select(DocumentRow.id, DocumentRow.revision, DocumentRow.data)
        .where(col(DocumentRow.status).in_(list(statuses)))
        .order_by(source)
        .execution_options(yield_per=batch)
    )
    with Session(engine) as session:
        for doc_id, revision, data in session.exec(query):
            yield doc_id, revision, ExtractedDocument.model_validate_json(data)
