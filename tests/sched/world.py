"""Builders for scheduler tests: documents, campaigns, deadlines, chats in a real database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from knowledge.store.tables import (
    CampaignRow,
    DeadlineRow,
    DocumentRow,
    PhaseRow,
    RecurringReportRow,
)
from scheduler.schedule_tables import ChatRow, SubscriptionRow

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def local(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    """An aware moment in Asia/Ho_Chi_Minh."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def add_campaign(
    session: Session,
    cid: str = "c1",
    *,
    issuer: str = "UBND tỉnh An Giang",
    name: str = "Phong trào thi đua yêu nước năm 2025",
    start: dt.date | None = dt.date(2025, 1, 1),
    end: dt.date | None = dt.date(2025, 12, 31),
    status: str = "published",
    number: str = "31/KH-UBND",
) -> CampaignRow:
    """A document and its campaign."""
    doc = DocumentRow(
        id=f"d{cid}",
        source=f"{cid}.txt",
        content_hash="x",
        doc_type="Kế hoạch",
        number=number,
        issuer=issuer,
        issue_date=dt.date(2025, 1, 2),
        title=name,
        data="{}",
        ingested_at=T0,
        updated_at=T0,
    )
    camp = CampaignRow(
        id=cid,
        document_id=doc.id,
        name=name,
        kind="yearly",
        year=2025,
        start=start,
        end=end,
        issuer=issuer,
        status=status,
    )
    session.add(doc)
    session.flush()
    session.add(camp)
    session.add(
        PhaseRow(
            id=f"{cid}p1",
            campaign_id=cid,
            ord=1,
            name="Đợt 1",
            start=dt.date(2025, 1, 1),
            end=dt.date(2025, 6, 30),
        )
    )
    session.flush()
    return camp


def add_deadline(
    session: Session,
    did: str,
    due: dt.date | None,
    cid: str = "c1",
    *,
    what: str = "Gửi bản đăng ký thi đua",
    recipient: str = "Sở Nội vụ",
) -> DeadlineRow:
    """A one-off cut-off."""
    row = DeadlineRow(
        id=did,
        campaign_id=cid,
        kind="registration",
        due=due,
        date_text=due.strftime("%d/%m/%Y") if due else "",
        what=what,
        recipient=recipient,
        via="Ban Thi đua - Khen thưởng",
        quote="…",
        section="III.1",
    )
    session.add(row)
    session.flush()
    return row


def add_report(
    session: Session,
    rid: str,
    period: str,
    cid: str = "c1",
    *,
    day: int | None = None,
    month: int | None = None,
) -> RecurringReportRow:
    """A recurring report."""
    row = RecurringReportRow(
        id=rid,
        campaign_id=cid,
        period=period,
        day=day,
        month=month,
        what="Báo cáo kết quả thi đua",
        recipient="Sở Nội vụ",
        quote="…",
    )
    session.add(row)
    session.flush()
    return row


def add_chat(
    session: Session,
    chat_id: str,
    *,
    platform: str = "telegram",
    kind: str = "private",
    follows: Sequence[tuple[str, str]] = (("all", ""),),
    lead_days: str = "7,3,1,0",
    reminder_hour: int = 8,
    quiet_start: str = "21:00",
    quiet_end: str = "07:00",
) -> ChatRow:
    """An active chat with its subscriptions."""
    chat = ChatRow(
        platform=platform,
        chat_id=chat_id,
        kind=kind,
        lead_days=lead_days,
        reminder_hour=reminder_hour,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        created_at=T0,
    )
    session.add(chat)
    session.flush()
    assert chat.id is not None
    for scope, value in follows:
        session.add(SubscriptionRow(chat_pk=chat.id, scope=scope, value=value, created_at=T0))
    session.flush()
    return chat


def add_many_chats(engine: Engine, n: int, *, platform: str = "telegram", start: int = 1) -> None:
    """n chats following everything, inserted in bulk (for volume tests)."""
    from sqlalchemy import insert

    chats = [
        {
            "platform": platform,
            "chat_id": str(start + i),
            "kind": "private",
            "active": True,
            "language": "vi",
            "lead_days": "7,3,1,0",
            "reminder_hour": 8,
            "quiet_start": "21:00",
            "quiet_end": "07:00",
            "created_at": T0,
        }
        for i in range(n)
    ]
    with engine.begin() as conn:
        conn.execute(insert(ChatRow.__table__), chats)  # type: ignore[attr-defined]
        ids = [
            r[0]
            for r in conn.exec_driver_sql(
                f"SELECT id FROM chat WHERE platform = '{platform}' ORDER BY id"
            )
        ]
        conn.execute(
            insert(SubscriptionRow.__table__),  # type: ignore[attr-defined]
            [{"chat_pk": pk, "scope": "all", "value": "", "created_at": T0} for pk in ids[-n:]],
        )
