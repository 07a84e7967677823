"""Incremental planning plans what a complete re-scan plans, and an idle tick does nothing.

Two databases receive the same world and the same sequence of changes and moments; one plans
incrementally (`plan_reminders`), the other re-scans everything each time (`full=True`); after
every run their outboxes must be identical (keys, statuses, times, due dates, reasons).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, cast, delete, event, func, select, text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.db import open_database
from knowledge.store.tables import (
    CampaignRow,
    CorrectionRow,
    DeadlineRow,
    DocumentRow,
    PhaseRow,
    RecurringReportRow,
)
from scheduler.changes import expected_triggers, present_triggers
from scheduler.outbox import enqueue_launch, mark_done
from scheduler.planning.run import plan_reminders
from scheduler.schedule_tables import (
    ChatRow,
    ChatUnitRow,
    OutboxRow,
    PlanChangeRow,
    PlanStateRow,
    ReminderDoneRow,
    SubscriptionRow,
    UnitRow,
    UnitSubmissionRow,
)
from scheduler.units import record_submission, set_chat_unit, undo_submission
from tests.sched.world import T0, add_campaign, add_chat, add_deadline, add_report, local

D = dt.date
START = local(2025, 1, 13, 9)  # Monday; Tết (27/01-02/02) inside the range of cut-offs
ISSUERS = ("UBND tỉnh An Giang", "Sở Giáo dục và Đào tạo")
PROFILES = (
    {},
    {"lead_days": "3,0", "reminder_hour": 14},
    {"lead_days": "5,2,1", "reminder_hour": 6},  # 06:00 is quiet: moved to 07:00
    {"lead_days": "10,7,3,1,0", "reminder_hour": 20, "quiet_start": "19:00"},
)
TABLES = (
    OutboxRow, ReminderDoneRow, UnitSubmissionRow, ChatUnitRow, UnitRow, SubscriptionRow,
    ChatRow, DeadlineRow, RecurringReportRow,
    PhaseRow, CampaignRow, CorrectionRow, DocumentRow, PlanChangeRow, PlanStateRow,
)  # fmt: skip


def snapshot(session: Session) -> list[tuple[object, ...]]:
    """Everything about the outbox that planning decides."""
    o = OutboxRow
    names = dict(session.execute(select(ChatRow.id, ChatRow.chat_id)).all())
    rows = session.execute(
        select(o.key, o.chat_pk, o.status, o.send_at, o.next_attempt_at, o.due, o.last_error)
    )
    # keys name the chat's database id; the two databases may number chats differently
    return sorted((key.rsplit(":", 1)[0] + ":" + names[pk], *rest) for key, pk, *rest in rows)


class Twin:
    """The same operations on two databases: incremental planning and complete re-scans."""

    def __init__(self, inc: Engine, full: Engine) -> None:
        self.engines = (inc, full)
        for engine in self.engines:
            with Session(engine) as s:
                for table in TABLES:
                    s.execute(delete(table))
                s.commit()

    def do(self, op: object, *args: object) -> None:
        for engine in self.engines:
            with Session(engine) as s:
                op(s, *args)  # type: ignore[operator]
                s.commit()

    def plan(self, now: dt.datetime) -> None:
        with Session(self.engines[0]) as s:
            plan_reminders(s, now)
            s.commit()
            inc = snapshot(s)
        with Session(self.engines[1]) as s:
            plan_reminders(s, now, full=True)
            s.commit()
            full = snapshot(s)
        assert inc == full


def _build(s: Session, world: dict[str, object]) -> None:
    for i, (issuer, deadlines, report) in enumerate(world["campaigns"]):  # type: ignore[attr-defined]
        add_campaign(s, f"c{i}", issuer=issuer)
        for j, offset in enumerate(deadlines):
            add_deadline(s, f"c{i}d{j}", START.date() + dt.timedelta(days=offset), f"c{i}")
        if report:
            add_report(s, f"c{i}r", report, f"c{i}")
    for k, (profile, follows) in enumerate(world["chats"]):  # type: ignore[attr-defined]
        add_chat(s, str(100 + k), follows=follows, **PROFILES[profile])


def _follow(n_campaigns: int) -> st.SearchStrategy[tuple[str, str]]:
    return st.one_of(
        st.just(("all", "")),
        st.sampled_from(ISSUERS).map(lambda v: ("issuer", v)),
        st.integers(0, n_campaigns - 1).map(lambda i: ("campaign", f"c{i}")),
    )


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(1, 3))
    campaigns = [
        (
            draw(st.sampled_from(ISSUERS)),
            draw(st.lists(st.integers(-2, 30), min_size=0, max_size=4)),
            draw(st.sampled_from([None, None, "monthly", "quarterly"])),
        )
        for _ in range(n)
    ]
    chats = [
        (
            draw(st.integers(0, len(PROFILES) - 1)),
            draw(st.lists(_follow(n), max_size=2, unique=True)),
        )
        for _ in range(draw(st.integers(1, 4)))
    ]
    return {"campaigns": campaigns, "chats": chats}


def _chat(s: Session, k: int) -> ChatRow | None:
    return s.execute(select(ChatRow).where(ChatRow.chat_id == str(100 + k))).scalar()


def _op_move(s: Session, did: str, days: int) -> None:
    row = s.get(DeadlineRow, did)
    if row is not None and row.due is not None:
        row.due = row.due + dt.timedelta(days=days)


def _op_delete_deadline(s: Session, did: str) -> None:
    row = s.get(DeadlineRow, did)
    if row is not None:
        s.delete(row)


def _op_add_deadline(s: Session, cid: str, did: str, due: dt.date) -> None:
    if s.get(DeadlineRow, did) is None:
        add_deadline(s, did, due, cid)


def _op_status(s: Session, cid: str) -> None:
    camp = s.get(CampaignRow, cid)
    if camp is not None:
        camp.status = "draft" if camp.status == "published" else "published"


def _op_issuer(s: Session, cid: str, issuer: str) -> None:
    camp = s.get(CampaignRow, cid)
    if camp is not None:
        camp.issuer = issuer


def _op_subscribe(s: Session, k: int, scope: str, value: str) -> None:
    chat = _chat(s, k)
    if chat is not None:
        from scheduler.subscriptions import subscribe

        subscribe(s, chat, scope, value, T0)


def _op_unsubscribe(s: Session, k: int) -> None:
    chat = _chat(s, k)
    if chat is not None:
        from scheduler.subscriptions import unsubscribe

        unsubscribe(s, chat)


def _op_settings(s: Session, k: int, profile: int) -> None:
    chat = _chat(s, k)
    if chat is not None:
        values = {"lead_days": "7,3,1,0", "reminder_hour": 8, "quiet_start": "21:00"}
        values.update(PROFILES[profile])  # type: ignore[arg-type]
        for name, value in values.items():
            setattr(chat, name, value)


def _op_active(s: Session, k: int) -> None:
    chat = _chat(s, k)
    if chat is not None:
        chat.active = not chat.active


def _op_done(s: Session, k: int, ref: str, now: dt.datetime) -> None:
    chat = _chat(s, k)
    if chat is not None and chat.id is not None:
        mark_done(s, chat.id, ref, now)


def _op_rule(s: Session, cid: str, value: str) -> None:
    s.execute(delete(CorrectionRow).where(CorrectionRow.source == f"{cid}.txt"))  # type: ignore[arg-type]
    s.add(CorrectionRow(source=f"{cid}.txt", field="scheduler.recurring_due", value=value,
                        created_at=T0))  # fmt: skip


def _op_send_due(s: Session, now: dt.datetime) -> None:
    """The dispatcher sent what was due (some rows stay claimed, as in flight)."""
    o = OutboxRow.__table__  # type: ignore[attr-defined]
    due = (o.c.status == "pending") & (o.c.next_attempt_at <= now)
    # The same rows in both databases: the key's length without its chat id (the two
    # databases number chats differently, so the whole key's length would differ).
    key_len = func.length(o.c.key) - func.length(cast(o.c.chat_pk, String))
    some = key_len % 3 == 0
    s.execute(update(o).where(due, some).values(status="claimed"))
    s.execute(update(o).where(due).values(status="sent"))


def _op_release(s: Session) -> None:
    """Claimed rows come back to pending (a 5xx retry)."""
    o = OutboxRow.__table__  # type: ignore[attr-defined]
    s.execute(update(o).where(o.c.status == "claimed").values(status="pending"))


def _op_launch(s: Session, cid: str, now: dt.datetime) -> None:
    camp = s.get(CampaignRow, cid)
    if camp is not None and camp.status == "published":
        enqueue_launch(s, cid, now)


UNITS = ("UBND xã Vĩnh Hòa", "Phòng Giáo dục huyện Châu Thành")


def _op_unit(s: Session, k: int, unit: int | None, now: dt.datetime) -> None:
    """The chat declares a unit (/donvi), or leaves its unit."""
    chat = _chat(s, k)
    if chat is None or chat.id is None:
        return
    if unit is None:
        s.execute(delete(ChatUnitRow).where(ChatUnitRow.chat_pk == chat.id))  # type: ignore[arg-type]
    else:
        set_chat_unit(s, chat.id, UNITS[unit], None, now)


def _op_submit(s: Session, unit: int, ref: str, now: dt.datetime) -> None:
    """A chat of the unit pressed "Đã nộp" (the unit is created when unknown)."""
    row = s.execute(select(UnitRow).where(UnitRow.name == UNITS[unit])).scalar()
    if row is not None and row.id is not None:
        record_submission(s, row.id, ref, campaign_id=None, chat_pk=None, user_id="u",
                          user_name=None, now=now)  # fmt: skip


def _op_unsubmit(s: Session, unit: int, now: dt.datetime) -> None:
    """An officer undoes the unit's latest confirmation."""
    row = s.execute(select(UnitRow).where(UnitRow.name == UNITS[unit])).scalar()
    if row is not None and row.id is not None:
        undo_submission(s, row.id, None, now)


