"""Units and their "Đã nộp": fuzzy names, reminders stopped unit-wide, progress, undo, and the
officers' summary one working day before a cut-off (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from scheduler.planning.run import plan_reminders
from scheduler.progress import campaign_progress, plan_officer_summaries, summary_day
from scheduler.schedule_tables import OutboxRow, UnitRow
from scheduler.units import (
    find_unit,
    record_submission,
    same_unit,
    set_chat_unit,
    undo_submission,
    unit_key,
)
from tests.sched.world import add_campaign, add_chat, add_deadline, add_report, local

D = dt.date


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("UBND xã Vĩnh Hòa", "ubnd xa vinh hoa", True),  # accents and case
        ("Ủy ban nhân dân xã Vĩnh Hòa", "UBND xã Vĩnh Hòa", True),  # the long form
        ("UBND xã Vĩnh Hòa", "UBND xã Vinh Hoà.", True),  # punctuation, accent placement
        ("Phòng Giáo dục và Đào tạo huyện Châu Thành", "Phong Giao duc va Dao tao huyen Chau Tanh", True),  # noqa: E501  a typo
        ("Trường THCS số 1", "Trường THCS số 2", False),  # different numbers
        ("UBND xã Vĩnh Hòa", "UBND xã Vĩnh Hậu", False),  # two letters differ in a short name
        ("UBND xã An Phú", "UBND huyện An Phú", False),
    ],
)
def test_unit_names_match_fuzzily_but_not_loosely(a: str, b: str, same: bool) -> None:
    assert same_unit(unit_key(a), unit_key(b)) is same


def test_donvi_matches_known_units_and_creates_new_ones(engine: Engine) -> None:
    now = local(2025, 1, 19, 12)
    with Session(engine) as s:
        a, b, c = (add_chat(s, str(i)) for i in (1, 2, 3))
        assert a.id and b.id and c.id
        first = set_chat_unit(s, a.id, "  Ủy ban nhân dân xã Vĩnh Hòa ", "u1", now)
        second = set_chat_unit(s, b.id, "ubnd xa vinh hoa", "u2", now)
        third = set_chat_unit(s, c.id, "UBND xã Vĩnh Hậu", "u3", now)
        s.commit()
        assert first.created and not second.created and third.created
        assert first.unit.id == second.unit.id != third.unit.id
        assert first.unit.name == "Ủy ban nhân dân xã Vĩnh Hòa"
        assert len(s.execute(select(UnitRow)).all()) == 2
        found = find_unit(s, "UBND XA VINH HOA")
        assert found is not None and found.id == first.unit.id


def _world(s: Session) -> dict[str, int]:
    add_campaign(s, "c1")
    add_deadline(s, "dl1", D(2025, 2, 5))  # Tết 27/01-02/02 before it
    chats = {
        "a1": add_chat(s, "1"),  # unit A, two chats
        "a2": add_chat(s, "2", kind="group"),
        "b": add_chat(s, "3", platform="zalo"),  # unit B
        "none": add_chat(s, "4"),  # no unit
    }
    s.flush()
    pks = {k: int(v.id or 0) for k, v in chats.items()}
    now = local(2025, 1, 19, 12)
    set_chat_unit(s, pks["a1"], "Phòng Giáo dục huyện Châu Thành", None, now)
    set_chat_unit(s, pks["a2"], "phong giao duc huyen chau thanh", None, now)
    set_chat_unit(s, pks["b"], "UBND xã Vĩnh Hòa", None, now)
    s.commit()
    return pks


def _pending(s: Session) -> set[tuple[int, str, int]]:
    rows = s.execute(
        select(OutboxRow.chat_pk, OutboxRow.ref_id, OutboxRow.lead).where(
            OutboxRow.status == "pending"  # type: ignore[arg-type]
        )
    ).all()
    return {(int(pk), str(ref), int(lead)) for pk, ref, lead in rows}


def test_submission_stops_the_units_reminders_in_every_chat_and_undo_resumes(
    engine: Engine,
) -> None:
    with Session(engine) as s:
        pks = _world(s)
        plan_reminders(s, local(2025, 1, 19, 12))  # 7-day reminders on Mon 20/01 08:00
        s.commit()
        assert {pk for pk, _, _ in _pending(s)} == set(pks.values())
        unit_a = find_unit(s, "Phòng Giáo dục huyện Châu Thành")
        assert unit_a is not None and unit_a.id is not None
        row, cancelled = record_submission(
            s, unit_a.id, "dl1", campaign_id="c1", chat_pk=pks["a2"], user_id="77",
            user_name="Nguyễn Văn A", now=local(2025, 1, 19, 13),
        )  # fmt: skip
        s.commit()
        assert cancelled == 2  # both chats of unit A
        assert {pk for pk, _, _ in _pending(s)} == {pks["b"], pks["none"]}
        # pressing again (in the other chat of the unit) records nothing new
        again, n = record_submission(
            s, unit_a.id, "dl1", campaign_id="c1", chat_pk=pks["a1"], user_id="78",
            user_name=None, now=local(2025, 1, 19, 14),
        )  # fmt: skip
        assert again.id == row.id and again.user_id == "77" and n == 0
        # the 3-day reminders (Fri 24/01: Tết takes 27/01-31/01) skip unit A
        for day in (23, 24):
            plan_reminders(s, local(2025, 1, day, 12))
            s.commit()
        assert {pk for pk, _, lead in _pending(s) if lead == 3} == {pks["b"], pks["none"]}
        items = campaign_progress(s, "c1", D(2025, 1, 24))
        assert [(i.ref_id, len(i.confirmed), i.total, i.missing) for i in items] == [
            ("dl1", 1, 2, ["UBND xã Vĩnh Hòa"])
        ]
        assert items[0].confirmed[0].user == "Nguyễn Văn A"
        # the officer undoes it: unit A is reminded again (the latest due reminder, once)
        undone = undo_submission(s, unit_a.id, None, local(2025, 1, 24, 12))
        s.commit()
        assert undone is not None and undone.ref_id == "dl1"
        plan_reminders(s, local(2025, 1, 24, 12, 1))
        s.commit()
        pending = _pending(s)
        assert {(pk, lead) for pk, _, lead in pending if pk in (pks["a1"], pks["a2"])} == {
            (pks["a1"], 3),
            (pks["a2"], 3),
        }
        assert campaign_progress(s, "c1", D(2025, 1, 24))[0].total == 2
        assert undo_submission(s, unit_a.id, None, local(2025, 1, 24, 12)) is None


def test_bulk_planning_path_also_skips_submitted_units(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scheduler.planning.bulk_insert as bulk_insert

    monkeypatch.setattr(bulk_insert, "BULK", 1)  # the INSERT … SELECT path
    with Session(engine) as s:
        pks = _world(s)
        unit_b = find_unit(s, "UBND xã Vĩnh Hòa")
        assert unit_b is not None and unit_b.id is not None
        record_submission(s, unit_b.id, "dl1", campaign_id="c1", chat_pk=pks["b"], user_id="9",
                          user_name=None, now=local(2025, 1, 19, 11))  # fmt: skip
        s.commit()
        plan_reminders(s, local(2025, 1, 19, 12))
        s.commit()
        assert {pk for pk, _, _ in _pending(s)} == {pks["a1"], pks["a2"], pks["none"]}


def test_officer_summary_the_working_day_before_once(engine: Engine) -> None:
    officers = {("telegram", "900")}
    with Session(engine) as s:
        pks = _world(s)
        add_report(s, "r1", "monthly", day=10)  # occurrences count too (10/02, 10/03, …)
        add_chat(s, "900", follows=())  # the officer's private chat
        add_chat(s, "901", follows=())  # a user who is not an officer
        s.commit()
        unit_a = find_unit(s, "Phòng Giáo dục huyện Châu Thành")
        assert unit_a is not None and unit_a.id is not None
        record_submission(s, unit_a.id, "dl1", campaign_id="c1", chat_pk=pks["a1"],
                          user_id="1", user_name=None, now=local(2025, 1, 20, 9))  # fmt: skip
        s.commit()
        assert summary_day(D(2025, 2, 5)) == D(2025, 2, 4)  # Tue, Wed cut-off
        assert summary_day(D(2025, 2, 3)) == D(2025, 1, 24)  # Mon 03/02: Tết before it
        # the day before the summary day, and the morning before the officer's hour: nothing
        assert plan_officer_summaries(s, local(2025, 2, 3, 9), officers) == 0
        assert plan_officer_summaries(s, local(2025, 2, 4, 7, 59), officers) == 0
        assert plan_officer_summaries(s, local(2025, 2, 4, 8, 0), officers) == 1
        s.commit()
        # a replan, or a restart (new session, same database), adds nothing
        assert plan_officer_summaries(s, local(2025, 2, 4, 8, 5), officers) == 0
    with Session(engine) as s:
        assert plan_officer_summaries(s, local(2025, 2, 4, 15), officers) == 0
        rows = list(s.execute(select(OutboxRow).where(OutboxRow.kind == "progress")).scalars())  # type: ignore[arg-type]
        assert len(rows) == 1
        row = rows[0]
        assert row.key.startswith("progress:dl1:telegram:") and row.text
        assert "1/2 đơn vị đã xác nhận nộp; chưa: UBND xã Vĩnh Hòa." in row.text
        assert "05/02/2025" in row.text
        # the monthly report due Mon 10/02 gets its own summary on Fri 07/02
        assert plan_officer_summaries(s, local(2025, 2, 7, 9), officers) == 1
        s.commit()
        kind = OutboxRow.kind == "progress"  # type: ignore[arg-type]
        refs = set(s.execute(select(OutboxRow.ref_id).where(kind)).scalars())
        assert refs == {"dl1", "r1@2025-02"}


def test_undo_brings_back_only_the_latest_due_reminder(engine: Engine) -> None:
    """Two reminders cancelled by the confirmation are both due at the undo: only the later
    one is put back (the dispatcher could claim both before the next plan tick)."""
    with Session(engine) as s:
        pks = _world(s)
        plan_reminders(s, local(2025, 1, 19, 12))  # 7-day, Mon 20/01 08:00
        s.commit()
        plan_reminders(s, local(2025, 1, 23, 12))  # 3-day, Fri 24/01 08:00 (7-day not sent)
        s.commit()
        unit_b = find_unit(s, "UBND xã Vĩnh Hòa")
        assert unit_b is not None and unit_b.id is not None
        assert {lead for pk, _, lead in _pending(s) if pk == pks["b"]} == {7, 3}
        _, n = record_submission(
            s, unit_b.id, "dl1", campaign_id="c1", chat_pk=pks["b"], user_id="5",
            user_name=None, now=local(2025, 1, 23, 13),
        )  # fmt: skip
        s.commit()
        assert n == 2
        undo_submission(s, unit_b.id, "dl1", local(2025, 1, 24, 9))
        s.commit()
        assert {lead for pk, _, lead in _pending(s) if pk == pks["b"]} == {3}
        plan_reminders(s, local(2025, 1, 24, 9, 1))
        s.commit()
        assert {lead for pk, _, lead in _pending(s) if pk == pks["b"]} == {3}
