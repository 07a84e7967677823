"""A recurring rule with a stated day is answered with its concrete date, the one reminders use."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from bot.cli import _register, app
from bot.db import open_database
from knowledge.answer.core import answer
from knowledge.dates.recurring import RecurringRule, expand, stated_occurrences
from knowledge.documents.ingest import extract_document
from knowledge.index.base import KnowledgeBase
from scheduler.targets import load_targets

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

DOC = """ỦY BAN NHÂN DÂN TỈNH AN GIANG
Số: 12/KH-UBND
An Giang, ngày 10 tháng 01 năm 2025

KẾ HOẠCH
Tổ chức phong trào thi đua thực hiện nhiệm vụ năm 2025

I. THỜI GIAN
Phong trào thi đua được triển khai từ ngày 15/01/2025 đến ngày 31/12/2025.

II. CHẾ ĐỘ BÁO CÁO
""" + (
    "Các sở, ban, ngành gửi báo cáo kết quả thực hiện phong trào thi đua trước ngày 20 hàng "
    "tháng về Sở Nội vụ.\n"
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_documents([extract_document(DOC, "kh12_an_giang.txt")])


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2025, 3, 5, 9, tzinfo=TZ), "Hạn gần nhất: 20/03/2025 (còn 15 ngày)"),
        (dt.datetime(2025, 3, 20, 9, tzinfo=TZ), "Hạn gần nhất: 20/03/2025 (hôm nay là hạn cuối)"),
        (dt.datetime(2025, 3, 21, 9, tzinfo=TZ), "Hạn gần nhất: 20/04/2025 (còn 30 ngày)"),
        (dt.datetime(2024, 12, 1, 9, tzinfo=TZ), "Hạn gần nhất: 20/01/2025"),  # before the start
    ],
)
def test_next_monthly_date_from_now(kb: KnowledgeBase, now: dt.datetime, expected: str) -> None:
    a = answer(kb, "báo cáo hàng tháng gửi trước ngày nào?", now)
    assert a.answered and expected in a.text, a.text
    assert "trước ngày 20 hàng tháng" in a.text


@pytest.mark.parametrize("question", ["bao cao thang 6 nop truoc ngay nao",
                                      "tháng 6 có hạn gì?", "trong tháng 6/2025 phải nộp gì"])
def test_month_asked_gives_that_months_date(kb: KnowledgeBase, question: str) -> None:
    a = answer(kb, question, dt.datetime(2025, 3, 5, 9, tzinfo=TZ))
    assert a.answered and "20/06/2025" in a.text and "Sở Nội vụ" in a.text, a.text
    assert "20/05/2025" not in a.text and "20/07/2025" not in a.text
    assert a.citations and a.citations[0].quote in DOC


def test_upcoming_lists_report_occurrences_in_the_window(kb: KnowledgeBase) -> None:
    a = answer(kb, "sắp tới có hạn gì?", dt.datetime(2025, 3, 5, 9, tzinfo=TZ))
    assert "20/03/2025" in a.text and "20/04/2025" in a.text, a.text
    late = answer(kb, "sắp tới có hạn gì?", dt.datetime(2025, 12, 25, 9, tzinfo=TZ))
    assert "20/01/2026" not in late.text  # the campaign ends on 31/12/2025


def test_no_date_after_the_campaign_ended(kb: KnowledgeBase) -> None:
    a = answer(kb, "báo cáo hàng tháng gửi trước ngày nào?", dt.datetime(2026, 2, 1, tzinfo=TZ))
    assert a.answered and "trước ngày 20 hàng tháng" in a.text
    assert "Hạn gần nhất" not in a.text  # the campaign ended on 31/12/2025


def test_answer_and_reminders_date_alike() -> None:
    """The answer's dates are the planner's occurrences when the document states the day."""
    for period, day, month in [("monthly", 20, None), ("quarterly", 15, None),
                               ("yearly", 15, 3), ("six_monthly", 31, 6)]:
        lo, hi = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
        assert stated_occurrences(period, day, month, lo, hi) == expand(
            period, day, month, lo, hi, RecurringRule(working_days_before_end=2))
    # without a stated day the answer invents no date (the officer's rule dates reminders)
    assert stated_occurrences("monthly", None, None, dt.date(2025, 1, 1),
                              dt.date(2025, 12, 31)) == []


def test_cli_deadlines_lists_report_occurrences(sqlite_url: str, tmp_path: Path) -> None:
    """`thiduabot deadlines` dates recurring reports as the reminders do."""
    _register()
    doc = tmp_path / "kh12_an_giang.txt"
    doc.write_text(DOC, encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(doc), "--db", sqlite_url, "--now", "2025-03-05"])
    assert done.exit_code == 0, done.output
    base = ["deadlines", "--db", sqlite_url, "--json", "--now", "2025-03-05"]
    rows = json.loads(runner.invoke(app, base).output)["deadlines"]
    reports = [r for r in rows if r["kind"] == "periodic_report"]
    assert [r["due"] for r in reports] == ["2025-03-20"]  # the next one only
    assert reports[0]["recipient"] == "Sở Nội vụ" and reports[0]["day_stated"] is True
    ranged = json.loads(runner.invoke(app, [*base, "--to", "2025-06-30"]).output)["deadlines"]
    assert [r["due"] for r in ranged if r["kind"] == "periodic_report"] == [
        "2025-03-20", "2025-04-20", "2025-05-20", "2025-06-20"]
    with Session(open_database(sqlite_url)) as session:
        targets, _ = load_targets(session, dt.date(2025, 3, 5))
    assert sorted(t.due.isoformat() for t in targets if t.kind == "recurring")[:4] == [
        "2025-03-20", "2025-04-20", "2025-05-20", "2025-06-20"]  # what reminders will name