STEPS = st.sampled_from(
    ["time", "time", "time", "move", "delete", "add", "status", "issuer", "subscribe",
     "unsubscribe", "settings", "active", "done", "rule", "send", "release", "launch",
     "unit", "unit", "submit", "submit", "unsubmit"]
)  # fmt: skip


def _pending_ref(twin: Twin, data: st.DataObject, fallback: str) -> str:
    """A ref with pending reminders in the incremental database, or `fallback`."""
    with Session(twin.engines[0]) as s:
        refs = sorted(set(s.execute(
            select(OutboxRow.ref_id).where(OutboxRow.status == "pending")  # type: ignore[arg-type]
        ).scalars()) - {None})  # fmt: skip
    return data.draw(st.sampled_from([*refs, fallback])) if refs else fallback


def run_twin(twin: Twin, data: st.DataObject) -> None:
    world = data.draw(worlds())
    twin.do(_build, world)
    now = START + dt.timedelta(hours=data.draw(st.integers(-48, 48)))
    n_chats = len(world["chats"])  # type: ignore[arg-type]
    units = data.draw(st.lists(st.sampled_from([None, 0, 1]), min_size=n_chats, max_size=n_chats))
    for k, unit in enumerate(units):  # some chats speak for a unit from the start
        if unit is not None:
            twin.do(_op_unit, k, unit, now)
    twin.plan(now)
    n_camp = len(world["campaigns"])  # type: ignore[arg-type]
    n_chat = len(world["chats"])  # type: ignore[arg-type]
    for step in data.draw(st.lists(STEPS, min_size=3, max_size=12)):
        cid = f"c{data.draw(st.integers(0, n_camp - 1))}"
        k = data.draw(st.integers(0, n_chat - 1))
        did = f"{cid}d{data.draw(st.integers(0, 4))}"
        if step == "time":
            minutes = data.draw(st.sampled_from([0, 1, 30, 60 * 7, 60 * 23, 60 * 24, 60 * 80]))
            now += dt.timedelta(minutes=minutes)
        elif step == "move":
            twin.do(_op_move, did, data.draw(st.integers(-5, 5)))
        elif step == "delete":
            twin.do(_op_delete_deadline, did)
        elif step == "add":
            twin.do(_op_add_deadline, cid, did, now.date() + dt.timedelta(days=data.draw(
                st.integers(0, 12))))  # fmt: skip
        elif step == "status":
            twin.do(_op_status, cid)
        elif step == "issuer":
            twin.do(_op_issuer, cid, data.draw(st.sampled_from(ISSUERS)))
        elif step == "subscribe":
            scope, value = data.draw(_follow(n_camp))
            twin.do(_op_subscribe, k, scope, value)
        elif step == "unsubscribe":
            twin.do(_op_unsubscribe, k)
        elif step == "settings":
            twin.do(_op_settings, k, data.draw(st.integers(0, len(PROFILES) - 1)))
        elif step == "active":
            twin.do(_op_active, k)
        elif step == "done":
            twin.do(_op_done, k, did, now)
        elif step == "rule":
            twin.do(_op_rule, cid, data.draw(st.sampled_from(['{"day": 25}', "3", "8"])))
        elif step == "send":
            twin.do(_op_send_due, now)
        elif step == "release":
            twin.do(_op_release)
        elif step == "launch":
            twin.do(_op_launch, cid, now)
        elif step == "unit":
            unit = data.draw(st.sampled_from([None, 0, 1, 1]))
            twin.do(_op_unit, k, unit, now)
        elif step == "submit":
            # mostly a cut-off with pending reminders (the twins' outboxes are equal here)
            twin.do(_op_submit, data.draw(st.integers(0, 1)), _pending_ref(twin, data, did), now)
        elif step == "unsubmit":
            twin.do(_op_unsubmit, data.draw(st.integers(0, 1)), now)
        twin.plan(now)


