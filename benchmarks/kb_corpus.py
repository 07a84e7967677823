"""A corpus shaped like real documents for the knowledge-base benchmarks, and a database of it.

The 46 real documents of tests/corpus/real/docs (news items, notices, plans, regulations) and the
five samples, read by the real extractor, are the bases; document `i` is base `i % 51` with
another province, years shifted by -3..+4, another number, source and ids. So 10,000 documents
have 51 distinct shapes (lengths, sections, deadline counts) instead of five.

    PYTHONPATH=. python benchmarks/kb_corpus.py --docs 10000 --db sqlite:////tmp/kb10k.db
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "corpus" / "real" / "docs"
PROVINCES = [
    "Cà Mau", "Cần Thơ", "Đồng Tháp", "Vĩnh Long", "Tây Ninh", "Đồng Nai", "Lâm Đồng",
    "Khánh Hòa", "Gia Lai", "Đắk Lắk", "Quảng Ngãi", "Quảng Trị", "Hà Tĩnh", "Nghệ An",
    "Thanh Hóa", "Ninh Bình", "Hưng Yên", "Bắc Ninh", "Phú Thọ", "Thái Nguyên", "Lạng Sơn",
    "Quảng Ninh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Lai Châu", "Sơn La", "Điện Biên",
    "An Giang", "Trà Vinh", "Bạc Liêu", "Bến Tre", "Long An", "Hậu Giang", "Sóc Trăng",
]  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")


def base_json() -> list[str]:
    """The 51 bases as ExtractedDocument JSON: the real corpus, then the samples."""
    from knowledge.documents.samples import sample_documents
    from knowledge.extract import extract_document

    real = [
        extract_document(p.read_text(encoding="utf-8"), p.name).model_dump_json()
        for p in sorted(REAL.glob("*.txt"))
    ]
    return real + [d.model_dump_json() for d in sample_documents()]


def varied_json(n: int, bases: list[str], seed: int = 7) -> Iterator[str]:
    """`n` document JSON texts varied from the bases (province, years, number, ids)."""
    rng = random.Random(seed)
    for i in range(n):
        text = bases[i % len(bases)]
        if i >= len(bases):  # the first copy of every base is kept as it is
            province = rng.choice(PROVINCES)
            for place in PROVINCES:
                if place in text:
                    text = text.replace(place, province)
                    break
            shift = rng.randint(-3, 4)
            text = _YEAR.sub(lambda m, shift=shift: str(int(m.group(1)) + shift), text)
            text = re.sub(r'"number":"\d+', f'"number":"{rng.randint(1, 999)}', text)
        text = re.sub(r'"source":"[^"]+"', f'"source":"kb_{i:05d}.txt"', text)
        text = re.sub(r'"id":"([^"]*)"', lambda m, i=i: f'"id":"{m.group(1)}s{i}"', text)
        yield text


def documents(n: int, bases: list[str] | None = None) -> Iterator[object]:
    """The varied documents as ExtractedDocument objects, one at a time."""
    from knowledge.schema import ExtractedDocument

    for text in varied_json(n, bases or base_json()):
        yield ExtractedDocument.model_validate_json(text)


def make_database(url: str, n: int, bases: list[str] | None = None) -> None:
    """Store `n` varied documents, published, into the database at `url` (migrated first)."""
    from sqlmodel import Session

    from bot.db import open_database
    from knowledge.store.repository import save_document

    engine = open_database(url)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with Session(engine) as session:
        for k, doc in enumerate(documents(n, bases)):
            save_document(
                session,
                doc,  # type: ignore[arg-type]
                path="",
                fingerprint=f"{k:064d}",
                status="published",
                now=now,
                exists=False,
            )
            if k % 500 == 499:
                session.commit()
        session.commit()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--db", required=True, help="database URL, e.g. sqlite:////tmp/kb.db")
    args = parser.parse_args()
    began = time.perf_counter()
    make_database(args.db, args.docs)
    print(f"{args.docs} documents stored in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
