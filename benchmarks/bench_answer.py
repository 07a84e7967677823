"""Answer latency (p50/p99) and peak memory at 5 and at 10,000 documents, beside a naive
baseline (rapidfuzz over every section's text) measured in the same run.

    PYTHONPATH=. python benchmarks/bench_answer.py [--docs 10000] [--baseline-questions 30]

Each configuration runs in its own child process pinned to one core, so its peak RSS
(ru_maxrss) is its own. The 10,000 documents are synthetic, generated in memory from the five
extracted samples: other provinces and issuers, years shifted, other numbers and dates.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "answering" / "questions.yaml"

PROVINCES = [
    "Cà Mau", "Cần Thơ", "Đồng Tháp", "Vĩnh Long", "Tây Ninh", "Đồng Nai", "Lâm Đồng",
    "Khánh Hòa", "Gia Lai", "Đắk Lắk", "Quảng Ngãi", "Quảng Trị", "Hà Tĩnh", "Nghệ An",
    "Thanh Hóa", "Ninh Bình", "Hưng Yên", "Bắc Ninh", "Phú Thọ", "Thái Nguyên", "Lạng Sơn",
    "Quảng Ninh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Lai Châu", "Sơn La", "Điện Biên",
    "An Giang", "Trà Vinh", "Bạc Liêu", "Bến Tre", "Long An", "Hậu Giang", "Sóc Trăng",
]  # fmt: skip
SAMPLE_PLACES = ["An Giang", "Trà Vinh", "Bạc Liêu", "Điện Biên", "Duyên Hải"]
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")


def _one_core() -> None:
    """Pin this process to one core (the target is stated for one core)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def synthetic_json(n: int, seed: int = 7) -> Iterator[str]:
    """`n` document JSON texts varied from the five samples (provinces, years, numbers)."""
    from knowledge.samples import sample_documents

    bases = [d.model_dump_json() for d in sample_documents()]
    rng = random.Random(seed)
    for i in range(n):
        text = bases[i % len(bases)]
        province = rng.choice(PROVINCES)
        shift = rng.randint(-3, 4)
        for place in SAMPLE_PLACES:
            text = text.replace(place, province)
        text = _YEAR.sub(lambda m, shift=shift: str(int(m.group(1)) + shift), text)
        text = re.sub(r'"number":"\d+', f'"number":"{rng.randint(1, 999)}', text)
        text = re.sub(r'"source":"[^"]+"', f'"source":"syn_{i:05d}.txt"', text)
        text = re.sub(r'"id":"([^"]*)"', lambda m, i=i: f'"id":"{m.group(1)}s{i}"', text)
        yield text


def synthetic_documents(n: int) -> Iterator[object]:
    """The synthetic documents as ExtractedDocument objects, one at a time."""
    from knowledge.schema import ExtractedDocument

    for text in synthetic_json(n):
        yield ExtractedDocument.model_validate_json(text)


def _questions() -> list[tuple[str, str | None]]:
    import yaml

    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    return [(str(q["q"]), q.get("now")) for q in data if not q.get("before")]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return {"p50": statistics.median(samples), "p99": p99, "n": len(samples)}


def run_core(n_docs: int, rounds: int) -> dict[str, float]:
    """Child: build the knowledge base, then time every question `rounds` times."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from knowledge.answering import answer
    from knowledge.kb import KnowledgeBase
    from knowledge.samples import sample_documents

    _one_core()
    t0 = time.perf_counter()
    docs = sample_documents() if n_docs <= 5 else synthetic_documents(n_docs)
    kb = KnowledgeBase.from_documents(docs)  # type: ignore[arg-type]
    del docs
    build = time.perf_counter() - t0
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    questions = _questions()
    times: list[float] = []
    for r in range(rounds + 1):
        for q, now in questions:
            moment = dt.datetime.fromisoformat(str(now or "2025-02-20")).replace(tzinfo=tz)
            t = time.perf_counter()
            answer(kb, q, moment)
            if r > 0:  # the first round warms caches and lazy imports
                times.append((time.perf_counter() - t) * 1000)
    return {"docs": len(kb), "build_s": build, "peak_mb": _peak_mb(), **_percentiles(times)}


def run_baseline(n_docs: int, n_questions: int) -> dict[str, float]:
    """Child: the naive way: rapidfuzz of the question against every section's text."""
    from rapidfuzz import fuzz, process

    from knowledge.samples import sample_documents
    from knowledge.textnorm import fold

    _one_core()
    t0 = time.perf_counter()
    docs = sample_documents() if n_docs <= 5 else synthetic_documents(n_docs)
    sections: list[str] = []
    for d in docs:
        sections.extend(fold(s.text) for s in d.sections)  # type: ignore[attr-defined]
    build = time.perf_counter() - t0
    questions = _questions()[:n_questions]
    times: list[float] = []
    for q, _ in questions:
        t = time.perf_counter()
        process.extractOne(fold(q), sections, scorer=fuzz.token_set_ratio)
        times.append((time.perf_counter() - t) * 1000)
    return {"docs": n_docs, "build_s": build, "peak_mb": _peak_mb(), **_percentiles(times)}


def _child(kind: str, n_docs: int, extra: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # fmt: skip
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--docs", str(n_docs), "--extra", str(extra)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    """Run every configuration and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over the questions")
    parser.add_argument("--baseline-questions", type=int, default=30)
    parser.add_argument("--child")
    parser.add_argument("--extra", type=int, default=0)
    args = parser.parse_args()
    if args.child == "core":
        print(json.dumps(run_core(args.docs, args.extra)))
        return 0
    if args.child == "baseline":
        print(json.dumps(run_baseline(args.docs, args.extra)))
        return 0

    rows = []
    for n in (5, args.docs):
        core = _child("core", n, args.rounds)
        base = _child("baseline", n, args.baseline_questions)
        rows.append((n, core, base))
    print(f"{'docs':>6} | {'method':<22} | {'p50 ms':>8} | {'p99 ms':>8} | {'peak MB':>8} | "
          f"{'build s':>7} | {'n':>5}")  # fmt: skip
    print("-" * 82)
    for n, core, base in rows:
        for name, r in (("answering core", core), ("baseline (rapidfuzz)", base)):
            print(f"{n:>6} | {name:<22} | {r['p50']:>8.2f} | {r['p99']:>8.2f} | "
                  f"{r['peak_mb']:>8.0f} | {r['build_s']:>7.1f} | {int(r['n']):>5}")  # fmt: skip
        print(f"{'':>6} | {'speed-up (p50 / p99)':<22} | {base['p50'] / core['p50']:>7.0f}x | "
              f"{base['p99'] / core['p99']:>7.0f}x |")  # fmt: skip
    n, core, base = rows[-1]
    ok = core["p99"] <= 10 and base["p99"] / core["p99"] >= 10 and core["peak_mb"] <= 300
    print(f"\ntargets at {n} documents (p99 <= 10 ms, >= 10x baseline, <= 300 MB): "
          f"{'met' if ok else 'NOT met'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