@pytest.fixture
def twin_engines(tmp_path: object) -> Iterator[tuple[Engine, Engine]]:
    a = open_database(f"sqlite:///{tmp_path}/inc.db")
    b = open_database(f"sqlite:///{tmp_path}/full.db")
    yield a, b
    a.dispose()
    b.dispose()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_incremental_equals_full_sqlite(
    twin_engines: tuple[Engine, Engine], data: st.DataObject
) -> None:
    run_twin(Twin(*twin_engines), data)


@pytest.fixture
def pg_twin(pg_url: str, sqlite_url: str) -> Iterator[tuple[Engine, Engine]]:
    a = open_database(pg_url)  # incremental on PostgreSQL, the re-scan on SQLite
    b = open_database(sqlite_url)
    yield a, b
    a.dispose()
    b.dispose()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_incremental_equals_full_postgres(
    pg_twin: tuple[Engine, Engine], data: st.DataObject
) -> None:
    run_twin(Twin(*pg_twin), data)


def test_every_change_trigger_exists(engine: Engine) -> None:
    with Session(engine) as s:
        assert present_triggers(s) == expected_triggers(engine.dialect.name)


def test_idle_tick_does_no_work(engine: Engine) -> None:
    """After a run, with nothing changed and nothing coming due, a tick reads the change
    journal and the state row and nothing else, and writes nothing."""
    with Session(engine) as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        add_chat(s, "100")
        s.commit()
        first = plan_reminders(s, local(2025, 1, 19, 12))
        s.commit()
        assert first.inserted == 1  # the 7-day reminder on Mon 20/01 08:00
        plan_reminders(s, local(2025, 1, 19, 12))  # checks the triggers once per process
        s.commit()
    statements: list[str] = []

    def seen(_conn: object, _cur: object, sql: str, *_args: object) -> None:
        statements.append(sql.split()[0].upper() + " " + sql)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        for minutes in (1, 60, 60 * 11):  # before midnight; the 3-day reminder is beyond 36 h
            with Session(engine) as s:
                res = plan_reminders(s, local(2025, 1, 19, 12) + dt.timedelta(minutes=minutes))
                s.commit()
                assert (res.inserted, res.updated, res.cancelled) == (0, 0, 0)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    tables = {"plan_change", "plan_state"}
    assert len(statements) == 6
    assert all(st_.startswith("SELECT") for st_ in statements)
    assert all(any(t in st_ for t in tables) for st_ in statements)
    assert not any(t in st_ for st_ in statements for t in ("outbox", "chat", "deadline"))


