"""Fixtures: the knowledge base of the five bundled samples, extracted by the real extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.documents.ingest import extract_document
from knowledge.documents.samples import sample_documents
from knowledge.index.base import KnowledgeBase


@pytest.fixture(scope="session")
def sample_kb() -> KnowledgeBase:
    """The five samples, extracted in memory and indexed once per test session."""
    return KnowledgeBase.from_documents(sample_documents())


REAL_DOCS = Path(__file__).resolve().parent.parent / "corpus" / "real" / "docs"


@pytest.fixture(scope="session")
def real_kb() -> KnowledgeBase:
    """The 46 real development documents (tests/corpus/real/docs), extracted and indexed."""
    paths = sorted(REAL_DOCS.glob("*.txt"))
    return KnowledgeBase.from_documents(
        extract_document(p.read_text(encoding="utf-8"), p.name) for p in paths
    )
