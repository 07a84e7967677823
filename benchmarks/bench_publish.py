"""Publishing one document into a large knowledge base: what the running bot pays per publish.

A database of `--docs` real-shaped documents (benchmarks/kb_corpus.py) is opened once, as the
running bot holds it; then `--publishes` documents are stored one at a time, half new (at
random positions in file-name order) and half corrections of stored ones, and after each the
base is brought up to date the way the bot does after a publish
(`open_knowledge_base(engine, previous=kb, background=True)`: the changed revisions, indexed
onto a copy; every SAVE_AFTER-th publish also starts the stored index's rewrite in a
background thread). The figures are the CPU time of the publishing thread (`thread_time`:
what the publisher waits for); the background rewrites are timed on their own. Baseline,
same run: the full rebuild from the documents table that every publish used to cost.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_publish.py [--docs 10000] [--publishes 32]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--publishes", type=int, default=32)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from sqlmodel import Session

    from benchmarks.kb_corpus import base_json, documents, make_database
    from bot.db import open_database
    from knowledge.store.repository import save_document
    from knowledge.store.saved_index import (
        SAVE_AFTER,
        open_knowledge_base,
        rebuild,
        save,
        wait_for_writes,
    )

    bases = base_json()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'publish.db'}"
        make_database(url, args.docs, bases)
        engine = open_database(url)
        now = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
        kb = open_knowledge_base(engine, now=now)  # the bot's base; writes the stored index
        began = time.process_time()
        rebuild(engine, ("published",))
        full = time.process_time() - began
        # New documents get names that sort anywhere among the stored ones (kb_04711b.txt),
        # as real file names do: an insertion shifts the documents after it.
        rng = random.Random(5)
        extra = [
            doc.model_copy(update={"source": f"kb_{rng.randrange(args.docs):05d}b{k}.txt"})
            for k, doc in enumerate(list(documents(args.docs + args.publishes, bases))[args.docs:])
        ]
        stored = list(documents(args.publishes, bases))
        store_s: list[float] = []
        refresh_s: list[float] = []
        for k in range(args.publishes):
            # Even publishes are new documents, odd ones corrections of a stored document
            # (same source, new revision), as an editor fixing a deadline would make.
            correction = k % 2 == 1
            doc = stored[k] if correction else extra[k]
            t0 = time.thread_time()
            with Session(engine) as session:
                save_document(session, doc, path="", fingerprint=f"p{k:063d}",  # type: ignore[arg-type]
                              status="published", now=now, exists=correction)
                session.commit()
            t1 = time.thread_time()
            fresh = open_knowledge_base(engine, previous=kb, now=now, background=True)
            t2 = time.thread_time()
            assert len(fresh.entries) == len(kb.entries) + (0 if correction else 1)
            kb = fresh
            store_s.append(t1 - t0)
            refresh_s.append(t2 - t1)
        assert wait_for_writes(300.0)
        began = time.process_time()
        save(engine, kb, ("published",), now)
        checkpoint = time.process_time() - began
        engine.dispose()
    kinds = ["new" if k % 2 == 0 else "correction" for k in range(args.publishes)]
    print(f"{args.docs:,} documents, {args.publishes} publishes (CPU ms; every {SAVE_AFTER}th "
          "also rewrites the stored index)")
    print(f"{'index update after a publish':40} {'p50':>8} {'p95':>8} {'max':>8} {'mean':>8}")
    for name in ("new", "correction", "all"):
        ms = [1000 * r for r, kind in zip(refresh_s, kinds, strict=True)
              if name in ("all", kind)]
        print(f"{'  ' + name:40} {_p(ms, .5):8.1f} {_p(ms, .95):8.1f} {max(ms):8.1f} "
              f"{statistics.mean(ms):8.1f}")
    whole = [1000 * (a + b) for a, b in zip(store_s, refresh_s, strict=True)]
    print(f"{'store the document + index update, all':40} {_p(whole, .5):8.1f} "
          f"{_p(whole, .95):8.1f} {max(whole):8.1f} {statistics.mean(whole):8.1f}")
    print(f"{'background checkpoint (every ' + str(SAVE_AFTER) + 'th), CPU':40} "
          f"{1000 * checkpoint:8.1f}")
    print(f"{'baseline: full rebuild from the database':40} {1000 * full:8.0f}")
    median = statistics.median(refresh_s)
    print(f"ratio rebuild / index update (p50): {full / median:.0f}×")

if __name__ == "__main__":
    main()
