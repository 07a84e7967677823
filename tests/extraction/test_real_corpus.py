"""Floors on extraction accuracy over the real development corpus (tests/corpus/real/).

The figures are those of benchmarks/extraction_accuracy.py; a change that loses ground fails
here and the benchmark lists what was lost. The corpus is the development set (the extractor
was built against it), so these floors guard against regressions, not a held-out measure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction_accuracy import score_corpus  # noqa: E402

# (category, recall floor, precision floor): a little below the figures measured when set.
FLOORS = [
    ("dated", 0.92, 0.93),
    ("period", 0.95, 0.90),
    ("phase", 0.95, 0.95),
    ("deadline", 0.85, 0.95),
    ("event", 0.80, 0.90),
    ("recurring", 0.95, 0.95),
    ("number", 0.90, 0.95),
    ("issue_date", 0.95, 0.95),
    ("issuer", 0.70, 0.90),
]


@pytest.fixture(scope="module")
def sums() -> dict:
    return score_corpus()


@pytest.mark.parametrize(("category", "recall", "precision"), FLOORS)
def test_accuracy_floor(sums: dict, category: str, recall: float, precision: float) -> None:
    tally = sums[category]
    assert tally.gold > 0
    assert tally.recall >= recall, [str(m) for m in tally.misses]
    assert tally.precision >= precision, [str(s) for s in tally.spurious]


def test_every_gold_quote_is_in_its_file() -> None:
    import yaml

    corpus = ROOT / "tests" / "corpus" / "real"
    gold = yaml.safe_load((corpus / "gold.yaml").read_text(encoding="utf-8"))
    for entry in gold:
        text = (corpus / "docs" / entry["file"]).read_text(encoding="utf-8")
        quotes = [(entry.get("period") or {}).get("quote")]
        for key in ("phases", "deadlines", "recurring"):
            quotes += [item.get("quote") for item in entry.get(key) or []]
        for quote in filter(None, quotes):
            assert quote in text, (entry["file"], quote)
