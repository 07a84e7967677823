"""Free-text questions through the Router to the real answering core over the real samples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.db import open_database
from handlers.messages import IncomingDocument
from handlers.router import Router
from handlers.services import Services
from knowledge.documents.ingest import ensure_samples
from scheduler import subscriptions as subs
from tests.handlers.conftest import TZ, Chat

NOW = dt.datetime(2025, 2, 20, 9, 30, tzinfo=TZ)
DOC = Path(__file__).parent / "data" / "ke_hoach_thi_dua_2026.txt"


@pytest.fixture
def samples_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = open_database(sqlite_url)
    ensure_samples(engine, NOW)
    yield engine
    engine.dispose()


@pytest.fixture
def router(samples_engine: Engine) -> Router:
    return Router(Services.create(samples_engine, admins={("telegram", "1")}, tz=TZ))


def _datas(reply) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.data for row in reply.buttons for b in row]


async def test_deadline_question_cites_and_offers_a_reminder(router: Router) -> None:
    chat = Chat(router)
    [reply] = await chat.send("han gui ke hoach dot thi dua dac biet la khi nao")
    assert "25/02/2025" in reply.text
    assert "Nguồn:" in reply.text
    remind = [d for d in _datas(reply) if d.startswith("remind:")]
    assert len(remind) == 1
    [done] = await chat.press(remind[0])
    assert done.text.startswith("Đã đăng ký nhắc hạn cho “")
    with Session(router.services.engine) as s:
        row = subs.get_or_create_chat(s, "telegram", "100", "private", None, NOW)
        assert [(r.scope, r.value) for r in subs.list_subscriptions(s, row)] == [
            ("campaign", remind[0].split(":", 1)[1])
        ]
    # Now that the chat follows the campaign, the same answer offers no reminder button.
    [again] = await chat.send("han gui ke hoach dot thi dua dac biet la khi nao")
    assert "25/02/2025" in again.text and not any(d.startswith("remind:") for d in _datas(again))


async def test_no_reminder_offered_for_a_past_deadline(router: Router) -> None:
    chat = Chat(router, now=dt.datetime(2025, 8, 15, 9, 0, tzinfo=TZ))
    [reply] = await chat.send("han gui ke hoach dot thi dua dac biet la khi nao")
    assert "25/02/2025" in reply.text
    assert not any(d.startswith("remind:") for d in _datas(reply))


async def test_group_answers_only_when_addressed(router: Router) -> None:
    group = Chat(router, chat_id="-42", chat_kind="group")
    assert await group.send("hạn nộp báo cáo tổng kết?", addressed=False) == []
    [reply] = await group.send("@thiduabot hạn nộp báo cáo tổng kết là khi nào?")
    assert "31/07/2025" in reply.text and "Nguồn:" in reply.text


async def test_follow_up_uses_the_chat_context(router: Router) -> None:
    chat = Chat(router)
    [first] = await chat.send(
        "kế hoạch 31/KH-UBND có mấy đợt thi đua?", now=NOW.replace(year=2021)
    )
    assert "Đợt 1" in first.text
    [second] = await chat.send("đợt 2 kết thúc ngày nào?", now=NOW.replace(year=2021))
    assert "31/12/2021" in second.text
    # Another chat has its own context.
    [other] = await Chat(router, chat_id="999").send("đợt 2 kết thúc ngày nào?")
    assert other.text != second.text or "31/12/2021" not in other.text


async def test_several_campaigns_give_buttons_and_a_pick_reasks(router: Router) -> None:
    chat = Chat(router)
    [reply] = await chat.send("phong trào thi đua năm 2021 kết thúc khi nào?")
    picks = [d for d in _datas(reply) if d.startswith("pick:")]
    assert picks, reply.text
    [again] = await chat.press(picks[0])
    assert "Nguồn:" in again.text
    assert picks[0] not in _datas(again)  # the chosen one is not offered again
    [expired] = await Chat(router, chat_id="555").press(picks[0])
    assert "hỏi lại" in expired.text


async def test_out_of_scope_is_refused_without_buttons(router: Router) -> None:
    [reply] = await Chat(router).send("giá vàng hôm nay bao nhiêu?")
    assert not any(d.startswith("remind:") for d in _datas(reply))
    assert "Nguồn:" not in reply.text


async def test_published_document_becomes_answerable(router: Router) -> None:
    now = dt.datetime(2026, 2, 26, 9, 0, tzinfo=TZ)
    admin = Chat(router, user_id="1", now=now)
    [before] = await admin.send("Cà Mau hạn đăng ký thi đua là khi nào?")
    assert "10/03/2026" not in before.text
    [preview] = await admin.send(
        content="document", document=IncomingDocument(DOC.name, DOC.read_bytes(), "text/plain")
    )
    [[publish, _]] = preview.buttons
    await admin.press(publish.data)
    [after] = await admin.send("Cà Mau hạn đăng ký thi đua là khi nào?")
    assert "10/03/2026" in after.text
    assert "45/KH-UBND" in after.text


async def test_english_chat_gets_english_frames(router: Router) -> None:
    chat = Chat(router)
    await chat.send("/caidat ngonngu en")
    [reply] = await chat.send("/deadlines")
    assert reply.text.startswith("Upcoming deadlines")
