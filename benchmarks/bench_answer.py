"""Answer latency (p50/p99, cold and warm) and peak memory at 5 and at 10,000 real-shaped
documents, beside a plain inverted index doing the same retrieval, measured in the same run.

    PYTHONPATH=. python benchmarks/bench_answer.py [--docs 10000] [--rounds 3]

The documents are those of benchmarks/kb_corpus.py (the 46 real documents and the five samples,
varied: 51 shapes), stored in a SQLite file; 5 documents are the samples. Each configuration
runs in its own child process pinned to one core, so its peak RSS (VmHWM) is its own.

- answering core: opens the persisted index (`knowledge/store/saved_index.py`, written once by the
  parent, as after ingestion), then asks every single-turn question of the own and the real
  sets. Cold: every question once with every cache emptied before it (parsed documents,
  passages, sentences, typo corrections, derived arrays). Warm: one untimed round to fill the
  caches, then `--rounds` timed rounds.
- baseline: SQLite FTS5 over the same documents' folded sections, `bm25()` ranking, the
  question's folded words OR-ed, best section returned: retrieval only, no answer composed.
  Cold is the first round on a fresh connection, warm the rounds after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "answering" / "questions.yaml"
REAL_QUESTIONS = ROOT / "tests" / "answering" / "questions_real.yaml"

def _one_core() -> None:
    """Pin this process to one core (the target is stated for one core)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _questions() -> list[tuple[str, str | None]]:
    """Single-turn questions of the own set (samples) and of the real set (real documents)."""
    import yaml

    out = []
    for path in (QUESTIONS, REAL_QUESTIONS):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
        out += [(str(q["q"]), q.get("now")) for q in data if not q.get("before")]
    return out


def _peak_mb() -> float:
    """This process's peak RSS (VmHWM: of its own image; ru_maxrss would also count the
    parent's size when it forked us)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return {"p50": statistics.median(samples), "p99": p99, "n": len(samples)}


def _clear_caches(kb: object) -> None:
    """Forget everything a question warmed: the next question is answered cold."""
    kb.caches.clear()  # type: ignore[attr-defined]
    kb.memo.clear()  # type: ignore[attr-defined]
    kb.postings._fixes.clear()  # type: ignore[attr-defined]


def run_core(url: str, rounds: int) -> dict[str, float]:
    """Child: open the stored knowledge base, then time every question cold, then warm."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from sqlalchemy import create_engine

    from knowledge.answer.core import answer
    from knowledge.store.saved_index import open_knowledge_base

    _one_core()
    t0 = time.perf_counter()
    kb = open_knowledge_base(create_engine(url))
    opened = time.perf_counter() - t0
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    questions = _questions()
    cold: list[float] = []
    warm: list[float] = []
    # Round 0 cold; round 1 untimed, to fill the caches (round 0 left only its last question's
    # documents in them); the rounds after it warm.
    for r in range(rounds + 2):
        for q, now in questions:
            moment = dt.datetime.fromisoformat(str(now or "2025-02-20")).replace(tzinfo=tz)
            if r == 0:
                _clear_caches(kb)
            t = time.perf_counter()
            answer(kb, q, moment)
            if r != 1:
                (cold if r == 0 else warm).append((time.perf_counter() - t) * 1000)
    c, w = _percentiles(cold), _percentiles(warm)
    return {"docs": len(kb), "open_s": opened, "peak_mb": _peak_mb(), "cold_p50": c["p50"],
            "cold_p99": c["p99"], "p50": w["p50"], "p99": w["p99"], "n": len(questions)}


def run_baseline(url: str, rounds: int) -> dict[str, float]:
    """Child: SQLite FTS5 bm25 over the same folded sections, the best section per question."""
    import sqlite3

    from sqlalchemy import create_engine, text

    from knowledge.schema import ExtractedDocument
    from knowledge.text.normalise import fold
    from knowledge.text.tokens import words_of_folded

    _one_core()
    t0 = time.perf_counter()
    path = url.removeprefix("sqlite:///") + ".fts"
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE s USING fts5(doc UNINDEXED, body)")
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT data FROM document WHERE status = 'published'"))
        for i, (data,) in enumerate(rows):
            doc = ExtractedDocument.model_validate_json(data)
            db.executemany("INSERT INTO s VALUES (?, ?)",
                           [(i, fold(" ".join(x.path) + " " + x.text)) for x in doc.sections])
    db.commit()
    db.close()
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    db = sqlite3.connect(path)
    opened = time.perf_counter() - t0
    questions = _questions()
    cold: list[float] = []
    warm: list[float] = []
    for r in range(rounds + 1):
        for q, _ in questions:
            t = time.perf_counter()
            words = sorted(set(words_of_folded(fold(q))))
            if words:
                match = " OR ".join(f'"{w}"' for w in words)
                db.execute("SELECT doc, body FROM s WHERE s MATCH ? ORDER BY bm25(s) LIMIT 1",
                           (match,)).fetchall()
            (cold if r == 0 else warm).append((time.perf_counter() - t) * 1000)
    c, w = _percentiles(cold), _percentiles(warm)
    return {"docs": -1, "open_s": opened, "build_s": build, "peak_mb": _peak_mb(),
            "cold_p50": c["p50"], "cold_p99": c["p99"], "p50": w["p50"], "p99": w["p99"],
            "n": len(questions)}


def _child(kind: str, url: str, rounds: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # fmt: skip
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--db", url, "--rounds", str(rounds)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _prepare(url: str, n: int) -> None:
    """Store the corpus and write the persisted index once, as ingestion leaves them."""
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    from sqlalchemy import create_engine

    from benchmarks.kb_corpus import make_database
    from bot.db import open_database
    from knowledge.store.saved_index import open_knowledge_base

    if n <= 5:
        from knowledge.documents.ingest import ensure_samples

        ensure_samples(open_database(url), dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    else:
        make_database(url, n)
    open_knowledge_base(create_engine(url))


def main() -> int:
    """Run every configuration and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="warm rounds over the questions")
    parser.add_argument("--child")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child:
        run = run_core if args.child == "core" else run_baseline
        print(json.dumps(run(args.db, args.rounds)))
        return 0
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (5, args.docs):
            url = f"sqlite:///{Path(tmp) / f'kb{n}.db'}"
            _prepare(url, n)
            core = _child("core", url, args.rounds)
            rows.append((n, core, _child("baseline", url, args.rounds)))
    print(f"{'docs':>6} | {'method':<24} | {'open s':>6} | {'cold p50':>8} | {'cold p99':>8} | "
          f"{'warm p50':>8} | {'warm p99':>8} | {'peak MB':>7} | {'n':>4}")  # fmt: skip
    print("-" * 104)
    for n, core, base in rows:
        for name, r in (("answering core", core), ("baseline (FTS5 bm25)", base)):
            print(f"{n:>6} | {name:<24} | {r['open_s']:>6.3f} | {r['cold_p50']:>8.2f} | "
                  f"{r['cold_p99']:>8.2f} | {r['p50']:>8.2f} | {r['p99']:>8.2f} | "
                  f"{r['peak_mb']:>7.0f} | {int(r['n']):>4}")  # fmt: skip
        print(f"{'':>6} | {'baseline / core, warm p50':<24} | {base['p50'] / core['p50']:>6.1f}x")
    n, core, _ = rows[-1]
    ok = core["p99"] <= 10 and core["cold_p99"] <= 10 and core["peak_mb"] <= 300
    print(f"\ntargets at {n} documents (p99 <= 10 ms cold and warm, <= 300 MB): "
          f"{'met' if ok else 'NOT met'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
