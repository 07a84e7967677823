"""Accuracy of the answering core on a question set over the bundled samples.

    PYTHONPATH=. python benchmarks/answer_accuracy.py [QUESTIONS.yaml ...]

Default: tests/answering/questions.yaml and ../shared/eval/questions-dev.yaml when present.
"""

from __future__ import annotations

import sys
from pathlib import Path

from knowledge.evaluation import load_questions, report, run
from knowledge.kb import KnowledgeBase
from knowledge.samples import sample_documents

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [
    ROOT / "tests" / "answering" / "questions.yaml",
    ROOT.parent / "shared" / "eval" / "questions-dev.yaml",
    Path("/work/shared/eval/questions-dev.yaml"),
]


def main(argv: list[str]) -> int:
    """Print accuracy per set and category; exit 1 when anything fails."""
    paths = [Path(a) for a in argv] or [p for p in DEFAULT_SETS if p.exists()]
    seen: set[Path] = set()
    kb = KnowledgeBase.from_documents(sample_documents())
    failed = 0
    for path in paths:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        outcomes = run(kb, load_questions(path))
        print(f"== {path}")
        print(report(outcomes))
        failed += sum(1 for o in outcomes if not o.ok)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
