"""Fixtures for the conversation tests: a real SQLite database, a Router, message builders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.db import open_database
from bot.telegram.render import start_link as telegram_start_link
from bot.zalo.incoming import START_LINK as ZALO_START_LINK
from handlers.messages import Incoming, Reply
from handlers.router import Router
from handlers.services import KnowledgeHolder, Services
from knowledge.store.tables import CampaignRow, DeadlineRow, DocumentRow, PhaseRow

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2025, 2, 20, 9, 30, tzinfo=TZ)


def add_campaign(
    engine: Engine,
    cid: str,
    *,
    name: str,
    issuer: str,
    start: dt.date | None,
    end: dt.date | None,
    phases: list[tuple[str, dt.date, dt.date]] = (),  # type: ignore[assignment]
    deadlines: list[tuple[str, str, dt.date, str]] = (),  # type: ignore[assignment]
    number: str | None = None,
) -> None:
    """Store one published campaign with its document, phases and deadlines."""
    with Session(engine) as s:
        s.add(
            DocumentRow(
                id=f"d{cid}",
                source=f"{cid}.txt",
                content_hash=cid,
                status="published",
                doc_type="Kế hoạch",
                number=number,
                issuer=issuer,
                issue_date=start,
                title=name,
                data="{}",
                ingested_at=NOW,
                updated_at=NOW,
            )
        )
        s.flush()
        s.add(
            CampaignRow(
                id=cid,
                document_id=f"d{cid}",
                name=name,
                kind="yearly",
                year=start.year if start else None,
                start=start,
                end=end,
                issuer=issuer,
            )
        )
        s.flush()
        for i, (pname, pstart, pend) in enumerate(phases):
            s.add(
                PhaseRow(
                    id=f"{cid}p{i}", campaign_id=cid, ord=i, name=pname, start=pstart, end=pend
                )
            )
        for i, (kind, what, due, recipient) in enumerate(deadlines):
            s.add(
                DeadlineRow(
                    id=f"{cid}d{i}",
                    campaign_id=cid,
                    kind=kind,
                    due=due,
                    date_text=due.strftime("%d/%m/%Y"),
                    what=what,
                    recipient=recipient,
                    quote=f"{what} trước ngày {due:%d/%m/%Y}.",
                    section="IV. TỔ CHỨC THỰC HIỆN",
                )
            )
        s.commit()


def seed_two_campaigns(engine: Engine) -> None:
    """Two campaigns around 20/02/2025: a running special one and an ended yearly one."""
    add_campaign(
        engine,
        "ag2025",
        name="Phong trào thi đua đặc biệt chào mừng 50 năm Giải phóng miền Nam",
        issuer="UBND tỉnh An Giang",
        start=dt.date(2025, 1, 15),
        end=dt.date(2025, 6, 30),
        number="12/KH-UBND",
        phases=[
            ("Đợt 1", dt.date(2025, 1, 15), dt.date(2025, 4, 30)),
            ("Đợt 2", dt.date(2025, 5, 1), dt.date(2025, 6, 30)),
        ],
        deadlines=[
            ("plan_submission", "Gửi kế hoạch triển khai", dt.date(2025, 2, 25), "Sở Nội vụ"),
            ("final_report", "Báo cáo tổng kết", dt.date(2025, 7, 31), "Ban Thi đua"),
        ],
    )
    add_campaign(
        engine,
        "db2022",
        name="Phong trào thi đua năm 2022 tỉnh Điện Biên",
        issuer="UBND tỉnh Điện Biên",
        start=dt.date(2022, 1, 1),
        end=dt.date(2022, 12, 31),
        number="02/CT-UBND",
        deadlines=[("registration", "Đăng ký thi đua", dt.date(2022, 3, 1), "Sở Nội vụ")],
    )


class Chat:
    """Sends messages through the real Router as one chat and user."""

    def __init__(self, router: Router, **defaults: Any) -> None:
        self.router = router
        self.defaults = {
            "platform": "telegram",
            "chat_id": "100",
            "user_id": "7",
            "chat_kind": "private",
            "now": NOW,
        } | defaults

    def incoming(self, **fields: Any) -> Incoming:
        """An Incoming with this chat's defaults, and its platform's start link as the
        platform's adapter sets it."""
        values = self.defaults | fields
        if "start_link" not in values:
            if values["platform"] == "telegram":
                values["start_link"] = telegram_start_link(values.get("bot_username"))
            elif values["platform"] == "zalo":
                values["start_link"] = ZALO_START_LINK
        return Incoming(**values)

    async def send(self, text: str = "", **fields: Any) -> list[Reply]:
        """Send text (or other fields) and return the replies."""
        return await self.router.handle(self.incoming(text=text, **fields))

    async def press(self, data: str, **fields: Any) -> list[Reply]:
        """Press a button."""
        return await self.router.handle(self.incoming(callback_data=data, **fields))


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """A migrated SQLite database."""
    eng = open_database(sqlite_url)
    yield eng
    eng.dispose()


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """The database with two hand-made campaigns."""
    seed_two_campaigns(engine)
    return engine


def _placeholder_kb(previous: Any = None) -> Any:
    """Stands in for the knowledge base where a test asks no question (counts rebuilds)."""
    return object()


@pytest.fixture
def make_router(seeded: Engine) -> Callable[..., Router]:
    """A Router over the seeded database (kb loader configurable)."""

    def make(**kw: Any) -> Router:
        services = Services(
            engine=seeded,
            kb=KnowledgeHolder(kw.pop("kb_loader", _placeholder_kb)),
            admins={("telegram", "1")},
            tz=TZ,
            **kw,
        )
        return Router(services)

    return make


@pytest.fixture
def router(make_router: Callable[..., Router]) -> Router:
    """The default Router (bot admin: telegram user 1)."""
    return make_router()


@pytest.fixture
def chat(router: Router) -> Chat:
    """A private Telegram chat with an ordinary user."""
    return Chat(router)
