"""Accuracy of the answering core on a question set over the bundled samples.

    PYTHONPATH=. python benchmarks/answer_accuracy.py [QUESTIONS.yaml ...]

Default: tests/answering/questions.yaml, ../shared/eval/questions-dev.yaml when present, and
tests/answering/questions_real.yaml (over the real corpus tests/corpus/real/docs). A set with a
`corpus:` key is run against a knowledge base built from that folder, else from the samples.
"""

from __future__ import annotations

import sys
from pathlib import Path

from knowledge.answer.evaluation import corpus_of, load_questions, report, run
from knowledge.documents.ingest import extract_document
from knowledge.documents.samples import sample_documents
from knowledge.index.base import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [
    ROOT / "tests" / "answering" / "questions.yaml",
    ROOT.parent / "shared" / "eval" / "questions-dev.yaml",
    Path("/work/shared/eval/questions-dev.yaml"),
    ROOT / "tests" / "answering" / "questions_real.yaml",
    ROOT / "tests" / "answering" / "questions_fresh.yaml",
]


def corpus_kb(folder: Path) -> KnowledgeBase:
    """A knowledge base of every .txt document of a folder, through the real extractor."""
    paths = sorted(folder.glob("*.txt"))
    return KnowledgeBase.from_documents(
        extract_document(p.read_text(encoding="utf-8"), p.name) for p in paths
    )


def main(argv: list[str]) -> int:
    """Print accuracy per set and category; exit 1 when anything fails."""
    paths = [Path(a) for a in argv] or [p for p in DEFAULT_SETS if p.exists()]
    seen: set[Path] = set()
    samples = KnowledgeBase.from_documents(sample_documents())
    failed = 0
    for path in paths:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        folder = corpus_of(path)
        kb = corpus_kb(folder) if folder else samples
        outcomes = run(kb, load_questions(path))
        print(f"== {path}")
        print(report(outcomes))
        failed += sum(1 for o in outcomes if not o.ok)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
