"""Inserting the wanted reminder rows: executemany for a few, one INSERT … SELECT for many.

The bulk path has a SQLite and a PostgreSQL variant (temporary tables filled by executemany or
COPY, a larger page cache or work_mem, ON CONFLICT or NOT EXISTS under an advisory lock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from scheduler.planning.context import PlanContext
from scheduler.planning.desired import REMINDER_PRIORITY, desired_rows, wanted_times
from scheduler.planning.times import Profile
from scheduler.schedule_tables import PENDING
from scheduler.sql import INSERT_COLUMNS, dialect_name, insert_ignore_values, value_converter
from scheduler.targets import Target

BULK = 20_000  # rows from which the database builds them (insert_desired)
SQLITE_BULK_CACHE_KB = 65_536  # page cache while a bulk insert grows the outbox indexes
PLAN_LOCK_KEY = 0x7468_6964_7570  # "thidup": serialises bulk planners on PostgreSQL
PG_BULK_WORK_MEM_MB = 256  # PostgreSQL's memory for the bulk insert's hash joins


def insert_desired(
    session: Session, ctx: PlanContext, horizon: dt.timedelta, after: dt.datetime | None = None
) -> int:
    """Insert-if-absent every reminder of `ctx` due within the horizon (planned for later
    than `after`, when given); returns how many rows were inserted.

    Few rows: built here and inserted with executemany. Many (a first plan, a campaign
    published to every chat): the database joins three small temporary tables — reminder
    times per cut-off and settings profile, followers per campaign, chats with their profile
    — and inserts the product in one INSERT … SELECT, so no row travels through Python.
    """
    by_profile, wanted = wanted_times(ctx, horizon, after)
    estimate = sum(len(w) * len(ctx.following(t.campaign_id)) for t, _, w in wanted)
    if estimate < BULK:
        rows = desired_rows(ctx, horizon, value_converter(session), after)
        return insert_ignore_values(session, list(rows.values()))
    conv = value_converter(session)
    _fill_plan_tables(session, ctx, list(by_profile), wanted, conv)
    return _insert_select(session, conv(ctx.now))


def _fill_plan_tables(
    session: Session,
    ctx: PlanContext,
    profiles: list[Profile],
    wanted: list[tuple[Target, Profile, list[tuple[int, dt.datetime]]]],
    conv: Callable[[Any], Any],
) -> None:
    """The three temporary tables the bulk insert joins: times, followers, chats."""
    prof_ids = {profile: i for i, profile in enumerate(profiles)}
    # the idempotency key is built from two halves (reminder_key's "reminder:{ref}:{lead}:"
    # per time, "{platform}:{pk}" per chat): one concatenation per row on the server
    times = [
        (t.ref_id, t.campaign_id, conv(t.due), lead, conv(at), prof_ids[profile],
         f"reminder:{t.ref_id}:{lead}:")
        for t, profile, items in wanted
        for lead, at in items
    ]  # fmt: skip
    campaigns = {t.campaign_id for t, _, _ in wanted}
    follow = [
        (cid, pk) for cid in sorted(campaigns) for pk in ctx.following(cid) if pk in ctx.chats
    ]
    chats = [(c.pk, c.platform, prof_ids[c.profile], f"{c.platform}:{c.pk}")
             for c in ctx.chats.values()]  # fmt: skip
    sqlite = dialect_name(session) == "sqlite"
    date_t, time_t = ("TEXT", "TEXT") if sqlite else ("date", "timestamptz")
    _fill(session, "plan_times", f"ref_id TEXT, campaign_id TEXT, due {date_t}, lead INTEGER, "
          f"at {time_t}, prof INTEGER, key_head TEXT", times)  # fmt: skip
    _fill(session, "plan_follow", "campaign_id TEXT, pk INTEGER", follow)
    _fill(session, "plan_chat", "pk INTEGER, platform TEXT, prof INTEGER, key_tail TEXT", chats)


def _insert_select(session: Session, now_v: Any) -> int:
    """The outbox rows of the temporary tables' product, in one INSERT … SELECT."""
    sqlite = dialect_name(session) == "sqlite"
    key = "t.key_head || c.key_tail"
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar() if sqlite else None
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KB}")
    else:
        # hash joins in memory (the default 4 MB spilled to disk at 1.2 M rows); SET LOCAL
        # ends with the planning transaction
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{PG_BULK_WORK_MEM_MB}MB'")
        # One bulk planner at a time (until this transaction ends): the insert below skips
        # existing keys with NOT EXISTS, which sees what an earlier planner committed but not
        # what a concurrent one is inserting.
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PLAN_LOCK_KEY})")
    # SQLite: rows sorted by key go into its b-trees in order, duplicates skipped by ON
    # CONFLICT. PostgreSQL: NOT EXISTS instead of ON CONFLICT's speculative insertion, and no
    # sort (the two cost ~2 s and ~1.5 s of the server's CPU at 1.2 M rows).
    skip = (
        "ORDER BY 1 ON CONFLICT (key) DO NOTHING"
        if sqlite
        else f"AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.key = {key})"
    )
    try:
        result = conn.exec_driver_sql(
            f"INSERT INTO outbox ({', '.join(INSERT_COLUMNS)}) "
            f"SELECT {key}, 'reminder', {REMINDER_PRIORITY}, c.pk, c.platform, t.campaign_id, "
            f"t.ref_id, t.lead, t.due, NULL, '{PENDING}', t.at, t.at, 0, 0, 0, %(now)s, %(now)s "
            "FROM plan_times t JOIN plan_follow f ON f.campaign_id = t.campaign_id "
            "JOIN plan_chat c ON c.pk = f.pk AND c.prof = t.prof "
            "WHERE NOT EXISTS (SELECT 1 FROM reminder_done d "
            "WHERE d.chat_pk = c.pk AND d.ref_id = t.ref_id) "
            "AND NOT EXISTS (SELECT 1 FROM chat_unit u JOIN unit_submission s "
            f"ON s.unit_id = u.unit_id WHERE u.chat_pk = c.pk AND s.ref_id = t.ref_id) {skip}"
            .replace("%(now)s", "?" if sqlite else "%(now)s"),
            (now_v, now_v) if sqlite else {"now": now_v},
        )
    finally:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")
    return max(int(result.rowcount), 0)


def _fill(session: Session, name: str, columns: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """A temporary table of this connection, emptied and filled with `rows`."""
    conn = session.connection()
    conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
    conn.exec_driver_sql(f"DELETE FROM {name}")
    if not rows:
        return
    if dialect_name(session) == "sqlite":
        marks = ", ".join("?" * len(rows[0]))
        conn.exec_driver_sql(f"INSERT INTO {name} VALUES ({marks})", list(rows))
        return
    raw: Any = conn.connection.dbapi_connection
    with raw.cursor() as cur, cur.copy(f"COPY {name} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    # statistics for the join: unanalysed, the planner guessed ~20,000 rows for 1.2 M and
    # sort-merged them (two sorts of the whole product instead of hash joins)
    conn.exec_driver_sql(f"ANALYZE {name}")
