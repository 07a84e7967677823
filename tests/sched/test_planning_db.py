"""plan_reminders against SQLite and PostgreSQL: idempotent, corrections, withdrawals, done."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from knowledge.store.tables import CampaignRow, CorrectionRow, DeadlineRow
from scheduler.outbox import enqueue_launch, mark_done, upcoming_reminders
from scheduler.planning.run import plan_reminders
from scheduler.schedule_tables import OutboxRow
from tests.sched.world import T0, add_campaign, add_chat, add_deadline, add_report, local

D = dt.date


def _rows(session: Session, **where: object) -> list[OutboxRow]:
    stmt = select(OutboxRow).order_by(OutboxRow.id)  # type: ignore[arg-type]
    for name, value in where.items():
        stmt = stmt.where(getattr(OutboxRow, name) == value)
    return list(session.execute(stmt).scalars())


def _world(session: Session) -> tuple[int, int, int]:
    add_campaign(session, "c1", issuer="UBND tỉnh An Giang")
    add_campaign(session, "c2", issuer="Sở Giáo dục và Đào tạo")
    add_deadline(session, "dl1", D(2025, 2, 5), "c1")  # Tết in between
    add_deadline(session, "dl2", D(2025, 2, 5), "c2")
    a = add_chat(session, "100", follows=[("all", "")])
    b = add_chat(session, "200", follows=[("issuer", "ubnd tinh an giang")], kind="group")
    c = add_chat(session, "300", follows=[("campaign", "c2")], platform="zalo")
    session.commit()
    assert a.id and b.id and c.id
    return a.id, b.id, c.id


def test_planning_is_idempotent_and_follows_subscriptions(engine: Engine) -> None:
    with Session(engine) as s:
        a, b, c = _world(s)
        now = local(2025, 1, 19, 12)  # 7-day reminder is on Mon 20/01 08:00 (within 36 h)
        first = plan_reminders(s, now)
        s.commit()
        second = plan_reminders(s, now)
        s.commit()
        rows = _rows(s)
        assert first.inserted == 4 and second.inserted == 0 and second.updated == 0
        # a follows everything, b the issuer of c1 (written without diacritics), c campaign c2
        assert {(r.chat_pk, r.ref_id, r.lead) for r in rows} == {
            (a, "dl1", 7),
            (a, "dl2", 7),
            (b, "dl1", 7),
            (c, "dl2", 7),
        }
        assert all(r.send_at == local(2025, 1, 20, 8) for r in rows)
        assert rows[0].key == f"reminder:dl1:7:telegram:{a}"
        later = plan_reminders(s, local(2025, 1, 23, 12))  # 3-day reminder Fri 24/01
        s.commit()
        assert later.inserted == 4
        assert {(r.chat_pk, r.ref_id) for r in _rows(s, lead=3)} == {
            (a, "dl1"),
            (a, "dl2"),
            (b, "dl1"),
            (c, "dl2"),
        }


def test_two_planners_at_once_insert_each_row_once(engine: Engine) -> None:
    with Session(engine) as s:
        _world(s)
    now = local(2025, 1, 23, 12)
    results: list[int] = []
    barrier = threading.Barrier(2)

    def plan() -> None:
        with Session(engine) as s:
            barrier.wait()
            results.append(plan_reminders(s, now).inserted)
            s.commit()

    threads = [threading.Thread(target=plan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Session(engine) as s:
        total = s.execute(select(func.count()).select_from(OutboxRow)).scalar_one()
    # the missed 7-day reminders (20/01) and the 3-day ones (24/01), each inserted once
    assert total == 8 and sum(results) == 8


def test_correction_moves_pending_rows_and_withdrawal_cancels(engine: Engine) -> None:
    with Session(engine) as s:
        a, _, _ = _world(s)
        now = local(2025, 1, 23, 12)
        plan_reminders(s, now)
        s.commit()
        # the officer corrects dl1: due Thu 06/02 instead of Wed 05/02; 3 working days before
        # is now Mon 03/02, 7 working days before (over Tết) Tue 21/01
        dl = s.get(DeadlineRow, "dl1")
        assert dl is not None
        dl.due = D(2025, 2, 6)
        s.commit()
        res = plan_reminders(s, now)
        s.commit()
        row = _rows(s, ref_id="dl1", chat_pk=a, lead=3)[0]
        assert res.updated == 4 and row.status == "pending"  # 2 chats x 2 leads
        assert row.due == D(2025, 2, 6) and row.send_at == local(2025, 2, 3, 8)
        row7 = _rows(s, ref_id="dl1", chat_pk=a, lead=7)[0]
        assert row7.send_at == local(2025, 1, 21, 8) and row7.next_attempt_at == row7.send_at
        # a deadline removed and a campaign withdrawn: their pending rows are cancelled
        s.delete(s.get(DeadlineRow, "dl1"))
        camp = s.get(CampaignRow, "c2")
        assert camp is not None
        camp.status = "draft"
        s.commit()
        res = plan_reminders(s, now)
        s.commit()
        assert res.cancelled == 8  # every row of dl1 (a, b) and of c2 (a, c), 2 leads each
        assert {r.status for r in _rows(s)} == {"cancelled"}


def test_done_stops_this_chat_only(engine: Engine) -> None:
    with Session(engine) as s:
        a, b, _ = _world(s)
        plan_reminders(s, local(2025, 1, 23, 12))
        s.commit()
        assert mark_done(s, a, "dl1", local(2025, 1, 23, 13)) == 2  # the missed 7-day and 3-day
        s.commit()
        plan_reminders(s, local(2025, 2, 3, 12))  # the 1-day reminder comes due
        s.commit()
        assert [r.lead for r in _rows(s, chat_pk=a, ref_id="dl1", status="pending")] == []
        assert [r.lead for r in _rows(s, chat_pk=b, ref_id="dl1", status="pending")] == [3, 1]
        assert [r.lead for r in _rows(s, chat_pk=a, ref_id="dl2", status="pending")] == [3, 1]
        upcoming = upcoming_reminders(s, a, local(2025, 2, 3, 12))
        assert {(u.ref_id, u.lead) for u in upcoming} == {("dl2", 3), ("dl2", 1), ("dl2", 0)}


def test_downtime_plans_only_the_latest_missed_reminder(engine: Engine) -> None:
    with Session(engine) as s:
        a, _, _ = _world(s)
        plan_reminders(s, local(2025, 1, 19, 12))  # 7-day rows planned, then the bot stops
        s.commit()
        res = plan_reminders(s, local(2025, 2, 3, 19))  # back after the 3-day reminder too
        s.commit()
        pend = _rows(s, chat_pk=a, ref_id="dl1", status="pending")
        # the missed 3-day reminder (sent on start) and the 1-day one of tomorrow 08:00
        assert [(r.lead, r.send_at) for r in pend] == [
            (3, local(2025, 1, 24, 8)),
            (1, local(2025, 2, 4, 8)),
        ]
        # the stale 7-day rows are superseded by the later missed 3-day ones
        assert _rows(s, chat_pk=a, ref_id="dl1", lead=7)[0].status == "cancelled"
        assert res.cancelled == 4
        # after the cut-off nothing is planned and pending rows are cancelled
        res = plan_reminders(s, local(2025, 2, 6, 9))
        s.commit()
        assert _rows(s, status="pending") == []


def test_recurring_reports_and_officer_rule(engine: Engine) -> None:
    with Session(engine) as s:
        add_campaign(s, "c1")
        add_report(s, "rr1", "monthly")
        a = add_chat(s, "100")
        s.commit()
        plan_reminders(s, local(2025, 3, 13, 12))  # March: due Mon 24/03; 7 wd before = 13/03
        s.commit()
        row = _rows(s, chat_pk=a.id)[0]
        assert (row.ref_id, row.lead, row.due) == ("rr1@2025-03", 7, D(2025, 3, 24))
        s.add(
            CorrectionRow(
                source="c1.txt",
                field="scheduler.recurring_due",
                value='{"day": 25}',
                created_at=T0,
            )
        )
        s.commit()
        res = plan_reminders(s, local(2025, 3, 13, 12))
        s.commit()
        row = _rows(s, chat_pk=a.id, ref_id="rr1@2025-03", lead=7)[0]
        assert res.updated == 1 and row.due == D(2025, 3, 25) and row.status == "pending"
        assert row.send_at == local(2025, 3, 14, 8)


def test_enqueue_launch_once_per_following_chat(engine: Engine) -> None:
    with Session(engine) as s:
        a, b, c = _world(s)
        assert enqueue_launch(s, "c1", local(2025, 1, 10, 9)) == 2
        assert enqueue_launch(s, "c1", local(2025, 1, 10, 9, 5)) == 0
        s.commit()
        keys = sorted(r.key for r in _rows(s, kind="launch"))
        assert keys == sorted([f"launch:c1:telegram:{a}", f"launch:c1:telegram:{b}"])
        assert enqueue_launch(s, "c2", local(2025, 1, 10, 9)) == 2  # a (all) and c (campaign)
        s.commit()
        assert {r.chat_pk for r in _rows(s, kind="launch", campaign_id="c2")} == {a, c}
        camp = s.get(CampaignRow, "c2")
        assert camp is not None
        camp.status = "draft"
        s.commit()
        assert plan_reminders(s, local(2025, 1, 10, 9)).cancelled == 2
