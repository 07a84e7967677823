"""Question-log costs: writing one logged question, and /chuatraloi's grouping at volume.

    PYTHONPATH=. python benchmarks/bench_question_log.py [--rows 2000 10000] [--topics 300]

Rows are seeded random wordings of `--topics` distinct questions (accents dropped, a typo,
polite padding), all refused, so every row is grouped. Prints median write time per question
(record + commit, SQLite file) and the time of `problem_questions` + `group_questions` with the
number of groups found (it should equal the number of topics used).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.db import open_database
from handlers import question_log
from knowledge.answer.contract import Answer
from knowledge.text.normalise import fold
from scheduler.subscriptions import get_or_create_chat

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)
SUBJECTS = ["báo cáo sơ kết", "hồ sơ khen thưởng", "kế hoạch thi đua", "đăng ký giao ước",
            "báo cáo tổng kết", "danh sách đề nghị", "bằng khen", "chỉ tiêu", "cờ thi đua",
            "giấy khen", "bản đăng ký", "báo cáo quý"]
VERBS = ["hạn nộp", "gửi về đâu", "ai duyệt", "mẫu", "số lượng", "thời gian nộp", "nơi nhận",
         "cách điền", "nộp bản giấy hay bản mềm", "ký tên ai"]
PLACES = ["xã", "phường", "trường học", "sở y tế", "huyện", "công ty", "bệnh viện", "công an",
          "đoàn thanh niên", "hội phụ nữ"]


def topics(n: int, rng: random.Random) -> list[str]:
    """n distinct question texts."""
    seen: set[str] = set()
    while len(seen) < n:
        seen.add(f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} của {rng.choice(PLACES)} "
                 f"năm {rng.randint(2020, 2026)}")
    return sorted(seen)


def variant(text: str, rng: random.Random) -> str:
    """A user's wording of the same question."""
    out = fold(text) if rng.random() < 0.5 else text
    if rng.random() < 0.3 and len(out) > 10:  # one dropped letter
        i = rng.randrange(1, len(out) - 1)
        out = out[:i] + out[i + 1:]
    if rng.random() < 0.4:
        out = rng.choice(["cho hỏi ", "xin hỏi ", ""]) + out + rng.choice([" là khi nào?", "?",
                                                                         " ạ", ""])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--topics", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    refused = Answer(text="", answered=False, intent="out_of_scope")
    print("| rows | topics asked | write per question (median) | group s | groups found "
          "| wordings in their topic's group |")
    print("|---|---|---|---|---|---|")
    for n in args.rows:
        rng = random.Random(args.seed)
        texts = topics(args.topics, rng)
        with tempfile.TemporaryDirectory() as tmp:
            engine = open_database(f"sqlite:///{Path(tmp) / 'q.db'}")
            with Session(engine) as s:
                chat = get_or_create_chat(s, "telegram", "1", "private", None, NOW)
                s.commit()
                assert chat.id is not None
                writes = []
                topic_of: dict[str, set[int]] = {}
                for i in range(n):
                    k = rng.randrange(len(texts))
                    wording = variant(texts[k], rng)
                    topic_of.setdefault(wording, set()).add(k)
                    began = time.perf_counter()
                    question_log.record(s, chat_pk=chat.id, platform="telegram",
                                        text=wording,
                                        now=NOW - dt.timedelta(seconds=i), result=refused,
                                        seconds=0.001)
                    s.commit()
                    writes.append(time.perf_counter() - began)
                began = time.perf_counter()
                rows = question_log.problem_questions(s, NOW - dt.timedelta(days=7))
                groups = question_log.group_questions(rows)
                grouped = time.perf_counter() - began
            engine.dispose()
        # purity: distinct wordings whose group's most common topic is their own
        pure = total = 0
        for g in groups:
            counts: dict[int, int] = {}
            for w in g.wordings:
                for k in topic_of.get(w, ()):
                    counts[k] = counts.get(k, 0) + 1
            pure += max(counts.values(), default=0)
            total += sum(counts.values())
        used = len({k for ks in topic_of.values() for k in ks})
        print(f"| {n} | {used} | {statistics.median(writes) * 1000:.2f} ms | "
              f"{grouped:.2f} | {len(groups)} | {pure / max(total, 1):.1%} |")


if __name__ == "__main__":
    main()
