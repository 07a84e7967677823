"""Ingestion into SQLite and PostgreSQL: idempotence, stable ids, corrections, bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import _register, app
from bot.db import open_database
from knowledge.documents.ingest import ensure_samples, ingest_paths, iter_ingest_paths
from knowledge.store import repository
from knowledge.store.tables import DeadlineRow, DocumentRow, WarningRow
from tests.test_loader import encode_cp1258

NOW = dt.datetime(2025, 2, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
LIMIT = 20 * 1024 * 1024
runner = CliRunner()
_register()


def cli(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env or {})


def test_samples_ingest_once_then_unchanged(db_url: str, samples_dir: Path) -> None:
    engine = open_database(db_url)
    first = ingest_paths(engine, sorted(samples_dir.glob("*.txt")), now=NOW, max_bytes=LIMIT)
    assert [r.outcome for r in first] == ["created"] * 5
    with Session(engine) as s:
        before = sorted((d.id, d.due) for d in s.exec(select(DeadlineRow)))
        n_warnings = len(s.exec(select(WarningRow)).all())
    again = ingest_paths(engine, sorted(samples_dir.glob("*.txt")), now=NOW, max_bytes=LIMIT)
    assert [r.outcome for r in again] == ["unchanged"] * 5
    with Session(engine) as s:
        assert sorted((d.id, d.due) for d in s.exec(select(DeadlineRow))) == before
        assert len(s.exec(select(WarningRow)).all()) == n_warnings
        docs = repository.load_documents(s)
    assert [d.source for d in docs] == sorted(p.name for p in samples_dir.glob("*.txt"))
    engine.dispose()


def test_changed_file_replaces_campaign_and_keeps_unchanged_ids(
    db_url: str, samples_dir: Path, tmp_path: Path
) -> None:
    src = next(samples_dir.glob("003_*.txt"))
    doc_path = tmp_path / src.name
    shutil.copy(src, doc_path)
    engine = open_database(db_url)
    ingest_paths(engine, [doc_path], now=NOW, max_bytes=LIMIT)
    with Session(engine) as s:
        old = {d.kind: d.id for d in s.exec(select(DeadlineRow))}
    text = doc_path.read_text(encoding="utf-8")
    doc_path.write_text(
        text.replace("trước ngày 31 tháng 7 năm 2025", "trước ngày 15 tháng 8 năm 2025")
    )
    [result] = ingest_paths(engine, [doc_path], now=NOW, max_bytes=LIMIT)
    assert result.outcome == "updated"
    with Session(engine) as s:
        rows = {d.kind: d for d in s.exec(select(DeadlineRow))}
        assert len(s.exec(select(DocumentRow)).all()) == 1
    assert rows["plan_submission"].id == old["plan_submission"]
    assert rows["final_report"].id != old["final_report"]
    assert rows["final_report"].due == dt.date(2025, 8, 15)
    engine.dispose()


def test_sidecar_correction_fixes_year_and_survives_reingest(
    db_url: str, samples_dir: Path, tmp_path: Path
) -> None:
    src = next(samples_dir.glob("000_*.txt"))
    doc_path = tmp_path / src.name
    shutil.copy(src, doc_path)
    doc_path.with_suffix(".yaml").write_text(
        "campaign:\n  deadlines:\n    - kind: registration\n      date_text: 15/02/2020\n"
        "      due: 15/02/2021\n",
        encoding="utf-8",
    )
    engine = open_database(db_url)
    [r] = ingest_paths(engine, [doc_path], now=NOW, max_bytes=LIMIT)
    assert r.ok, r.reason
    assert r.document is not None
    assert r.document.campaign.deadlines[0].due == dt.date(2021, 2, 15)
    assert r.document.warnings == []  # the corrected field's warning is gone
    [again] = ingest_paths(engine, [doc_path], now=NOW, max_bytes=LIMIT)
    assert again.outcome == "unchanged"
    with Session(engine) as s:
        assert [d.due for d in s.exec(select(DeadlineRow))] == [dt.date(2021, 2, 15)]
    engine.dispose()


def test_cli_set_option_is_stored_and_survives_reingest(
    sqlite_url: str, samples_dir: Path, tmp_path: Path
) -> None:
    src = next(samples_dir.glob("001_*.txt"))
    doc_path = tmp_path / src.name
    shutil.copy(src, doc_path)
    res = cli("ingest", str(doc_path), "--db", sqlite_url, "--set", "document.number=68/KH-UBND")
    assert res.exit_code == 0, res.output
    doc_path.write_text(doc_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    res = cli("ingest", str(doc_path), "--db", sqlite_url, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["results"][0]["outcome"] == "updated"
    assert data["results"][0]["campaign"]["document"]["number"] == "68/KH-UBND"


def test_bad_inputs_each_get_one_line_and_good_files_still_land(
    sqlite_url: str, samples_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_text(
        "KẾ HOẠCH\nThi đua năm 2024\nĐăng ký thi đua gửi về Sở Nội vụ trước ngày 15/3/2024.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "big.txt").write_text("thi đua " * 400, encoding="utf-8")
    (tmp_path / "unrelated.txt").write_text("Thực đơn bữa trưa: cơm, canh, cá.", encoding="utf-8")
    cp1258 = "Kế hoạch thi đua năm 2024. Đăng ký thi đua trước ngày 15/3/2024."
    (tmp_path / "vn1258.txt").write_bytes(encode_cp1258(cp1258))
    missing = tmp_path / "nope.txt"
    env = {"THIDUABOT_MAX_FILE_BYTES": "3000"}
    args = ["ingest", *(str(p) for p in sorted(tmp_path.glob("*.*"))), str(missing)]
    res = cli(*args, "--db", sqlite_url, env=env)
    assert res.exit_code == 1
    err = res.stderr
    for name in ("empty.txt", "binary.txt", "sheet.xlsx", "big.txt", "unrelated.txt", "nope.txt"):
        lines = [line for line in err.splitlines() if name in line]
        assert len(lines) == 1, (name, err)
    assert "good.txt" not in err and "vn1258.txt" not in err
    engine = open_database(sqlite_url)
    with Session(engine) as s:
        sources = sorted(r.source for r in s.exec(select(DocumentRow)))
    assert sources == ["good.txt", "vn1258.txt"]


def test_one_transaction_per_document(
    sqlite_url: str, samples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_database(sqlite_url)
    original = repository.insert
    calls = {"n": 0}

    def failing_insert(table):  # type: ignore[no-untyped-def]
        if table is DeadlineRow.__table__ and calls["n"] == 0:
            calls["n"] += 1
            raise RuntimeError("disk full")
        return original(table)

    monkeypatch.setattr(repository, "insert", failing_insert)
    paths = [next(samples_dir.glob("000_*.txt")), next(samples_dir.glob("003_*.txt"))]
    results = ingest_paths(engine, paths, now=NOW, max_bytes=LIMIT)
    assert [r.ok for r in results] == [False, True]
    assert "disk full" in (results[0].reason or "")
    with Session(engine) as s:
        assert [d.source for d in s.exec(select(DocumentRow))] == [paths[1].name]
        assert len(s.exec(select(DeadlineRow)).all()) > 0  # the second document is whole


def test_ensure_samples_only_fills_an_empty_database(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    assert len(ensure_samples(engine, NOW)) == 5
    assert ensure_samples(engine, NOW) == []


def test_cli_reads_back_campaigns_deadlines_and_show(sqlite_url: str, samples_dir: Path) -> None:
    assert cli("ingest", str(samples_dir), "--db", sqlite_url).exit_code == 0
    res = cli("campaigns", "--db", sqlite_url, "--json", "--active-on", "2022-03-10")
    names = [c["source"] for c in json.loads(res.stdout)["campaigns"]]
    assert sorted(names) == ["001_1844cb60f03d4804.txt", "004_c3d5938cf0a9dac5.txt"]
    res = cli(
        "deadlines", "--db", sqlite_url, "--json", "--from", "2025-01-01", "--to", "2025-12-31"
    )
    rows = json.loads(res.stdout)["deadlines"]
    assert [(r["due"], r["kind"]) for r in rows] == [
        ("2025-02-25", "plan_submission"),
        ("2025-07-31", "final_report"),
    ]
    assert all(r["source"].startswith("003_") for r in rows)
    res = cli("show", "000_3b7d2929bbb28171", "--db", sqlite_url, "--json")
    data = json.loads(res.stdout)
    assert data["document"]["number"] == "31/KH-UBND"
    assert data["warnings"][0]["code"] == "deadline_before_issue"
    assert data["deadlines"][0]["source"] == "000_3b7d2929bbb28171.txt"
    assert data["phases"][0]["document_number"] == "31/KH-UBND"
    res = cli("campaigns", "--db", sqlite_url, "--now", "2021-03-01")
    assert res.exit_code == 0 and "đang diễn" in res.stdout
    bad = cli("deadlines", "--db", sqlite_url, "--from", "31/13/2025")
    assert bad.exit_code == 2 and "--from" in bad.stderr
    missing = cli("show", "khong-co", "--db", sqlite_url)
    assert missing.exit_code == 2


def test_ingest_publish_announces_to_following_chats(sqlite_url: str, samples_dir: Path) -> None:
    from scheduler.schedule_tables import OutboxRow
    from scheduler.subscriptions import get_or_create_chat, subscribe

    engine = open_database(sqlite_url)
    with Session(engine) as s:
        group = get_or_create_chat(s, "telegram", "-100", "group", "Cụm thi đua", NOW)
        other = get_or_create_chat(s, "zalo", "abc", "private", None, NOW)
        subscribe(s, group, "all", "", NOW)
        subscribe(s, other, "issuer", "UBND tỉnh Điện Biên", NOW)
        s.commit()
    doc = str(next(samples_dir.glob("003_*.txt")))
    res = cli("ingest", doc, "--db", sqlite_url, "--publish", "--now", "2025-01-20", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["announced"] == 1
    with Session(engine) as s:
        launches = s.exec(select(OutboxRow).where(OutboxRow.kind == "launch")).all()
    assert [(r.platform, r.campaign_id) for r in launches] == [
        ("telegram", json.loads(res.stdout)["results"][0]["campaign"]["id"])
    ]
    again = cli("ingest", doc, "--db", sqlite_url, "--publish", "--now", "2025-01-20", "--json")
    assert json.loads(again.stdout)["announced"] == 0  # unchanged: no second launch


def test_scheduler_setting_is_stored_and_reingest_still_works(
    sqlite_url: str, samples_dir: Path, tmp_path: Path
) -> None:
    doc_path = tmp_path / "001.txt"
    shutil.copy(next(samples_dir.glob("001_*.txt")), doc_path)
    res = cli("ingest", str(doc_path), "--db", sqlite_url, "--set", "scheduler.recurring_due=3")
    assert res.exit_code == 0, res.output
    engine = open_database(sqlite_url)
    with Session(engine) as s:
        assert repository.load_corrections(s, "001.txt") == {"scheduler.recurring_due": 3}
    doc_path.write_text(doc_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cli("ingest", str(doc_path), "--db", sqlite_url).exit_code == 0  # re-ingest is fine
    bad = cli("ingest", str(doc_path), "--db", sqlite_url, "--set", "scheduler.recurring_due=x")
    assert bad.exit_code == 2 and "scheduler.recurring_due" in bad.stderr


def test_same_file_name_twice_in_one_run_is_an_update(sqlite_url: str, tmp_path: Path) -> None:
    text = "KẾ HOẠCH\nThi đua năm 2024\nĐăng ký thi đua gửi về Sở Nội vụ trước ngày 15/3/2024.\n"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ke-hoach.txt").write_text(
            text.replace("15/3", "15/3" if folder == "a" else "20/3"), encoding="utf-8"
        )
    engine = open_database(sqlite_url)
    results = ingest_paths(engine, [tmp_path / "a", tmp_path / "b"], now=NOW, max_bytes=LIMIT)
    assert [r.outcome for r in results] == ["created", "updated"]
    with Session(engine) as s:
        assert [d.due for d in s.exec(select(DeadlineRow))] == [dt.date(2024, 3, 20)]


def test_a_run_reports_each_document_only_once_it_is_committed(
    sqlite_url: str, samples_dir: Path, tmp_path: Path
) -> None:
    """Results stream in file order; each one is already readable from another connection,
    across several batches, with a failure in the middle that does not stop the rest."""
    samples = sorted(samples_dir.glob("*.txt"))
    names = []
    for i in range(40):  # more than one batch
        name = f"{i:02d}.txt"
        if i == 17:
            (tmp_path / name).write_bytes(b"")  # empty file: fails, others still land
        else:
            shutil.copy(samples[i % len(samples)], tmp_path / name)
        names.append(name)
    engine = open_database(sqlite_url)
    reader = open_database(sqlite_url)
    seen = []
    for result in iter_ingest_paths(engine, [tmp_path], now=NOW, max_bytes=LIMIT):
        seen.append(result.source)
        with Session(reader) as s:
            stored = s.exec(select(DocumentRow.source)).all()
        assert (result.source in stored) == result.ok, result
        assert len(stored) == sum(1 for n in seen if n != "17.txt")
    assert seen == names
