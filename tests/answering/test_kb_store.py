"""The persisted knowledge index and incremental updates: answers never change because of them."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import update
from sqlmodel import Session, select

from bot.db import open_database
from knowledge.answer.core import answer
from knowledge.documents.ingest import ensure_samples
from knowledge.documents.samples import sample_documents
from knowledge.index.base import KnowledgeBase
from knowledge.index.update import with_document, without_document
from knowledge.schema import ExtractedDocument
from knowledge.store import saved_index as kb_store
from knowledge.store.repository import document_id_for, save_document, set_status
from knowledge.store.tables import KnowledgeIndexRow

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)
QUESTIONS = Path(__file__).parent / "questions.yaml"


def _questions() -> list[tuple[str, dt.datetime]]:
    items = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    out = []
    for item in items:
        if item.get("before"):
            continue
        now = dt.datetime.fromisoformat(str(item.get("now") or "2025-02-20T09:00"))
        out.append((str(item["q"]), now.replace(tzinfo=TZ)))
    return out


def _answers(kb: KnowledgeBase, questions: list[tuple[str, dt.datetime]]) -> list[str]:
    return [answer(kb, q, now).text for q, now in questions]


def _edited(doc: ExtractedDocument) -> ExtractedDocument:
    """The document with its first dated deadline moved by a week (a correction)."""
    copy = doc.model_copy(deep=True)
    for deadline in copy.campaign.deadlines:
        if deadline.due:
            deadline.due = deadline.due + dt.timedelta(days=7)
            break
    return copy


def test_documents_added_one_by_one_answer_like_a_full_build() -> None:
    """A base grown by `with_document` in another order answers every own question alike."""
    docs = sample_documents()
    questions = _questions()
    full = KnowledgeBase.from_documents(docs)
    grown = KnowledgeBase.from_documents([])
    for doc in reversed(docs):
        grown = with_document(grown, doc)
    assert len(grown) == len(full)
    assert _answers(grown, questions) == _answers(full, questions)


def test_replacing_a_document_answers_like_a_build_with_the_new_version() -> None:
    """Replacing one document in place gives the answers of a build of the new set, and the
    old base keeps answering from the old version (copy on write)."""
    docs = sample_documents()
    edited = [_edited(d) if i == 1 else d for i, d in enumerate(docs)]
    questions = _questions()
    old = KnowledgeBase.from_documents(docs)
    before = _answers(old, questions)
    replaced = with_document(old, edited[1])
    assert len(replaced) == len(docs)
    rebuilt = KnowledgeBase.from_documents(edited)
    assert _answers(replaced, questions) == _answers(rebuilt, questions)
    assert _answers(replaced, questions) != before  # the edit is visible
    assert _answers(old, questions) == before


def _stored(engine: object) -> KnowledgeIndexRow | None:
    with Session(engine) as session:  # type: ignore[arg-type]
        return session.exec(select(KnowledgeIndexRow)).first()


def test_opening_uses_the_stored_index_and_catches_up(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first open builds and stores the index; later opens restore it (no rebuild) and
    index the documents written since, answering like a full build (SQLite and PostgreSQL)."""
    engine = open_database(db_url)
    ensure_samples(engine, NOW)
    questions = _questions()[:40]
    first = kb_store.open_knowledge_base(engine, now=NOW)
    row = _stored(engine)
    assert row is not None and row.documents == 5
    rebuilds: list[int] = []
    real_rebuild = kb_store.rebuild
    monkeypatch.setattr(kb_store, "rebuild", lambda *a: rebuilds.append(1) or real_rebuild(*a))
    reopened = kb_store.open_knowledge_base(engine, now=NOW)
    assert not rebuilds
    assert _answers(reopened, questions) == _answers(first, questions)

    doc = sample_documents()[2]
    with Session(engine) as session:
        save_document(session, _edited(doc), path="", fingerprint="x" * 64, status="published",
                      now=NOW, exists=True)
        session.commit()
    caught_up = kb_store.open_knowledge_base(engine, now=NOW)
    assert not rebuilds and caught_up.unsaved == 1
    expected = KnowledgeBase.from_documents(
        _edited(d) if d.source == doc.source else d for d in sorted(
            sample_documents(), key=lambda d: d.source)
    )
    assert _answers(caught_up, questions) == _answers(expected, questions)
    # The running bot's path: the previous base is updated, not reopened.
    again = kb_store.open_knowledge_base(engine, previous=caught_up, now=NOW)
    assert again is caught_up or _answers(again, questions) == _answers(caught_up, questions)


