"""The answering core over the real development corpus (tests/corpus/real/docs, 46 documents).

The set (questions_real.yaml) was written from the saved texts before the core was changed for
them. Per-question results are printed; the thresholds below are the figures to keep.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answer.evaluation import categories, load_questions, other_sources, report, run
from knowledge.index.base import KnowledgeBase

HERE = Path(__file__).resolve().parent
REAL = HERE / "questions_real.yaml"
ITEMS = load_questions(REAL)
MIN_ACCURACY = 0.89  # first score 48.8 %, now 90.4 % (tuned against); raise it as it improves
MAX_CROSSED = 0  # answers citing another document than the one asked about


def test_real_set_mix() -> None:
    """At least 80 questions; a quarter without diacritics or with typos; a tenth out of
    scope; a tenth about facts the text does not state."""
    n = len(ITEMS)
    count: dict[str, int] = {}
    for item in ITEMS:
        for cat in categories(item):
            count[cat] = count.get(cat, 0) + 1
    assert n >= 80
    sloppy = sum(1 for i in ITEMS if {"nodiac", "typo"} & set(categories(i)))
    assert sloppy >= 0.25 * n
    assert count.get("oos", 0) >= 0.10 * n
    assert count.get("not_stated", 0) >= 0.10 * n


def test_real_accuracy(real_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    """Accuracy on the real corpus stays at or above its recorded figure."""
    outcomes = run(real_kb, ITEMS)
    with capsys.disabled():
        print("\n" + report(outcomes))
    ok = sum(1 for o in outcomes if o.ok)
    assert ok / len(outcomes) >= MIN_ACCURACY
    crossed = [o.item["q"] for o in outcomes if other_sources(o.item, o.answer)]
    assert len(crossed) <= MAX_CROSSED, crossed
