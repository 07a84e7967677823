"""Fixtures of the scheduler tests: a migrated database and a session factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.db import open_database


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database (SQLite and PostgreSQL)."""
    eng = open_database(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    """A migrated SQLite database."""
    eng = open_database(sqlite_url)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> Callable[[], Session]:
    """Sessions on the migrated database."""
    return lambda: Session(engine)


@pytest.fixture
def lite(sqlite_engine: Engine) -> Callable[[], Session]:
    """Sessions on a migrated SQLite database (tests whose SQL is covered on both elsewhere)."""
    return lambda: Session(sqlite_engine)