def test_a_change_wakes_the_idle_tick(engine: Engine) -> None:
    """A subscription, a correction or a new chat is planned at the next tick, not later."""
    with Session(engine) as s:
        add_campaign(s, "c1")
        add_deadline(s, "dl1", D(2025, 2, 5))
        add_chat(s, "100")
        s.commit()
        plan_reminders(s, local(2025, 1, 19, 12))
        s.commit()
        add_chat(s, "200", follows=[("campaign", "c1")])  # another process, say
        s.commit()
        res = plan_reminders(s, local(2025, 1, 19, 12, 1))
        s.commit()
        assert res.inserted == 1
        s.execute(text("UPDATE deadline SET due = '2025-02-06' WHERE id = 'dl1'"))
        s.commit()
        res = plan_reminders(s, local(2025, 1, 19, 12, 2))
        s.commit()
        assert res.updated == 2  # 7 working days before 06/02 is Tue 21/01 (beyond 36 h)...


def _bulk_world(s: Session) -> None:
    """Two campaigns of three deadlines each, five chats of varied settings."""
    for i in range(2):
        add_campaign(s, f"c{i}", issuer=ISSUERS[i])
        for j in range(3):
            add_deadline(s, f"c{i}d{j}", D(2025, 1, 20) + dt.timedelta(days=j), f"c{i}")
    for k in range(5):
        add_chat(s, str(100 + k), **PROFILES[k % len(PROFILES)])
    s.commit()


