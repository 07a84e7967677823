"""Fixtures: the knowledge base of the five bundled samples, extracted by the real extractor."""

from __future__ import annotations

import pytest

from knowledge.kb import KnowledgeBase
from knowledge.samples import sample_documents


@pytest.fixture(scope="session")
def sample_kb() -> KnowledgeBase:
    """The five samples, extracted in memory and indexed once per test session."""
    return KnowledgeBase.from_documents(sample_documents())
