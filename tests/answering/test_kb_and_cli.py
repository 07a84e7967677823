"""The knowledge base's indexes, loading it from the database, follow-up context, and `ask`."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from typer.testing import CliRunner

from bot.cli import _register, app
from bot.db import open_database
from knowledge.answer.contract import ConversationContext
from knowledge.answer.core import answer, next_context
from knowledge.documents.ingest import ensure_samples
from knowledge.index.base import KnowledgeBase
from knowledge.schema import (
    Campaign,
    Deadline,
    DeadlineKind,
    DocumentInfo,
    ExtractedDocument,
    Phase,
    Section,
)
from knowledge.store.saved_index import open_knowledge_base

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2025, 2, 20, 9, 0, tzinfo=TZ)


def _doc(source: str, province: str, year: int, due: dt.date) -> ExtractedDocument:
    return ExtractedDocument(
        source=source,
        document=DocumentInfo(
            doc_type="Kế hoạch",
            number=f"{year % 100}/KH-UBND",
            issuer=f"UBND tỉnh {province}",
            province=province,
            issue_date=dt.date(year, 1, 10),
        ),
        campaign=Campaign(
            id=f"c-{source}",
            name=f"Phong trào thi đua năm {year}",
            year=year,
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            phases=[Phase(name="Đợt 1", start=dt.date(year, 1, 1), end=dt.date(year, 6, 30))],
            deadlines=[
                Deadline(
                    kind=DeadlineKind.FINAL_REPORT,
                    due=due,
                    what="Báo cáo tổng kết",
                    recipient="Sở Nội vụ",
                    quote=f"Báo cáo tổng kết gửi Sở Nội vụ trước ngày {due:%d/%m/%Y}.",
                    section="IV. TỔ CHỨC THỰC HIỆN",
                )
            ],
        ),
        sections=[
            Section(
                path=["IV. TỔ CHỨC THỰC HIỆN"],
                text=f"Báo cáo tổng kết gửi Sở Nội vụ trước ngày {due:%d/%m/%Y}.\n"
                "Mỗi huyện chọn 02 mô hình dân vận khéo tiêu biểu để nhân rộng.",
            )
        ],
    )


def _small_kb() -> KnowledgeBase:
    docs = (
        _doc(f"{i:03d}.txt", p, y, dt.date(y, 11, 30))
        for i, (p, y) in enumerate([("Cà Mau", 2023), ("Lạng Sơn", 2024), ("Cà Mau", 2024)])
    )
    return KnowledgeBase.from_documents(docs)  # a generator: documents are not kept


def test_indexes() -> None:
    """Deadlines by date, phases on a day, places, years, BM25 and typo correction."""
    kb = _small_kb()
    assert len(kb) == 3
    assert [i for _, i, _ in kb.deadlines_between(dt.date(2024, 1, 1), dt.date(2024, 12, 31))] == [
        1,
        2,
    ]
    assert {i for *_, i, _ in kb.phases_on(dt.date(2023, 3, 1))} == {0}
    assert sorted(kb.docs_for_place("ca mau")) == [0, 2]
    assert sorted(kb.docs_for_year(2024)) == [1, 2]
    scores = kb.bm25(["lang", "son"])  # only in document 1's issuer
    assert scores.shape == (3,) and float(scores[1]) > 0 and float(scores[0]) == 0
    assert kb.doc_has("kheo", 2) and not kb.doc_has("lang", 2)
    assert kb.correct("kheoo") == "kheo"
    assert kb.correct("zzzzzz") is None
    assert kb.document(1).source == "001.txt"


def test_answers_over_small_base() -> None:
    """Place and year pick the campaign; a passage answers what no field holds."""
    kb = _small_kb()
    ans = answer(kb, "Hạn báo cáo tổng kết của Lạng Sơn năm 2024?", NOW)
    assert ans.answered and "30/11/2024" in ans.text and ans.campaigns == ["c-001.txt"]
    ans = answer(kb, "Cà Mau mỗi huyện chọn mấy mô hình dân vận khéo năm 2023?", NOW)
    assert ans.answered and "02 mô hình" in ans.text and ans.citations[0].source == "000.txt"
    ans = answer(kb, "Hạn báo cáo tổng kết của Cà Mau?", NOW)
    assert ans.answered and ans.choices  # two Cà Mau campaigns: the other is offered
    assert not answer(kb, "Hạn báo cáo của Bến Tre năm 2024?", NOW).answered


def test_follow_up_context() -> None:
    """The context keeps the campaign; a short follow-up answers about it."""
    kb = _small_kb()
    first = answer(kb, "Hạn báo cáo tổng kết của Lạng Sơn năm 2024?", NOW)
    ctx = next_context(None, first)
    assert ctx.campaign_id == "c-001.txt" and ctx.intent == "deadline"
    second = answer(kb, "gửi về đâu?", NOW, ctx)
    assert "Sở Nội vụ" in second.text and second.campaigns == ["c-001.txt"]
    refused = answer(kb, "giá vàng hôm nay?", NOW, ctx)
    assert next_context(ctx, refused).campaign_id == "c-001.txt"


def test_english_frames() -> None:
    """English questions get English frame sentences."""
    kb = _small_kb()
    ans = answer(kb, "When is the final report due for Lang Son in 2024?", NOW)
    assert ans.language == "en" and ans.text.startswith(("Báo cáo", "Send", "Deadlines"))
    assert "Source:" in ans.text
    ctx = ConversationContext(language="en")
    assert answer(kb, "what about Ca Mau 2023?", NOW, ctx).language == "en"


def test_load_from_database(db_url: str) -> None:
    """open_knowledge_base streams the published documents the ingestion stored (SQLite, PG)."""
    engine = open_database(db_url)
    ensure_samples(engine, NOW)
    kb = open_knowledge_base(engine)
    assert len(kb) == 5
    ans = answer(kb, "Phương châm năm 2022 của Điện Biên là gì?", NOW)
    assert ans.answered and "Đoàn kết kỷ cương" in ans.text


def test_cli_ask_json(sqlite_url: str) -> None:
    """`thiduabot ask --json` on an empty database ingests the samples and answers."""
    _register()
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "ask",
            "Hạn gửi kế hoạch thi đua đặc biệt An Giang",
            "--db",
            sqlite_url,
            "--json",
            "--now",
            "2025-02-01",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["answered"] is True and data["intent"] == "deadline"
    assert "25/02/2025" in data["text"] and "còn 24 ngày" in data["text"]
    cite = data["citations"][0]
    assert cite["source"] == "003_a5b8b792df3e9a58.txt" and cite["section"] and cite["quote"]
    result = runner.invoke(app, ["ask", "Giá vàng hôm nay?", "--db", sqlite_url])
    assert result.exit_code == 0 and "ngoài" in result.output
