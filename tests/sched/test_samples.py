"""End to end on the real sample documents: ingest, plan, send, with the document cited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from knowledge.documents.ingest import ingest_paths
from scheduler.dispatcher import dispatch_due
from scheduler.outbox import enqueue_launch, upcoming_reminders
from scheduler.pacing import Pacer
from scheduler.planning.run import plan_reminders
from scheduler.targets import issuer_matches
from tests.sched.memory_transport import MemoryTransport
from tests.sched.world import add_chat, local


def test_issuer_matching() -> None:
    assert issuer_matches("UBND tỉnh An Giang", "Chủ tịch UBND tỉnh An Giang")
    assert issuer_matches("ubnd tinh an giang", "Ủy ban nhân dân tỉnh An Giang")
    assert not issuer_matches("UBND tỉnh An Giang", "UBND tỉnh Bạc Liêu")
    assert not issuer_matches("", "UBND tỉnh An Giang")


async def test_reminders_from_the_sample_documents(
    sqlite_engine: Engine, samples_dir: Path
) -> None:
    results = ingest_paths(
        sqlite_engine, sorted(samples_dir.glob("*.txt")), now=local(2025, 1, 2, 9), max_bytes=10**7
    )
    assert all(r.ok for r in results)
    with Session(sqlite_engine) as s:
        ag = add_chat(s, "100", follows=[("issuer", "UBND tỉnh An Giang")])
        bl = add_chat(s, "200", follows=[("issuer", "UBND tỉnh Bạc Liêu")])
        s.commit()
        assert ag.id and bl.id
        # the 2025 An Giang plan: plans due Tue 25/02/2025, 7 working days before = Fri 14/02
        now = local(2025, 2, 14, 9)
        plan_reminders(s, now)
        s.commit()
        upcoming = upcoming_reminders(s, ag.id, now)
        assert [(u.due, u.lead) for u in upcoming][:2] == [
            (dt.date(2025, 2, 25), 7),
            (dt.date(2025, 2, 25), 3),
        ]
        assert upcoming_reminders(s, bl.id, now) == []  # Bạc Liêu's campaigns are past
    tr = MemoryTransport()
    res = await dispatch_due(
        lambda: Session(sqlite_engine), {"telegram": tr}, now, pacer=Pacer.unlimited()
    )
    assert res.sent == 1
    text = tr.texts_to("100")[0]
    assert "Thứ Ba, 25/02/2025 — còn 11 ngày (7 ngày làm việc)" in text
    assert "Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh" in text
    # this sample's header has no number or date: the citation names what is known, and the file
    assert (
        "📄 Căn cứ: Kế hoạch của Chủ tịch UBND tỉnh An Giang (003_a5b8b792df3e9a58.txt), "
        "mục VI. TỔ CHỨC THỰC HIỆN" in text
    )
    with Session(sqlite_engine) as s:
        campaign_id = next(
            r.document.campaign.id
            for r in results
            if r.document and r.document.campaign.end == dt.date(2025, 6, 30)
        )
        assert enqueue_launch(s, campaign_id, now) == 1
        s.commit()
    await dispatch_due(
        lambda: Session(sqlite_engine), {"telegram": tr}, now, pacer=Pacer.unlimited()
    )
    launch = tr.texts_to("100")[1]
    assert launch.startswith("📢 PHÁT ĐỘNG PHONG TRÀO THI ĐUA")
    assert "25/02/2025" in launch and "Chủ tịch UBND tỉnh An Giang" in launch