def _publish_two_corrections(
    engine: object, kb: KnowledgeBase, *, background: bool
) -> KnowledgeBase:
    """Correct two samples an hour later, catching the base up after each (as after a
    publish)."""
    later = NOW + dt.timedelta(hours=1)
    for doc in sample_documents()[:2]:
        with Session(engine) as session:  # type: ignore[arg-type]
            save_document(session, _edited(doc), path="", fingerprint="y" * 64,
                          status="published", now=later, exists=True)
            session.commit()
        kb = kb_store.open_knowledge_base(
            engine, previous=kb, now=later, background=background  # type: ignore[arg-type]
        )
    return kb


def test_the_stored_index_is_rewritten_once_far_behind(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents indexed onto a stored base are written back after SAVE_AFTER of them."""
    monkeypatch.setattr(kb_store, "SAVE_AFTER", 2)
    engine = open_database(sqlite_url)
    ensure_samples(engine, NOW)
    kb = kb_store.open_knowledge_base(engine, now=NOW)
    row = _stored(engine)
    assert row is not None
    built = row.built_at
    kb = _publish_two_corrections(engine, kb, background=False)
    row = _stored(engine)
    assert row is not None and row.built_at != built and kb.unsaved == 0


def test_the_running_bot_writes_the_checkpoint_in_the_background(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `background`, the catch-up returns without writing; the row is written by a
    thread, and the base it stores is the caught-up one."""
    from tests import waiting

    monkeypatch.setattr(kb_store, "SAVE_AFTER", 2)
    writes: list[int] = []
    real_save = kb_store.save

    def counted(engine: object, kb: KnowledgeBase, *rest: object) -> None:
        writes.append(len(kb))
        real_save(engine, kb, *rest)  # type: ignore[arg-type]

    engine = open_database(sqlite_url)
    ensure_samples(engine, NOW)
    kb = kb_store.open_knowledge_base(engine, now=NOW)
    built = _stored(engine).built_at  # type: ignore[union-attr]
    monkeypatch.setattr(kb_store, "save", counted)
    kb = _publish_two_corrections(engine, kb, background=True)
    assert kb.unsaved == 0
    assert waiting.wait_until(
        lambda: (row := _stored(engine)) is not None and row.built_at != built, waiting.LIMIT
    )
    assert writes == [5]
    reopened = kb_store.restore(_stored(engine).data, engine)  # type: ignore[union-attr]
    assert reopened is not None and reopened.keys == kb.keys


def test_an_unpublished_document_leaves_the_answers(sqlite_url: str) -> None:
    """A document gone from the published set is gone from the answers, and they are those of
    a build of the documents left."""
    engine = open_database(sqlite_url)
    ensure_samples(engine, NOW)
    kb = kb_store.open_knowledge_base(engine, now=NOW)
    questions = _questions()
    gone = sample_documents()[0]
    with Session(engine) as session:
        set_status(session, document_id_for(gone.source), "draft")
        session.commit()
    kb = kb_store.open_knowledge_base(engine, previous=kb, now=NOW)
    assert len(kb) == 4 and gone.source not in kb.by_source
    left = sorted((d for d in sample_documents() if d.source != gone.source),
                  key=lambda d: d.source)
    assert _answers(kb, questions) == _answers(KnowledgeBase.from_documents(left), questions)


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("echo tampered > /dev/null",))


def test_a_tampered_or_foreign_index_is_rebuilt_not_run(sqlite_url: str) -> None:
    """A stored row holding other types than plain data is refused and rebuilt."""
    engine = open_database(sqlite_url)
    ensure_samples(engine, NOW)
    kb_store.open_knowledge_base(engine, now=NOW)
    table = KnowledgeIndexRow.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(update(table).values(data=pickle.dumps({"format": 1, "x": _Boom()})))
    with pytest.raises(pickle.UnpicklingError):
        kb_store.restore(pickle.dumps({"x": _Boom()}), engine)
    kb = kb_store.open_knowledge_base(engine, now=NOW)
    assert len(kb) == 5
    row = _stored(engine)
    assert row is not None and b"system" not in row.data


def test_a_document_deleted_meanwhile_is_a_clear_error(sqlite_url: str) -> None:
    """Reading a document another process deleted says so instead of answering from nothing."""
    engine = open_database(sqlite_url)
    ensure_samples(engine, NOW)
    kb = kb_store.open_knowledge_base(engine, now=NOW)
    assert kb.document(0).source == kb.entries[0].source  # read back from its row
    kb.keys[1] = ("deleted-meanwhile", "")
    with pytest.raises(LookupError, match="no longer stored"):
        kb.document(1)


REAL_DOCS = Path(__file__).parent.parent / "corpus" / "real" / "docs"


