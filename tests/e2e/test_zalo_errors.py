"""An unexpected error while the Zalo adapter handles one message: apology, recorded once."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import platform_texts
from bot.db import open_database
from bot.edge_tables import HandledUpdate
from tests.e2e.echo_router import FailingRouter
from tests.e2e.test_zalo_edge import USER, running
from tests.fakes.zalo_api import FakeZalo


@pytest.fixture
async def zl() -> AsyncIterator[FakeZalo]:
    async with FakeZalo(max_poll_wait=0.2) as fake:
        yield fake


async def test_unexpected_error_apologises_and_is_not_retried(
    zl: FakeZalo, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine: Engine = open_database(sqlite_url)
    router = FailingRouter()
    with caplog.at_level(logging.ERROR):
        async with running(zl, engine, router):
            mid = zl.push_text(USER, "boom")
            await zl.wait_for(lambda: zl.sent_to(USER))
            await zl.wait_for(lambda: not zl.pending)
        zl.requeue_served()  # Zalo hands it out again after a restart
        async with running(zl, engine, router):
            zl.push_text(USER, "sau đó")
            await zl.wait_for(lambda: len(zl.sent_to(USER)) == 2)
            await zl.wait_for(lambda: not zl.pending)
    texts = [s.text for s in zl.sent_to(USER)]
    assert texts[0] == platform_texts.SORRY and texts[1].endswith("sau đó & hết")
    assert [i.text for i in router.seen] == ["boom", "sau đó"]
    assert any(str(mid) in r.getMessage() for r in caplog.records if "failed" in r.getMessage())
    with Session(engine) as s:
        keys = s.execute(select(HandledUpdate.update_key)).scalars().all()  # type: ignore
    assert str(mid) in keys and len(keys) == 2
    engine.dispose()
