"""Generate a synthetic corpus of campaign documents varied from the five sample documents.

Each document is a seeded random variation: issuer (real province and ward names from the
`vietnam_provinces` package), document type and number, year and dates, phases, deadlines
and recurring reports in the phrasings the seeds use, with or without a header, sometimes in
Markdown (seed 002) or with OCR errors (seed 000), sometimes a short notice. Body paragraphs
are drawn from the seeds' own date-free prose, so sizes and wording stay realistic.

Besides the .txt files it writes `manifest.jsonl` with the facts each document states
(number, issue date, phase and deadline dates, and whether the registration deadline carries
seed 000's year typo), for checking extraction and its warnings on the corpus.

    python benchmarks/gen_corpus.py --n 10000 --seed 1 --out benchmarks/out/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from vietnam_provinces import Province, Ward

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "knowledge" / "samples"
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "corpus"

DOC_TYPES = [("Kế hoạch", "KH"), ("Chỉ thị", "CT"), ("Hướng dẫn", "HD"), ("Công văn", "")]
TOPICS = [
    "Tổ chức, phát động phong trào thi đua năm {y}",
    "Phát động đợt thi đua đặc biệt lập thành tích chào mừng Đại hội Đảng bộ các cấp",
    "Phát động phong trào thi đua thực hiện nhiệm vụ chính trị năm {y}",
    "Phát động đợt thi đua chào mừng kỷ niệm {k} năm ngày thành lập tỉnh {p}",
    "Phát động phong trào thi đua “Chung sức xây dựng nông thôn mới” năm {y}",
    "Phát động thi đua chuyên đề “Cải cách hành chính, chuyển đổi số” năm {y}",
]
ANNIVERSARIES = [
    ("ngày giải phóng miền Nam, thống nhất đất nước", 4, 30, 1975),
    ("ngày thành lập Đảng Cộng sản Việt Nam", 2, 3, 1930),
    ("ngày sinh Chủ tịch Hồ Chí Minh", 5, 19, 1890),
    ("Cách mạng Tháng Tám và Quốc khánh", 9, 2, 1945),
    ("Chiến thắng lịch sử Điện Biên Phủ", 5, 7, 1954),
    ("ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc", 6, 11, 1948),
]
RECIPIENTS = [
    "Ban Thi đua - Khen thưởng, Sở Nội vụ",
    "Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh",
    "Ủy ban nhân dân tỉnh",
    "Phòng Nội vụ",
    "Văn phòng Ủy ban nhân dân",
]
REWARDS = [
    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
    "Cờ thi đua của Ủy ban nhân dân tỉnh",
    "Danh hiệu “Tập thể lao động xuất sắc”",
]
TARGETS = [
    ("Tốc độ tăng trưởng kinh tế (GRDP)", "{a},{b}%"),
    ("Tỷ lệ hộ nghèo giảm", "{a},{b}%"),
    ("Thu ngân sách", "{n}.{m:03d} tỷ đồng"),
    ("Tỷ lệ tham gia bảo hiểm y tế", "{p}%"),
    ("Số xã đạt chuẩn nông thôn mới nâng cao", "{s:02d} xã"),
]
THEMES = ["Đoàn kết, sáng tạo", "Kỷ cương, trách nhiệm, hiệu quả", "Chuyển đổi số vì Nhân dân"]
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thanh Hải", "Phạm Minh Tuấn", "Võ Thị Hồng"]
TITLES = ["CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"]


@dataclass
class Facts:
    """What a generated document states, for checking extraction."""

    file: str
    doc_type: str
    number: str | None = None
    issue_date: str | None = None
    issuer: str = ""
    phases: list[dict[str, str]] = field(default_factory=list)
    deadlines: list[dict[str, str]] = field(default_factory=list)
    year_typo: bool = False  # the registration deadline is written a year early


def _seed_prose() -> list[str]:
    """Date-free paragraphs of the seeds, reused as body text."""
    paragraphs: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n"):
            block = block.strip().lstrip("-* ").strip()
            if len(block) > 160 and not re.search(r"\d", block):
                paragraphs.append(block)
    return paragraphs


def _d(day: dt.date, style: int) -> str:
    if style == 0:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == 1:
        return f"{day.day}/{day.month}/{day.year}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _issuers(
    rng: random.Random, provinces: list[Province], wards: list[Ward]
) -> tuple[str, str, str]:
    """(issuer heading, place, short issuer) for a province or a ward."""
    province = rng.choice(provinces)
    pname = province.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    if rng.random() < 0.25:
        candidates = [w for w in wards if w.province_code == province.code]
        ward = rng.choice(candidates) if candidates else None
        if ward is not None:
            return (
                f"ỦY BAN NHÂN DÂN\n{ward.name.upper()}",
                ward.name.split(" ", 1)[1] if " " in ward.name else ward.name,
                f"UBND {ward.name.lower().split(' ', 1)[0]} {ward.name.split(' ', 1)[-1]}",
            )
    kind = "THÀNH PHỐ" if province.name.startswith("Thành phố") else "TỈNH"
    return f"ỦY BAN NHÂN DÂN {kind} {pname.upper()}", pname, f"UBND {kind.lower()} {pname}"


def _phases(rng: random.Random, year: int, facts: Facts) -> list[str]:
    lines: list[str] = []
    style = rng.randrange(4)
    if style == 0:  # seed 000
        lines.append(f"Đợt 1 (Từ tháng 1 - 30/6/{year}):")
        lines.append(f"Đợt 2 (Từ tháng 7 - 12/{year}):")
        spans = [
            (dt.date(year, 1, 1), dt.date(year, 6, 30)),
            (dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ]
    elif style == 1:  # seed 001
        m1 = rng.randint(1, 8)
        lines.append(f"- Đợt 1: Từ tháng {m1} năm {year} đến cuối tháng 12 năm {year}.")
        lines.append(f"- Đợt 2: Từ tháng 01 năm {year + 1} đến cuối tháng 6 năm {year + 1}.")
        spans = [
            (dt.date(year, m1, 1), dt.date(year, 12, 31)),
            (dt.date(year + 1, 1, 1), dt.date(year + 1, 6, 30)),
        ]
    elif style == 2:  # windows without a year on the start
        m = rng.randint(3, 9)
        lines.append(f"Thời gian thi đua: từ ngày 15/{m} đến hết ngày 30/{m + 2}/{year}.")
        spans = [(dt.date(year, m, 15), dt.date(year, m + 2, 30 if m + 2 != 2 else 28))]
    else:  # from issue date to the end of a month
        m = rng.choice([6, 9, 12])
        lines.append(
            f"Thời gian thực hiện: từ ngày ban hành Kế hoạch này đến hết tháng {m} năm {year}."
        )
        spans = []
    for i, (start, end) in enumerate(spans, 1):
        facts.phases.append(
            {"name": f"Đợt {i}", "start": start.isoformat(), "end": end.isoformat()}
        )
    return lines


def _deadlines(rng: random.Random, year: int, issued: dt.date, facts: Facts) -> list[str]:
    lines: list[str] = []
    recipient = rng.choice(RECIPIENTS)
    base = max(issued, dt.date(year, 1, 1))
    if rng.random() < 0.8:
        due = base + dt.timedelta(days=rng.randint(10, 45))
        typo = rng.random() < 0.05 and due.month != 2  # seed 000's year typo, 1 in 20
        if typo:
            due = due.replace(year=due.year - 1)
        lines.append(
            rng.choice(
                [
                    "- Thời gian đăng ký thi đua và ký kết giao ước thi đua đến {d}.",
                    "- Các đơn vị gửi bản đăng ký thi đua về {r} trước {d}.",
                    "Đăng ký thi đua: chậm nhất {d}, gửi về {r}.",
                ]
            ).format(d=_d(due, rng.randrange(3)), r=recipient)
        )
        facts.deadlines.append({"kind": "registration", "due": due.isoformat()})
        facts.year_typo = typo
    if rng.random() < 0.5:
        due = base + dt.timedelta(days=rng.randint(20, 60))
        lines.append(
            f"Các sở, ban, ngành, địa phương xây dựng kế hoạch thực hiện, gửi về {recipient} "
            f"**trước {_d(due, 2)}** để tổng hợp, theo dõi."
        )
        facts.deadlines.append({"kind": "plan_submission", "due": due.isoformat()})
    if rng.random() < 0.6:
        due = dt.date(year, rng.choice([10, 11, 12]), rng.randint(1, 28))
        lines.append(
            f"Báo cáo tổng kết phong trào thi đua gửi về {recipient} (qua Ban Thi đua - Khen "
            f"thưởng) trước {_d(due, rng.randrange(3))}."
        )
        facts.deadlines.append({"kind": "final_report", "due": due.isoformat()})
    if rng.random() < 0.4:
        due = dt.date(year, 12, rng.randint(1, 20))
        lines.append(f"Hồ sơ đề nghị khen thưởng gửi về {recipient} trước {_d(due, 1)}.")
        facts.deadlines.append({"kind": "reward_proposal", "due": due.isoformat()})
    recurring = rng.randrange(4)
    if recurring == 0:
        lines.append(f"Định kỳ hàng quý báo cáo kết quả về {recipient} để tổng hợp.")
    elif recurring == 1:
        lines.append(
            f"Báo cáo kết quả thực hiện trước ngày {rng.choice([5, 10, 15, 20])} hàng tháng."
        )
    elif recurring == 2:
        lines.append("Báo cáo năm gửi trước ngày 20 tháng 12 hàng năm.")
    return lines


def make_document(
    index: int, rng: random.Random, prose: list[str], provinces: list[Province], wards: list[Ward]
) -> tuple[str, Facts]:
    """One synthetic document and the facts it states."""
    year = rng.randint(2015, 2026)
    doc_type, code = rng.choice(DOC_TYPES)
    heading, place, issuer = _issuers(rng, provinces, wards)
    issued = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 60))
    facts = Facts(file="", doc_type=doc_type, issuer=issuer)
    markdown = rng.random() < 0.15
    short = rng.random() < 0.2
    parts: list[str] = []
    if rng.random() < 0.6:  # three of the five seeds have no header
        number = f"{rng.randint(1, 350)}/{code or 'UBND-TĐKT'}{'-UBND' if code else ''}"
        parts += [
            heading,
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do - Hạnh phúc",
            f"Số: {number.replace('/', ' /', 1) if rng.random() < 0.3 else number}",
            f"{place}, {_d(issued, 2)}",
        ]
        facts.number, facts.issue_date = number, issued.isoformat()
    title = doc_type.upper()
    if title == "KẾ HOẠCH" and rng.random() < 0.2:
        title = "KÉ HOẠCH"  # the OCR error of seed 000
    topic = rng.choice(TOPICS).format(y=year, k=rng.choice([20, 25, 30, 35]), p=place)
    parts.append(f"# {title}\n\n**{topic}**" if markdown else f"{title} {topic}")
    what, month, day, origin = rng.choice(ANNIVERSARIES)
    years = year - origin
    parts.append(
        f"Thi đua lập thành tích chào mừng kỷ niệm {years} năm {what} "
        f"({day}/{month}/{origin} - {day}/{month}/{year})."
    )
    body = rng.sample(prose, k=2 if short else rng.randint(12, 36))
    sections = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THI ĐUA", "III. TỔ CHỨC THỰC HIỆN"]
    for i, heading_text in enumerate(sections):
        if short and i < 2:
            continue
        parts.append(f"## {heading_text}" if markdown else heading_text)
        chunk = body[i::3]
        parts.extend(f"- {p}" for p in chunk)
        if i == 1 and not short:
            parts.append(f"Chủ đề thi đua: “{rng.choice(THEMES)}”.")
            for indicator, value in rng.sample(TARGETS, k=rng.randint(1, len(TARGETS))):
                number_text = value.format(
                    a=rng.randint(3, 9),
                    b=rng.randint(0, 9),
                    n=rng.randint(1, 30),
                    m=rng.randint(0, 999),
                    p=rng.randint(80, 99),
                    s=rng.randint(1, 20),
                )
                parts.append(f" - {indicator} là {number_text}.")
    parts.extend(_phases(rng, year, facts))
    parts.extend(_deadlines(rng, year, issued, facts))
    if not short:
        parts.append("Hình thức khen thưởng:")
        parts.extend(f"- {r}." for r in rng.sample(REWARDS, k=rng.randint(1, 3)))
        parts.append(f"{rng.choice(TITLES)}\n\n{rng.choice(SIGNERS)}")
    text = "\n\n".join(parts) + "\n"
    digest = hashlib.sha1(text.encode()).hexdigest()[:16]
    facts.file = f"{index:05d}_{digest}.txt"
    return text, facts


def generate(n: int, seed: int, out: Path) -> list[Facts]:
    """Write n documents and manifest.jsonl into out (emptied first)."""
    rng = random.Random(seed)
    prose = _seed_prose()
    provinces = sorted(Province.iter_all(), key=lambda p: p.code)
    wards = sorted(Ward.iter_all(), key=lambda w: w.code)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    all_facts: list[Facts] = []
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for index in range(n):
            text, facts = make_document(index, rng, prose, provinces, wards)
            (out / facts.file).write_text(text, encoding="utf-8")
            manifest.write(json.dumps(facts.__dict__, ensure_ascii=False) + "\n")
            all_facts.append(facts)
    return all_facts


def main() -> None:
    """Command line: --n, --seed, --out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of documents")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args()
    facts = generate(args.n, args.seed, args.out)
    size = sum(p.stat().st_size for p in args.out.glob("*.txt"))
    print(
        f"{len(facts)} documents, {size / 1e6:.1f} MB "
        f"({size / max(len(facts), 1) / 1000:.1f} kB each on average) in {args.out}"
    )


if __name__ == "__main__":
    main()