def _index_view(kb: KnowledgeBase) -> dict[str, object]:
    """Everything the answering core reads from a base, as plain comparable data."""
    postings = kb.postings
    live = {}
    for word, w in postings.vocab.items():
        lo, hi = postings.offsets[w], postings.offsets[w + 1]
        if hi > lo:
            live[word] = (postings.docs[lo:hi].tolist(), postings.tf[lo:hi].tolist())
    return {
        "entries": kb.entries,
        "by_campaign": kb.by_campaign,
        "by_source": kb.by_source,
        **{name: {k: list(v) for k, v in getattr(kb, name).items()}
           for name in ("place_docs", "place_ident_docs", "number_docs", "type_docs",
                        "year_docs")},
        "deadlines": kb.deadlines,
        "deadline_refs": kb.deadline_refs,
        "reports": kb.reports,
        "report_refs": kb.report_refs,
        "phases": kb.phases,
        "arrays": [getattr(kb, n).tolist() for n in ("phase_starts", "phase_ends",
                                                      "span_starts", "span_ends", "special",
                                                      "anniversary")],
        "known_places": kb.known_places,
        "issuers": list(kb.issuers.items()),
        "postings": live,
        "lengths": postings.lengths.tolist(),
        "norm": postings.norm.tolist(),
    }


def test_random_inserts_replacements_and_removals_equal_a_full_build() -> None:
    """Over real documents, a base updated one document at a time (inserted at any position,
    replaced by another document's content under the same name, removed) holds exactly the
    indexes of a full build of the final set, and the bases it came from are untouched."""
    import random

    from knowledge.extract import extract_document

    pool = [extract_document(p.read_text(encoding="utf-8"), p.name)
            for p in sorted(REAL_DOCS.glob("*.txt"))[:24]]
    rng = random.Random(11)
    current: dict[str, ExtractedDocument] = {}
    kb = KnowledgeBase.from_documents([])
    history: list[tuple[KnowledgeBase, dict[str, object]]] = []
    for step in range(40):
        history.append((kb, _index_view(kb)))
        choice = rng.random()
        if current and choice < 0.3:  # a correction: another text under the same name
            source = rng.choice(sorted(current))
            doc = rng.choice(pool).model_copy(update={"source": source}, deep=True)
            current[source] = doc
            kb = with_document(kb, doc)
        elif current and choice < 0.45:
            source = rng.choice(sorted(current))
            del current[source]
            kb = without_document(kb, source)
        else:
            doc = rng.choice(pool)
            source = f"{rng.randrange(1000):03d}_{step}_{doc.source}"
            doc = doc.model_copy(update={"source": source}, deep=True)
            current[source] = doc
            kb = with_document(kb, doc)
        full = KnowledgeBase.from_documents([current[s] for s in sorted(current)])
        assert _index_view(kb) == _index_view(full), f"step {step}"
    for old, view in history:
        assert _index_view(old) == view  # copy on write: no earlier base changed
    restored = kb_store.restore(kb_store.dump(kb), engine=None)  # type: ignore[arg-type]
    assert restored is not None and _index_view(restored) == _index_view(kb)


def test_passage_words_from_the_index_are_the_passages_words() -> None:
    """The words the index reads per passage (for place phrases) are exactly the passages'
    words, over every real document and sample."""
    from knowledge.extract import extract_document
    from knowledge.text.passages import paragraph_words, passages_of
    from knowledge.text.tokens import fast_fold

    docs = [extract_document(p.read_text(encoding="utf-8"), p.name)
            for p in sorted(REAL_DOCS.glob("*.txt"))] + sample_documents()
    for doc in docs:
        fast = [w for s in doc.sections for w in paragraph_words(s.text, fast_fold(s.text))]
        assert fast == [p.seq for p in passages_of(doc)], doc.source


def test_place_phrases_found_without_parsing_equal_the_passage_check() -> None:
    """For every place name, the documents recorded as writing it are exactly those
    whose passages hold it as a phrase (what resolve checked by parsing before)."""
    from knowledge.extract import extract_document
    from knowledge.places.lookup import place_phrases
    from knowledge.text.passages import passages_of

    docs = [extract_document(p.read_text(encoding="utf-8"), p.name)
            for p in sorted(REAL_DOCS.glob("*.txt"))] + sample_documents()
    kb = KnowledgeBase.from_documents(docs)
    joined = [[f" {' '.join(p.seq)} " for p in passages_of(d)] for d in docs]
    found = 0
    for phrase in place_phrases():
        padded = f" {phrase} "
        slow = [i for i, texts in enumerate(joined) if any(padded in t for t in texts)]
        assert list(kb.text_place_docs.get(phrase, ())) == slow, phrase
        found += bool(slow)
    assert found > 20  # the corpus names many places
