"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, literal_column
from sqlalchemy.orm import Session

CHUNK = 2000
# Every column an outbox insert gives (the rest keep their NULL defaults).
INSERT_COLUMNS = (
    "key", "kind", "priority", "chat_pk", "platform", "campaign_id", "ref_id", "lead", "due",
    "text", "status", "send_at", "next_attempt_at", "attempts", "possible_sends", "migrations",
    "created_at", "updated_at",
)  # fmt: skip


def is_launch(table: Table) -> ColumnElement[bool]:
    """`kind = 'launch'` with the literal in the SQL, so the partial index ix_outbox_launch
    always serves it (a generic PostgreSQL plan cannot prove a parameter equals 'launch')."""
    return table.c.kind == literal_column("'launch'")


def table_of(model: type[Any]) -> Table:
    """The Core table of a SQLModel class (typed columns for queries)."""
    return cast(Table, model.__table__)


def dialect_name(session: Session) -> str:
    """ "sqlite" or "postgresql"."""
    return session.get_bind().dialect.name


def _sqlite_value(value: Any, cache: dict[Any, Any]) -> Any:
    """The value as SQLAlchemy's SQLite types store it (UTC datetimes as fixed-width text)."""
    if isinstance(value, dt.datetime):
        found = cache.get(value)
        if found is None:
            utc = value.astimezone(dt.UTC)
            found = cache[value] = utc.strftime("%Y-%m-%d %H:%M:%S.%f")
        return found
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def value_converter(session: Session) -> Callable[[Any], Any]:
    """Turns Python values into what the driver is given for this database."""
    if dialect_name(session) == "postgresql":
        return lambda value: value
    cache: dict[Any, Any] = {}
    return lambda value: _sqlite_value(value, cache)


def insert_ignore(session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Insert outbox rows (dicts) whose key is absent; returns how many were inserted."""
    for row in rows:
        for name in ("send_at", "next_attempt_at", "created_at", "updated_at"):
            if row[name].tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")
    conv = value_converter(session)
    return insert_ignore_values(
        session, [tuple(conv(row[c]) for c in INSERT_COLUMNS) for row in rows]
    )


def insert_ignore_values(session: Session, rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert outbox rows given as driver-ready tuples in INSERT_COLUMNS order (ON CONFLICT
    (key) DO NOTHING); returns how many were inserted.

    Planning inserts up to hundreds of thousands of rows, so this goes straight to the driver's
    executemany: SQLAlchemy's per-value type processing cost more than the database itself.
    Values must be stored exactly as the ORM stores them: use `value_converter`.
    """
    if not rows:
        return 0
    mark = "%s" if dialect_name(session) == "postgresql" else "?"
    cols = ", ".join(INSERT_COLUMNS)
    marks = ", ".join([mark] * len(INSERT_COLUMNS))
    sql = f"INSERT INTO outbox ({cols}) VALUES ({marks}) ON CONFLICT (key) DO NOTHING"
    conn = session.connection()
    inserted = 0
    for start in range(0, len(rows), CHUNK):
        result = conn.exec_driver_sql(sql, list(rows[start : start + CHUNK]))
        inserted += max(int(result.rowcount), 0)
    return inserted
