"""The schema upgrades itself on SQLite and PostgreSQL, and twice is harmless."""

from __future__ import annotations

from sqlalchemy import inspect

from bot.db import normalise_url, open_database


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
