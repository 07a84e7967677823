"""Ingestion benchmark: a synthetic corpus into a fresh SQLite database on one core.

Three stages, each in its own fresh process pinned to one CPU (so peak RSS is per stage):

- baseline: read each file as UTF-8 and insert its raw text, one transaction per document,
  into a fresh SQLite with the same engine settings (bot.db.make_engine);
- extract: load (knowledge.documents.loader) + extract (knowledge.extract), nothing stored;
- ingest: the real pipeline, `knowledge.documents.ingest.ingest_paths` into a fresh database
  (migrated by Alembic first, outside the timing), one transaction per document.

The ratio column compares each stage's time with the baseline measured in the same run. With
the corpus manifest (benchmarks/gen_corpus.py) the ingest stage also reports how many of the
stated numbers, issue dates and deadlines the extractor found.

    python benchmarks/gen_corpus.py --n 10000
    python benchmarks/bench_ingest.py --corpus benchmarks/out/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
NOW = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
STAGES = ("baseline", "extract", "ingest")
TARGET_SECONDS_PER_10K = 60.0


def _corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.txt"))


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fresh_db(name: str) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{OUT / name}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{OUT / name}"


def stage_baseline(corpus: Path) -> dict[str, Any]:
    """Plain read + insert of the raw text, one transaction per document."""
    from sqlalchemy import Column, MetaData, String, Table, Text

    from bot.db import make_engine

    engine = make_engine(_fresh_db("bench-baseline.db"))
    table = Table(
        "raw_document",
        MetaData(),
        Column("source", String(255), primary_key=True),
        Column("text", Text, nullable=False),
    )
    table.metadata.create_all(engine)
    files = _corpus_files(corpus)
    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        text = path.read_text(encoding="utf-8")
        with engine.begin() as conn:
            conn.execute(table.insert().values(source=path.name, text=text))
    seconds = time.perf_counter() - started
    return {"docs": len(files), "seconds": seconds, "cpu": time.process_time() - cpu, "failed": 0}


def stage_extract(corpus: Path) -> dict[str, Any]:
    """Load and extract every file, storing nothing."""
    from knowledge.documents.loader import DEFAULT_MAX_BYTES, load_path
    from knowledge.extract import extract_document

    files = _corpus_files(corpus)
    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        extract_document(load_path(path, max_bytes=DEFAULT_MAX_BYTES), path.name)
    seconds = time.perf_counter() - started
    return {"docs": len(files), "seconds": seconds, "cpu": time.process_time() - cpu, "failed": 0}


def _recall(results: list[Any], manifest: Path) -> dict[str, str]:
    """How many stated facts the extractor found (number, date, deadlines, year-typo warnings)."""
    if not manifest.exists():
        return {}
    facts = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        facts[item["file"]] = item
    counts = {"number": [0, 0], "issue_date": [0, 0], "deadline": [0, 0], "year typo": [0, 0]}
    for result in results:
        stated = facts.get(result.source)
        if stated is None:
            continue
        for key, found in (("number", result.number), ("issue_date", result.issue_date)):
            if stated[key] is not None:
                counts[key][1] += 1
                wanted = stated[key]
                got = found.isoformat() if isinstance(found, dt.date) else found
                counts[key][0] += int(got is not None and got.replace(" ", "") == wanted)
        extracted = result.deadlines
        if stated.get("year_typo") and stated["issue_date"]:
            counts["year typo"][1] += 1
            counts["year typo"][0] += int("deadline_before_issue" in result.warning_codes)
        for deadline in stated["deadlines"]:
            counts["deadline"][1] += 1
            counts["deadline"][0] += int((deadline["kind"], deadline["due"]) in extracted)
    return {
        key: f"{hit}/{total} ({100 * hit / total:.1f}%)" if total else "-"
        for key, (hit, total) in counts.items()
    }


class _Found(NamedTuple):
    """What recall needs of one ingested document (the documents themselves are not kept)."""

    source: str
    number: str | None
    issue_date: dt.date | None
    deadlines: set[tuple[str, str | None]]
    warning_codes: set[str]


def stage_ingest(corpus: Path) -> dict[str, Any]:
    """The real pipeline into a fresh, migrated SQLite database, streamed like the CLI."""
    from bot.db import open_database
    from knowledge.documents.ingest import iter_ingest_paths
    from knowledge.documents.loader import DEFAULT_MAX_BYTES

    engine = open_database(_fresh_db("bench-ingest.db"))
    started, cpu = time.perf_counter(), time.process_time()
    found: list[_Found] = []
    docs = warnings = 0
    failed: list[str] = []
    for r in iter_ingest_paths(engine, [corpus], now=NOW, max_bytes=DEFAULT_MAX_BYTES):
        docs += 1
        warnings += len(r.warnings)
        if not r.ok or r.document is None:
            failed.append(f"{r.source}: {r.reason}")
            continue
        info = r.document.document
        found.append(
            _Found(
                r.source,
                info.number,
                info.issue_date,
                {
                    (d.kind.value, d.due.isoformat() if d.due else None)
                    for d in r.document.campaign.deadlines
                },
                {w.code for w in r.warnings},
            )
        )
    seconds = time.perf_counter() - started
    return {
        "docs": docs,
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "failed": len(failed),
        "first_failure": failed[0] if failed else None,
        "warnings": warnings,
        "recall": _recall(found, corpus / "manifest.jsonl"),
    }


def run_stage(name: str, corpus: Path) -> dict[str, Any]:
    """Run one stage in this process and add its peak RSS."""
    result = {"baseline": stage_baseline, "extract": stage_extract, "ingest": stage_ingest}[name](
        corpus
    )
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def _child(name: str, corpus: Path, cpu: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, __file__, "--stage", name, "--corpus", str(corpus)]
    command += ["--cpu", str(cpu)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    """Run the stages in fresh processes and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=OUT / "corpus")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated stages")
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: first)")
    args = parser.parse_args()
    cpu = args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))
    if args.stage:
        os.sched_setaffinity(0, {cpu})
        print(json.dumps(run_stage(args.stage, args.corpus)))
        return
    if not _corpus_files(args.corpus):
        raise SystemExit(f"no .txt files in {args.corpus}: run benchmarks/gen_corpus.py first")
    results = {name: _child(name, args.corpus, cpu) for name in args.stages.split(",")}
    size_mb = sum(p.stat().st_size for p in _corpus_files(args.corpus)) / 1e6
    base = results.get("baseline", {}).get("seconds")
    print(f"corpus: {args.corpus} ({size_mb:.1f} MB), one core (CPU {cpu}), SQLite")
    print(
        f"{'stage':<10} {'docs':>7} {'failed':>6} {'wall s':>8} {'CPU s':>8} {'docs/s':>8} "
        f"{'× baseline':>10} {'peak RSS MB':>11}"
    )
    for name, r in results.items():
        ratio = f"{r['seconds'] / base:.1f}" if base else "-"
        print(
            f"{name:<10} {r['docs']:>7} {r['failed']:>6} {r['seconds']:>8.2f} {r['cpu']:>8.2f} "
            f"{r['docs'] / r['seconds']:>8.0f} {ratio:>10} {r['peak_rss_mb']:>11.0f}"
        )
    ingest = results.get("ingest")
    if ingest:
        per_10k = ingest["seconds"] * 10_000 / max(ingest["docs"], 1)
        verdict = "met" if per_10k <= TARGET_SECONDS_PER_10K else "MISSED"
        print(
            f"ingest: {per_10k:.1f} s per 10,000 documents (target ≤ 60 s: {verdict}); "
            f"{ingest['warnings']} warnings"
        )
        if ingest.get("first_failure"):
            print(f"first failure: {ingest['first_failure']}")
        for key, value in ingest.get("recall", {}).items():
            print(f"found {key}: {value}")


if __name__ == "__main__":
    main()
