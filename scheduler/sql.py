"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from scheduler.tables import OutboxRow

CHUNK = 1000


def dialect_name(session: Session) -> str:
    """ "sqlite" or "postgresql"."""
    bind = session.get_bind()
    return bind.dialect.name


def insert_ignore(session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Insert outbox rows whose key is absent (ON CONFLICT DO NOTHING); returns how many."""
    if not rows:
        return 0
    table = table_of(OutboxRow)
    maker = postgresql.insert if dialect_name(session) == "postgresql" else sqlite.insert
    inserted = 0
    for start in range(0, len(rows), CHUNK):
        stmt = maker(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)
        result = session.execute(stmt, list(rows[start : start + CHUNK]))
        inserted += len(result.all())
    return inserted


def table_of(model: type[Any]) -> Table:
    """The Core table of a SQLModel class (typed columns for queries)."""
    return cast(Table, model.__table__)