def test_bulk_insert_path_inserts_the_same_rows(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The COPY (PostgreSQL) / large-cache (SQLite) path used for big plans, against the plain
    insert on another database: the same rows, values stored the same way, and idempotent."""
    import scheduler.planning.bulk_insert as bulk_insert

    world = _bulk_world
    now = local(2025, 1, 17, 10)
    other = open_database(f"sqlite:///{tmp_path / 'plain.db'}")
    with Session(other) as s:
        world(s)
        plan_reminders(s, now)
        s.commit()
        plain = snapshot(s)
    other.dispose()
    monkeypatch.setattr(bulk_insert, "BULK", 1)
    with Session(engine) as s:
        world(s)
        first = plan_reminders(s, now)
        s.commit()
        again = plan_reminders(s, now, full=True)
        s.commit()
        assert snapshot(s) == plain
        assert first.inserted == len(plain) > 20 and again.inserted == 0
        row = s.execute(select(OutboxRow).order_by(OutboxRow.id)).scalars().first()  # type: ignore[arg-type]
        assert row is not None and row.send_at.tzinfo is not None and row.status == "pending"


def test_two_bulk_planners_at_once_insert_every_row_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes' first plans running together (the bulk INSERT … SELECT path): neither
    fails on the other's rows, and every reminder is there once (PostgreSQL serialises them
    with an advisory lock, SQLite with its write lock)."""
    import threading

    import scheduler.planning.bulk_insert as bulk_insert

    with Session(engine) as s:
        _bulk_world(s)
    monkeypatch.setattr(bulk_insert, "BULK", 1)
    now = local(2025, 1, 17, 10)
    start = threading.Barrier(2)
    inserted: list[int] = []
    errors: list[BaseException] = []

    def plan() -> None:
        try:
            with Session(engine) as s:
                start.wait()
                inserted.append(plan_reminders(s, now).inserted)
                s.commit()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=plan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(engine) as s:
        keys = s.execute(select(OutboxRow.key)).scalars().all()
    assert len(keys) == len(set(keys)) == sum(inserted) > 20
    assert sorted(inserted)[0] == 0  # the second found every row planned by the first


def _unit_scenario(twin: Twin) -> None:
    """A unit's "Đã nộp" reaches the planner through the journal: a chat joining the unit
    afterwards stops being reminded, an officer's undo and a chat leaving resume reminders."""
    world = {
        "campaigns": [(ISSUERS[0], [1, 6], None)],
        "chats": [(0, [("all", "")]), (0, [("all", "")]), (1, [("campaign", "c0")])],
    }
    twin.do(_build, world)
    now = START
    twin.do(_op_unit, 0, 0, now)
    twin.plan(now)
    twin.do(_op_submit, 0, "c0d0", now)  # due tomorrow: its reminders are pending
    twin.plan(now)
    twin.do(_op_unit, 1, 0, now)  # joins the unit that already submitted
    twin.plan(now)
    twin.do(_op_unit, 2, 0, now)
    twin.do(_op_submit, 0, "c0d1", now)
    twin.plan(now)
    for minutes in (60 * 23, 60 * 24):  # the next reminders come due
        now += dt.timedelta(minutes=minutes)
        twin.plan(now)
    twin.do(_op_unsubmit, 0, now)  # the latest confirmation (c0d1) was a mistake
    twin.plan(now)
    twin.do(_op_unit, 2, None, now)  # leaves the unit
    twin.plan(now + dt.timedelta(hours=30))
    with Session(twin.engines[0]) as s:
        rows = s.execute(select(OutboxRow.ref_id, OutboxRow.status, OutboxRow.last_error)).all()
    done = {(ref, status) for ref, status, error in rows if error == "done"}
    assert ("c0d0", "cancelled") in done  # stopped for the whole unit
    assert any(ref == "c0d1" and status == "pending" for ref, status, _ in rows)  # undone


def test_unit_submissions_incremental_equals_full_sqlite(
    twin_engines: tuple[Engine, Engine],
) -> None:
    _unit_scenario(Twin(*twin_engines))


def test_unit_submissions_incremental_equals_full_postgres(
    pg_twin: tuple[Engine, Engine],
) -> None:
    _unit_scenario(Twin(*pg_twin))
