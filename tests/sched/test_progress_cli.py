"""`thiduabot progress CAMPAIGN [--json] [--undo UNIT [--ref REF]]` on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from bot.cli import _register, app
from scheduler.units import find_unit, record_submission, set_chat_unit
from tests.sched.world import add_campaign, add_chat, add_deadline, local

D = dt.date


def test_progress_json_and_undo(sqlite_engine: Engine, sqlite_url: str) -> None:
    with Session(sqlite_engine) as s:
        add_campaign(s, "c1", name="Phong trào thi đua yêu nước năm 2025")
        add_deadline(s, "dl1", D(2025, 2, 5))
        add_deadline(s, "dl_old", D(2025, 1, 2))  # more than two weeks ago: not listed
        pks = [add_chat(s, str(i)).id for i in (1, 2, 3)]
        now = local(2025, 1, 20, 9)
        names = ("UBND xã Vĩnh Hòa", "UBND xã Vĩnh Hậu", "UBND xã Vĩnh Hòa")
        for pk, name in zip(pks, names, strict=True):
            assert pk is not None
            set_chat_unit(s, pk, name, None, now)
        unit = find_unit(s, "UBND xã Vĩnh Hòa")
        assert unit is not None and unit.id is not None
        record_submission(s, unit.id, "dl1", campaign_id="c1", chat_pk=pks[2], user_id="42",
                          user_name="Lê Văn C", now=now)  # fmt: skip
        s.commit()
    if not app.registered_commands:
        _register()
    runner = CliRunner()
    db = ["--db", sqlite_url, "--now", "2025-01-20T10:00"]
    out = runner.invoke(app, ["progress", "c1", "--json", *db])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [(d["ref_id"], d["confirmed_count"], d["total"], d["missing"]) for d in data] == [
        ("dl1", 1, 2, ["UBND xã Vĩnh Hậu"])
    ]
    assert data[0]["confirmed"][0]["unit"] == "UBND xã Vĩnh Hòa"
    assert data[0]["confirmed"][0]["by"] == "Lê Văn C"
    assert data[0]["confirmed"][0]["at"] == "2025-01-20T09:00:00+07:00"
    text = runner.invoke(app, ["progress", "yêu nước 2025", *db])
    assert text.exit_code == 0 and "1/2 đơn vị đã xác nhận nộp" in text.output
    assert "Chưa: UBND xã Vĩnh Hậu" in text.output
    missing = runner.invoke(app, ["progress", "c1", "--undo", "UBND xã Vĩnh Hậu", *db])
    assert missing.exit_code == 2, missing.output
    undone = runner.invoke(app, ["progress", "c1", "--undo", "ubnd xa vinh hoa", "--ref", "dl1",
                                 "--json", *db])  # fmt: skip
    assert undone.exit_code == 0, undone.output
    after = json.loads(undone.stdout)
    assert after[0]["confirmed_count"] == 0 and after[0]["total"] == 2
    unknown = runner.invoke(app, ["progress", "zzqx-9999", *db])
    assert unknown.exit_code == 2 and "không tìm thấy phong trào" in unknown.output
