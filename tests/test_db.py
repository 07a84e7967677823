"""The schema upgrades itself on SQLite and PostgreSQL, and twice is harmless."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from bot.db import SQLITE_CHECKPOINT_PAGES, SQLITE_MMAP_BYTES, normalise_url, open_database


def test_upgrade_creates_tables_and_is_idempotent(db_url: str) -> None:
    engine = open_database(db_url)
    open_database(db_url)  # a second start changes nothing
    names = set(inspect(engine).get_table_names())
    assert {"document", "campaign", "deadline", "chat", "subscription"} <= names
    engine.dispose()


def test_normalise_url_uses_psycopg3() -> None:
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_migrations_match_the_table_models(db_url: str) -> None:
    """What Alembic builds is what the SQLModel tables declare (columns, indexes, keys)."""
    import bot.edge_tables  # noqa: F401  (every table module registers its tables)
    import handlers.conversation_tables  # noqa: F401
    import knowledge.store.tables  # noqa: F401
    import scheduler.schedule_tables  # noqa: F401

    engine = open_database(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_sqlite_files_are_memory_mapped_with_wal(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == SQLITE_MMAP_BYTES
        checkpoint = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert checkpoint == SQLITE_CHECKPOINT_PAGES
    engine.dispose()
