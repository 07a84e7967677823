"""Cost of the plan tick's extra work: officers' summaries, the Monday digest, /tiendo.

    PYTHONPATH=. python benchmarks/bench_units.py --chats 10000 --units 1000 --deadlines 100

The world (SQLite file): D deadlines of one published campaign, due on the next 10 working
days; C chats following everything, grouped into U units; half of the units confirmed the
first cut-off; one officer chat; every chat opted in to the digest. Figures: wall seconds of
one call (the first, then a repeat as the next tick would make it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path


def main() -> None:
    """Build the world and print the timings."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=1_000)
    parser.add_argument("--deadlines", type=int, default=100)
    args = parser.parse_args()

    from sqlalchemy import insert, select, update
    from sqlmodel import Session

    from bot.db import open_database
    from knowledge.dates.workdays import is_working_day
    from knowledge.store.tables import DeadlineRow
    from scheduler.digest import plan_digests
    from scheduler.progress import campaign_progress, plan_officer_summaries, summary_day
    from scheduler.schedule_tables import ChatRow, ChatUnitRow, UnitRow, UnitSubmissionRow
    from tests.sched.world import T0, add_campaign, add_chat, add_many_chats, local

    monday = local(2025, 12, 15, 9)
    days: list[dt.date] = []
    day = monday.date() + dt.timedelta(days=1)
    while len(days) < 10:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    path = Path(tempfile.mkdtemp()) / "units.db"
    engine = open_database(f"sqlite:///{path}")
    add_many_chats(engine, args.chats, start=100_000)
    with Session(engine) as s:
        add_campaign(s, "c1", end=dt.date(2025, 12, 31))
        add_chat(s, "900", follows=())
        s.commit()
    with engine.begin() as conn:
        conn.execute(insert(DeadlineRow.__table__), [  # type: ignore[attr-defined]
            {"id": f"d{i}", "campaign_id": "c1", "kind": "other", "due": days[i % 10],
             "date_text": "", "what": f"Báo cáo {i}", "quote": ""}
            for i in range(args.deadlines)
        ])  # fmt: skip
        conn.execute(insert(UnitRow.__table__), [  # type: ignore[attr-defined]
            {"id": u + 1, "name": f"Đơn vị {u}", "name_key": f"don vi {u}", "created_at": T0}
            for u in range(args.units)
        ])  # fmt: skip
        pks = [r[0] for r in conn.execute(select(ChatRow.id).where(ChatRow.chat_id != "900"))]  # type: ignore[arg-type]
        conn.execute(insert(ChatUnitRow.__table__), [  # type: ignore[attr-defined]
            {"chat_pk": pk, "unit_id": i % args.units + 1, "set_at": T0}
            for i, pk in enumerate(pks)
        ])  # fmt: skip
        first = min(range(args.deadlines), key=lambda i: days[i % 10])
        conn.execute(insert(UnitSubmissionRow.__table__), [  # type: ignore[attr-defined]
            {"unit_id": u + 1, "ref_id": f"d{first}", "created_at": T0}
            for u in range(0, args.units, 2)
        ])  # fmt: skip
        conn.execute(update(ChatRow.__table__).values(weekly_digest=True))  # type: ignore[attr-defined]
    officers = {("telegram", "900")}
    at = dt.datetime.combine(summary_day(days[0]), dt.time(8, 5), monday.tzinfo)

    def timed(label: str, call: object) -> None:
        for attempt in ("first", "again"):
            with Session(engine) as s:
                t0 = time.perf_counter()
                out = call(s)  # type: ignore[operator]
                s.commit()
                print(f"{label} ({attempt}): {time.perf_counter() - t0:.3f} s -> {out}")

    timed("officer summaries", lambda s: plan_officer_summaries(s, at, officers))
    timed("progress (/tiendo)", lambda s: len(campaign_progress(s, "c1", monday.date())))
    timed("monday digests", lambda s: plan_digests(s, monday.replace(hour=8, minute=5)))
    engine.dispose()


if __name__ == "__main__":
    main()
