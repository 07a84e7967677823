"""Extraction accuracy on the real development corpus (tests/corpus/real/, hand-made gold).

    PYTHONPATH=. python benchmarks/extraction_accuracy.py [--summary] [--file SUBSTRING]

Reads every document of the corpus with the real loader and extractor, scores the result
against gold.yaml (knowledge/extract/scoring.py: recall and precision per kind of fact), prints
the summary table, then every miss and every spurious item. These 46 files are the set the
extractor was developed against: figures on it are not a held-out measure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from knowledge.documents.loader import load_path
from knowledge.extract import extract_document
from knowledge.extract.scoring import format_report, score_document, total

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "real"


def score_corpus(corpus: Path = CORPUS, only: str | None = None) -> dict:
    """Per-category tallies over the whole corpus (or the files whose name contains `only`)."""
    gold = yaml.safe_load((corpus / "gold.yaml").read_text(encoding="utf-8"))
    per_doc = []
    for entry in gold:
        if only and only not in entry["file"]:
            continue
        path = corpus / "docs" / entry["file"]
        doc = extract_document(load_path(path), path.name)
        per_doc.append(score_document(entry, doc))
    return total(per_doc)


def main(argv: list[str]) -> int:
    """Print the table (and the details unless --summary)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="the table only")
    parser.add_argument("--file", help="only files whose name contains this")
    args = parser.parse_args(argv)
    sums = score_corpus(only=args.file)
    print(format_report(sums, details=not args.summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
